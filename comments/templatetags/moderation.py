from django import template

from comments import moderation

register = template.Library()


@register.simple_tag
def moderation_buttons(comment):
    """Return (state, words) for the one-click buttons the comment offers."""
    return moderation.moderation_buttons(comment)


@register.filter
def state_words(comment):
    return moderation.comment_state_words(comment)


@register.filter
def takes_reply(comment):
    return moderation.comment_takes_reply(comment)
