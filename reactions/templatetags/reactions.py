from django import template

from pagecache.holes import csrf_token_for
from reactions.rendering import reactions_bar_html
from reactions.services import reaction_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def reactions_for(context, post_id):
    """Render the reaction buttons under a post, with its counts and this reader's own choices.

    A per-user part of the cached post page, filled in for every request from who reacted
    (reactions.services.reactors, cached under the live version that every reaction renews),
    so the counts are always current and no reaction renews any cached page.
    """
    post = context.get("post")
    if not context.get("per_user_hole") and post is not None and not post.is_published:
        # A preview of a draft or a scheduled post: no one can react to it yet.
        return ""
    request = context["request"]
    reactions = reaction_counts(post_id=post_id, user=request.user, request=request)
    return reactions_bar_html(
        post_id=post_id, reactions=reactions, csrf_token=csrf_token_for(request)
    )
