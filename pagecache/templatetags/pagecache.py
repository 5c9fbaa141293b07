from django import template
from django.utils.safestring import mark_safe

from pagecache.holes import hole_marker, is_rendering_shared, render_per_user

register = template.Library()


@register.simple_tag(takes_context=True)
def per_user(context, template_name):
    """Render a partial that differs per user; in a shared cached page leave a marker instead.

    The partial sees only what the request gives (user, CSRF token, messages, blog title).
    """
    request = context.get("request")
    if request is not None and is_rendering_shared(request):
        return mark_safe(hole_marker(template_name))
    return render_per_user(template_name, request)
