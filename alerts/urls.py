from django.urls import path

from alerts import media, views
from posts import feeds
from posts.tagging import follow_old_tag_slug

app_name = "alerts"

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/feed-address/", views.feed_address, name="feed-address"),
    path("follow/email/", views.email_alerts, name="email-alerts"),
    path("follow/comment-emails/", views.comment_emails, name="comment-emails"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "alerts/stop/<str:kind>/<str:token>/",
        views.comment_unsubscribe,
        name="comment-unsubscribe",
    ),
    path(
        "feed/private/<str:token>/",
        views.private_feed(feeds.LatestPostsFeed.as_view()),
        name="private-feed",
    ),
    path(
        "feed/private/<str:token>/atom/",
        views.private_feed(feeds.LatestPostsAtomFeed.as_view()),
        name="private-feed-atom",
    ),
    path(
        "feed/private/<str:token>/tag/<str:slug>/",
        views.private_feed(follow_old_tag_slug(feeds.TagFeed.as_view())),
        name="private-tag-feed",
    ),
    path(
        "feed/private/<str:token>/tag/<str:slug>/atom/",
        views.private_feed(follow_old_tag_slug(feeds.TagAtomFeed.as_view())),
        name="private-tag-feed-atom",
    ),
    path(
        "feed/private/<str:token>/media/<path:path>",
        media.private_media,
        name="private-media",
    ),
]
