from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from posts import feeds, views
from posts.links import DAY, MONTH, YEAR
from posts.sitemaps import SITEMAPS
from posts.tagging import follow_old_tag_slug

app_name = "posts"

# The old WordPress "day and name" addresses (YEAR, MONTH, DAY: posts/links.py).
PAGE = r"page/(?P<page>[0-9]+)/"

urlpatterns = [
    path("", views.PostIndexView.as_view(), name="index"),
    path("page/<int:page>/", views.PostIndexView.as_view(), name="index"),
    path("search/", views.PostSearchView.as_view(), name="search"),
    path("drafts/<int:pk>/", views.PostDraftPreviewView.as_view(), name="draft"),
    path(
        "sitemap.xml",
        sitemap,
        # Django's own template gives dates only; crawlers do better with the time of an edit.
        {"sitemaps": SITEMAPS, "template_name": "posts/sitemap.xml"},
        name="sitemap",
    ),
    path("feed/", feeds.LatestPostsFeed.as_view(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed.as_view(), name="feed-atom"),
    path("tag/<str:slug>/feed/", follow_old_tag_slug(feeds.TagFeed.as_view()), name="tag-feed"),
    path(
        "tag/<str:slug>/feed/atom/",
        follow_old_tag_slug(feeds.TagAtomFeed.as_view()),
        name="tag-feed-atom",
    ),
    path("author/<str:username>/feed/", feeds.AuthorFeed.as_view(), name="author-feed"),
    path(
        "author/<str:username>/feed/atom/", feeds.AuthorAtomFeed.as_view(), name="author-feed-atom"
    ),
    path("tag/<str:slug>/", follow_old_tag_slug(views.PostTagView.as_view()), name="tag"),
    path(
        "tag/<str:slug>/page/<int:page>/",
        follow_old_tag_slug(views.PostTagView.as_view()),
        name="tag",
    ),
    path("author/<str:username>/", views.PostAuthorView.as_view(), name="author"),
    path("author/<str:username>/page/<int:page>/", views.PostAuthorView.as_view(), name="author"),
    re_path(rf"^{YEAR}/$", views.PostYearArchiveView.as_view(), name="archive-year"),
    re_path(rf"^{YEAR}/{PAGE}$", views.PostYearArchiveView.as_view(), name="archive-year"),
    re_path(rf"^{YEAR}/{MONTH}/$", views.PostMonthArchiveView.as_view(), name="archive-month"),
    re_path(
        rf"^{YEAR}/{MONTH}/{PAGE}$", views.PostMonthArchiveView.as_view(), name="archive-month"
    ),
    re_path(rf"^{YEAR}/{MONTH}/{DAY}/$", views.PostDayArchiveView.as_view(), name="archive-day"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/{PAGE}$", views.PostDayArchiveView.as_view(), name="archive-day"
    ),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[^/]+)/$",
        views.PostDetailView.as_view(),
        name="detail",
    ),
]
