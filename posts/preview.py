"""Show a post as readers would see it, from a form's unsaved values, changing nothing."""

from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from posts.models import Post

TEMPLATE = "posts/post_detail.html"


def preview_response(request, *, form, stored):
    """Render the reader's post page from the form's values, under a "not published" banner.

    The values are written inside a transaction that is then rolled back, so the page is the
    reader's own template with tags, photo and links, and nothing is saved or published.
    """
    form.is_valid()  # Fills form.instance with every value that is valid; the rest are left out.
    post = form.instance
    chosen = form.cleaned_data.get("published_at")
    shown_at = chosen or (stored.published_at if stored else None)
    with transaction.atomic():
        # As a dateless draft the post takes no day's slug and no reader's list.
        post.status = Post.Status.DRAFT
        post.published_at = None
        if post.author_id is None:
            post.author = request.user
        post.save()
        if "tags" in form.cleaned_data:
            post.tags.set(form.cleaned_data["tags"])
        post.published_at = shown_at
        post.published_on = post.local_published_on()
        response = TemplateResponse(
            request, TEMPLATE, {"post": post, "object": post, "is_preview": True}
        )
        response.render()
        transaction.set_rollback(True)
    add_never_cache_headers(response)
    return response
