from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils.html import Urlizer
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from comments.models import Comment, shown_to_readers
from comments.selectors import comment_threads_for
from comments.services import comments_are_open
from pagecache.version import content_version
from posts.models import Post

register = template.Library()


class CommentUrlizer(Urlizer):
    # Links in comments are not endorsed by the council and must not reach back to this page.
    url_template = '<a href="{href}" rel="nofollow noopener"{attrs}>{url}</a>'


urlize_comment = CommentUrlizer()


@register.filter(is_safe=True)
def comment_text(value):
    """Render plain comment text as HTML: escaped, links clickable, line breaks kept."""
    linked = urlize_comment(str(value), autoescape=True)
    return linebreaks_filter(mark_safe(linked), autoescape=False)  # noqa: S308


def count_label(count):
    if count == 0:
        return "No Comments"
    return "1 Comment" if count == 1 else f"{count} Comments"


@register.inclusion_tag("comments/_count_link.html")
def comment_count_link(post):
    """Render a list entry's link to its comments: a count, or "Comments Closed"."""
    count = getattr(post, "approved_comment_count", None)
    if count is None:
        # Lists built with Post.objects.for_listing() carry the count; others pay one query.
        count = post.comments.filter(shown_to_readers()).count()
    label = "Comments Closed" if count == 0 and not comments_are_open(post) else count_label(count)
    return {"post": post, "label": label}


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comments_section(context, post):
    """Render a post's comments, and the form or the notice that comments are closed."""
    request = context["request"]
    user = request.user
    is_open = comments_are_open(post)
    form = context.get("comment_form")
    reply_wanted = request.GET.get("replyto", "")
    shared = _shared_threads(request, post, is_open) if form is None and not reply_wanted else None
    if shared is not None:
        threads_html, approved_count = shared
        threads = None
    else:
        threads, approved_count = comment_threads_for(post=post, user=user)
    if form is None and is_open and user.is_authenticated:
        form = CommentForm(post=post, user=user)
        form.reply_to = _reply_target(threads or [], reply_wanted)
    if threads is not None:
        threads_html = _render_threads(threads, is_open=is_open, form=form)
    return {
        "post": post,
        "threads_html": threads_html,
        "heading": count_label(approved_count),
        "is_open": is_open,
        "form": form,
        "reply_to": form.reply_to if form is not None else None,
        "user": user,
        "request": request,
    }


def _render_threads(threads, *, is_open, form):
    return render_to_string(
        "comments/_threads.html", {"threads": threads, "is_open": is_open, "form": form}
    )


def _shared_threads(request, post, is_open):
    """Return (HTML, count) of the comments every signed-in reader sees alike, or None.

    A reader with comments of their own awaiting moderation sees those too, so theirs is
    rendered for them alone. The key holds the content version, which every comment change
    renews, so a new, approved or removed comment shows at once.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    _, pending_authors = _post_and_pending_authors(request, post.pk, post)
    if user.pk in pending_authors:
        return None
    token, _ = content_version(request)
    key = f"pagecache:comments:{token}:{post.pk}:{int(is_open)}"
    stored = cache.get(key)
    if stored is None:
        threads, approved_count = comment_threads_for(post=post, user=AnonymousUser())
        # Signed-in readers of an open post get the reply links, as with a form of their own.
        html = _render_threads(threads, is_open=is_open, form=is_open or None)
        stored = (html, approved_count)
        cache.set(key, stored, settings.CEOBLOG_PAGE_CACHE_SECONDS or None)
    html, approved_count = stored
    return mark_safe(html), approved_count  # noqa: S308  (our template, escaped there)


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comments_section_for(context, post_id):
    """Render the comments of the post with this id for the requesting user.

    Used as a per-user hole in cached post pages: the comments differ per reader (their own
    comments awaiting moderation, the form, the official-reply choice).
    """
    post = context.get("post")
    if post is None or post.pk != post_id:
        post = _post_for_hole(context["request"], post_id)
    return comments_section(context, post)


def _post_for_hole(request, post_id):
    post, _ = _post_and_pending_authors(request, post_id)
    return post


def _post_and_pending_authors(request, post_id, post=None):
    """Return the post and the ids of people with comments on it awaiting moderation.

    Kept under the content version, which any change to the post or its comments renews: a
    cached page then fills its comments without reading the database.
    """
    token, _ = content_version(request)
    key = f"pagecache:comments-post:{token}:{post_id}"
    stored = cache.get(key)
    if stored is None:
        if post is None:
            post = Post.objects.get(pk=post_id)
        pending = Comment.objects.filter(post_id=post_id, status=Comment.Status.PENDING)
        stored = (post, frozenset(pending.values_list("author_id", flat=True)))
        cache.set(key, stored, settings.CEOBLOG_PAGE_CACHE_SECONDS or None)
    return stored


def _reply_target(threads, wanted):
    for thread in threads:
        if str(thread.comment.pk) == wanted and thread.comment.status == Comment.Status.APPROVED:
            return thread.comment
    return None


@register.simple_tag(takes_context=True)
def pending_comment_count(context):
    """Return how many comments wait for moderation, or None for someone who cannot moderate."""
    user = context["request"].user
    if not user.has_perm("comments.change_comment"):
        return None
    return Comment.objects.filter(status=Comment.Status.PENDING).count()
