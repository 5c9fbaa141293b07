from django.urls import path, re_path

from comments import feeds, views
from posts.links import POST_ADDRESS

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:post_id>/", views.comment_create_view, name="create"),
    # Each post's comments, under the post's own address.
    re_path(rf"^{POST_ADDRESS}feed/$", feeds.PostCommentsFeed.as_view(), name="feed"),
    re_path(rf"^{POST_ADDRESS}feed/atom/$", feeds.PostCommentsAtomFeed.as_view(), name="feed-atom"),
]
