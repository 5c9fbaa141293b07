from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from comments.models import Comment, shown_to_readers
from comments.rendering import comment_text, threads_html
from comments.selectors import comment_threads_for, recent_comments
from comments.services import can_post_official_reply, comments_are_open
from pagecache.holes import CSRF, Markers, csrf_token_for, fill
from pagecache.recent import recent_get_many, recent_set
from pagecache.version import content_version
from posts.models import Post

register = template.Library()

_NAME = "name"


register.filter("comment_text", comment_text, is_safe=True)


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


def _section_context(request, post, *, form=None, csrf_token=None, commenter_name=None):
    """Return the context of comments/_section.html: the comments, then the form or a notice."""
    user = request.user
    is_open = comments_are_open(post)
    reply_wanted = request.GET.get("replyto", "")
    # With the page cache off nothing is shared: the reader's threads are read in one query.
    sharing = settings.CEOBLOG_PAGE_CACHE_SECONDS and form is None and not reply_wanted
    shared = _shared_threads(request, post, is_open) if sharing else None
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
    if commenter_name is None and user.is_authenticated:
        commenter_name = _commenter_name(user)
    return {
        "post": post,
        "threads_html": threads_html,
        # Approved ones, or the reader's own awaiting moderation.
        "has_comments": bool(threads_html.strip()),
        "heading": count_label(approved_count),
        "is_open": is_open,
        "form": form,
        "reply_to": form.reply_to if form is not None else None,
        "commenter_name": commenter_name,
        "user": user,
        "request": request,
        "csrf_token": csrf_token,
    }


def _commenter_name(user):
    return user.get_full_name() or user.get_username()


def _render_threads(threads, *, is_open, form):
    return threads_html(threads, reply_links=bool(is_open and form))


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
    parts = _cached_parts(request, post.pk)
    stored = parts.found.get(parts.keys[is_open])
    if stored is None:
        threads, approved_count = comment_threads_for(post=post, user=AnonymousUser())
        # Signed-in readers of an open post get the reply links, as with a form of their own.
        html = _render_threads(threads, is_open=is_open, form=is_open or None)
        stored = parts.store(is_open, (html, approved_count))
    html, approved_count = stored
    return mark_safe(html), approved_count  # noqa: S308  (our template, escaped there)


@register.simple_tag(takes_context=True)
def comments_section_for(context, post_id):
    """Render the comments of the post with this id for the requesting user.

    Used as a per-user hole in cached post pages: the comments differ per reader (their own
    comments awaiting moderation, the form, the official-reply choice). Filling the hole for a
    reader with nothing of their own (no held comment, no form with errors, no reply chosen),
    the whole section is shared too: cached for open or closed comments and with or without
    the official-reply box, with the reader's name and token put in per request (at markers
    random for each stored section, so no comment's text can be taken for one).
    """
    request = context["request"]
    post = context.get("post")
    if post is None or post.pk != post_id:
        post = _post_for_hole(request, post_id)
    form, csrf_token = context.get("comment_form"), context.get("csrf_token")
    user = request.user
    if (
        context.get("per_user_hole")
        and form is None
        and user.is_authenticated
        and not request.GET.get("replyto")
        and user.pk not in _post_and_pending_authors(request, post.pk, post)[1]
    ):
        is_open = comments_are_open(post)
        part = ("section", is_open, is_open and can_post_official_reply(user))
        parts = _cached_parts(request, post.pk)
        pieces = parts.found.get(parts.keys[part])
        if pieces is None:
            markers = Markers()
            section = _section_context(
                request,
                post,
                csrf_token=markers.marker(CSRF),
                commenter_name=markers.marker(_NAME),
            )
            html = render_to_string("comments/_section.html", section)
            pieces = parts.store(part, markers.split(html))
        values = {CSRF: csrf_token_for(request), _NAME: conditional_escape(_commenter_name(user))}
        return mark_safe(fill(pieces, values.__getitem__))  # noqa: S308
    section = _section_context(request, post, form=form, csrf_token=csrf_token)
    return render_to_string("comments/_section.html", section)


def _post_for_hole(request, post_id):
    post, _ = _post_and_pending_authors(request, post_id)
    return post


def _post_and_pending_authors(request, post_id, post=None):
    """Return the post and the ids of people with comments on it awaiting moderation.

    Kept under the content version, which any change to the post or its comments renews: a
    cached page then fills its comments without reading the database.
    """
    parts = _cached_parts(request, post_id)
    stored = parts.found.get(parts.keys["post"])
    if stored is None:
        if post is None:
            post = Post.objects.get(pk=post_id)
        pending = Comment.objects.filter(post_id=post_id, status=Comment.Status.PENDING)
        stored = parts.store("post", (post, frozenset(pending.values_list("author_id", flat=True))))
    return stored


class _CachedParts:
    """A post's cached comment parts under this content version, fetched in one cache call."""

    def __init__(self, token, post_id):
        # ":2": sections are stored split at their markers (pagecache/holes.py) since then.
        prefix = f"pagecache:comments:2:{token}:{post_id}"
        # The post with who has held comments, and the shared threads for open and closed.
        self.keys = {"post": f"{prefix}:post", True: f"{prefix}:1", False: f"{prefix}:0"}
        # The whole section, for a reader with nothing of their own in it.
        for is_open, official in ((True, True), (True, False), (False, False)):
            part = ("section", is_open, official)
            self.keys[part] = f"{prefix}:section:{int(is_open)}:{int(official)}"
        # CEOBLOG_PAGE_CACHE_SECONDS=0 turns these off with the pages.
        self.seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
        self.found = recent_get_many(list(self.keys.values())) if self.seconds else {}

    def store(self, part, value):
        self.found[self.keys[part]] = value
        if self.seconds:
            recent_set(self.keys[part], value, self.seconds)
        return value


def _cached_parts(request, post_id):
    # With the page cache off nothing is stored under the version, so it is not read.
    token = content_version(request)[0] if settings.CEOBLOG_PAGE_CACHE_SECONDS else None
    memo = request.__dict__.setdefault("_comment_parts", {})
    if (token, post_id) not in memo:
        memo[token, post_id] = _CachedParts(token, post_id)
    return memo[token, post_id]


@register.simple_tag(takes_context=True)
def recent_comments_section(context):
    """Render the sidebar's "Recent comments": who commented on which post, newest first."""
    seconds = settings.CEOBLOG_PAGE_CACHE_SECONDS
    if not seconds:
        return mark_safe(_render_recent_comments())  # noqa: S308
    # Keyed by the content version, which every comment approved, removed or renamed (a
    # leaver anonymised) renews: worked out once per change, not once per page.
    token, _ = content_version(context.get("request"))
    key = f"pagecache:recent-comments:{token}"
    html = cache.get(key)
    if html is None:
        html = _render_recent_comments()
        cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308  (our template, escaped there)


def _render_recent_comments():
    return render_to_string("comments/_recent_comments.html", {"comments": recent_comments()})


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
