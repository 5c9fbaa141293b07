"""The account box at the top of every page: who is signed in, and the way out.

A per-user part of every cached page, filled in on each view; as a template (three URLs, a
token and a filter) it took 0.26-0.29 ms of a cached month or tag page's 2.8 ms in-process.
The bytes are the template's (tests/test_account_box.py pins them); change the markup here.
"""

import functools
from html import escape

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from pagecache.holes import csrf_token_for

register = template.Library()

_BOX = (
    '\n<div class="account">\n'
    '  <span class="account__name">Signed in as {name}</span>\n'
    '  <a href="{follow}">Follow this blog</a>\n'
    "  {admin}\n"
    '  <form method="post" action="{logout}" class="account__logout">\n'
    '    <input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
    '    <button type="submit">Sign out</button>\n'
    "  </form>\n"
    "</div>\n"
)


@functools.cache
def _addresses(prefix):
    # The same for every request under one script prefix (a sub-folder deployment has one).
    return {
        "follow": escape(reverse("alerts:follow")),
        "admin_link": f'<a href="{escape(reverse("admin:index"))}">Admin</a>',
        "logout": escape(reverse("logout")),
    }


@register.simple_tag(takes_context=True)
def account_box(context):
    """Render the signed-in person's name, the follow and admin links and the sign-out button."""
    request = context.get("request")
    # Error pages are drawn without a request; nobody is shown as signed in there.
    if request is None or not request.user.is_authenticated:
        return ""
    user = request.user
    addresses = _addresses(get_script_prefix())
    html = _BOX.format(
        name=escape(user.get_full_name() or user.get_username()),
        follow=addresses["follow"],
        admin=addresses["admin_link"] if user.is_staff else "",
        logout=addresses["logout"],
        token=escape(csrf_token_for(request)),
    )
    return mark_safe(html)  # noqa: S308  (our markup; every value escaped above)
