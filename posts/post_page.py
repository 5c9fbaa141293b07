"""What a post's page shows around the post, for the post's view and for pages built on it.

comments/views.py shows the post page again with a comment form's errors: it uses this rather than
posts.views, so that comments never imports posts' views (pyproject.toml's contracts).
"""

from django.db import connection

from posts.models import Post

POST_PAGE_TEMPLATE = "posts/post_detail.html"


def post_page_context(post):
    """Return the posts before and after this one, as readers see them (none for a draft)."""
    if post.published_at is None:
        return {}
    published = Post.objects.published().only("title", "slug", "published_at")
    before = published.filter(published_at__lt=post.published_at).order_by("-published_at", "-id")
    after = published.filter(published_at__gt=post.published_at).order_by("published_at", "id")
    if connection.features.supports_slicing_ordering_in_compound:
        # Both in one query on PostgreSQL; SQLite allows no LIMIT inside a UNION.
        found = list(before[:1].union(after[:1], all=True))
    else:
        found = [*before[:1], *after[:1]]
    return {
        "previous_post": next((p for p in found if p.published_at < post.published_at), None),
        "next_post": next((p for p in found if p.published_at > post.published_at), None),
    }
