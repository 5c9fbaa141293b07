"""Render comment text and a post's comment threads as HTML.

A post page with 200 comments spent most of its time in the template engine, including one
template per comment (about 0.4 ms each). The threads are built here instead, with
`format_html`, which escapes every value as the template did: same bytes, a tenth of the time
(tests/test_comments_rendering.py pins them). Change the markup here, not in a template.
"""

import re

from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import Urlizer, escape, format_html
from django.utils.safestring import SafeString, mark_safe


class CommentUrlizer(Urlizer):
    # Links in comments are not endorsed by the council and must not reach back to this page.
    url_template = '<a href="{href}" rel="nofollow noopener"{attrs}>{url}</a>'


urlize_comment = CommentUrlizer()


# Django's urlize links only words holding one of these; a comment with none of them (most
# comments) comes out of it merely escaped, for a tenth of the time.
_MAYBE_LINK = re.compile(r"@|://|www\.|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def comment_text(value):
    """Render plain comment text as HTML: escaped, links clickable, line breaks kept."""
    text = str(value)
    linked = urlize_comment(text, autoescape=True) if _MAYBE_LINK.search(text) else escape(text)
    return linebreaks_filter(mark_safe(linked), autoescape=False)  # noqa: S308


# "July 1st, 2026 at 23:30", in the site's time zone, as WordPress wrote it.
DATE_FORMAT = r"F jS, Y \a\t H:i"

# The blank lines and spaces are those the templates used to leave: readers' pages, and the
# comment sections cached from before, stay byte for byte the same.
_ARTICLE = (
    '<article id="{anchor}" class="comment{official}{pending}" aria-labelledby="{anchor}-author">\n'
    '  <header class="comment__meta">\n'
    '    <span id="{anchor}-author" class="comment__author">{author}</span>\n'
    "    {badge}\n"
    '    <a class="comment__permalink" href="#{anchor}">'
    '<time datetime="{datetime}">{date}</time></a>\n'
    "  </header>\n"
    "  {pending_notice}\n"
    '  <div class="comment__body">{body}</div>\n'
    "  {reply}\n"
    "</article>\n"
)
_OFFICIAL = SafeString(" comment--official")
_PENDING = SafeString(" comment--pending")
_BADGE = SafeString('<strong class="comment__badge">Official reply</strong>')
_PENDING_NOTICE = SafeString(
    '<p class="comment__pending">Your comment is awaiting moderation. '
    "Only you can see it until a moderator approves it.</p>"
)
_REPLY = (
    '\n  <p class="comment__reply"><a href="?replyto={pk}#comment-form">'
    'Reply<span class="visually-hidden"> to {author}</span></a></p>\n  '
)
_NOTHING = SafeString("")


def comment_html(comment, *, reply_link):
    """Return one comment's <article>, with a reply link if asked and it can take replies."""
    author = comment.author_name
    pending = comment.is_pending
    created_at = timezone.localtime(comment.created_at)
    can_reply = reply_link and comment.parent_id is None and not pending
    return format_html(
        _ARTICLE,
        anchor=comment.anchor,
        official=_OFFICIAL if comment.is_official else _NOTHING,
        pending=_PENDING if pending else _NOTHING,
        author=author,
        badge=_BADGE if comment.is_official else _NOTHING,
        datetime=created_at.isoformat(timespec="seconds"),
        date=date_format(created_at, DATE_FORMAT),
        pending_notice=_PENDING_NOTICE if pending else _NOTHING,
        body=comment_text(comment.body),
        reply=format_html(_REPLY, pk=str(comment.pk), author=author) if can_reply else _NOTHING,
    )


def threads_html(threads, *, reply_links):
    """Return the HTML of comment threads (comments.selectors.Thread), replies nested."""
    if not threads:
        return SafeString("\n")
    parts = ['\n  <ol class="comment-list">\n    ']
    for thread in threads:
        parts += ("\n    <li>\n      ", comment_html(thread.comment, reply_link=reply_links))
        parts.append("\n      ")
        if thread.replies:
            parts.append('\n      <ol class="comment-list comment-list--replies">\n        ')
            for reply in thread.replies:
                parts += (
                    "\n        <li>",
                    comment_html(reply, reply_link=reply_links),
                    "</li>\n        ",
                )
            parts.append("\n      </ol>\n      ")
        parts.append("\n    </li>\n    ")
    parts.append("\n  </ol>\n\n")
    # Every piece is either fixed markup or came out of format_html, which escaped its values.
    return mark_safe("".join(parts))  # noqa: S308
