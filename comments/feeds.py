"""The RSS 2.0 and Atom feeds of the comments readers see on a post, with conditional GET."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils.html import escape, linebreaks

from comments.models import Comment, shown_to_readers
from posts.feeds import FEED_ITEMS, ConditionalFeed, ContentAtomFeed, display_name, feed_id
from posts.links import absolute_url
from posts.models import Post


class PostCommentsFeed(ConditionalFeed):
    """The comments readers can see on one published post, oldest first."""

    item_guid_is_permalink = False

    def get_object(self, request, year, month, day, slug):
        try:
            on_day = date(int(year), int(month), int(day))
        except ValueError:
            on_day = None
        return get_object_or_404(Post.objects.published(), slug=slug, published_on=on_day)

    def versions(self, post):
        return Comment.objects.filter(shown_to_readers(), post=post)

    def version_dates(self, versions):
        # Approving an old comment adds it without a new created_at: moderated_at dates that.
        totals = versions.aggregate(
            created=Max("created_at"), moderated=Max("moderated_at"), count=Count("pk")
        )
        latest = max(filter(None, [totals["created"], totals["moderated"]]), default=None)
        return latest, totals["count"]

    def items(self, post):
        return (
            self.versions(post)
            .select_related("author", "post")
            .order_by("-created_at", "-id")[:FEED_ITEMS]
        )

    def title(self, post):
        return f"Comments on ‘{post.title}’"

    def description(self, post):
        return f"Comments from readers of ‘{post.title}’ on {settings.CEOBLOG_TITLE}."

    subtitle = description

    def link(self, post):
        return absolute_url(post.get_absolute_url())

    def feed_guid(self, post):
        return feed_id("feed/comments", post.pk)

    def item_title(self, comment):
        return f"Comment by {display_name(comment.author)}"

    def item_description(self, comment):
        return linebreaks(escape(comment.body))

    def item_link(self, comment):
        return absolute_url(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")

    def item_guid(self, comment):
        return feed_id("comment", comment.pk)

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return display_name(comment.author)


class PostCommentsAtomFeed(PostCommentsFeed):
    feed_type = ContentAtomFeed
