from django import template
from django.utils.safestring import mark_safe

from pagecache.holes import hole_slot, markers_of, render_per_user

register = template.Library()


@register.simple_tag(takes_context=True)
def per_user(context, template_name, object_id=None):
    """Render a partial that differs per user; in a shared cached page leave a marker instead.

    In a shared page the partial later sees only the request, `object_id` (an integer, such
    as the post whose comments it shows) and `per_user_hole`; rendered directly it also sees
    the page's context.
    """
    request = context.get("request")
    markers = markers_of(request) if request is not None else None
    if markers is not None:
        return mark_safe(markers.marker(hole_slot(template_name, object_id)))
    return render_per_user(template_name, request, object_id, context.flatten())
