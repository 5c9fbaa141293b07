from django import template
from django.utils.safestring import mark_safe

from readership.most_read import most_read_html

register = template.Library()


@register.simple_tag(takes_context=True)
def most_read_this_month(context):
    """Render the "Most read this month" section of the sidebar."""
    html = most_read_html(context.get("request"))
    return mark_safe(html)  # noqa: S308  (rendered from our own template, escaped there)
