from django import template

from readership.recording import read_record

register = template.Library()


@register.simple_tag(takes_context=True)
def record_read(context, post_id):
    """Record the reader's read of the post; renders nothing."""
    request = context.get("request")
    if request is not None and post_id is not None:
        read_record(request=request, post_id=post_id)
    return ""
