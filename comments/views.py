from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from comments.forms import CommentForm
from comments.services import (
    CommentRateLimited,
    CommentsClosed,
    comment_create,
    comments_are_open,
)
from posts.models import Post
from posts.post_page import POST_PAGE_TEMPLATE, post_page_context


def render_closed(request, post):
    """Refuse a comment on a closed post, showing what was typed so that nothing is lost."""
    context = {"post": post, "body": request.POST.get("body", "")}
    return render(request, "comments/closed.html", context, status=403)


def render_post_with_form(request, post, form, status):
    """Show the post page again with the comment form as submitted, errors and all."""
    context = {"object": post, "post": post, **post_page_context(post), "comment_form": form}
    return TemplateResponse(request, POST_PAGE_TEMPLATE, context, status=status)


@require_POST
@login_required
def comment_create_view(request, post_id):
    """Save a comment from the form under a post, then show it at its anchor."""
    post = get_object_or_404(Post.objects.published().select_related("author"), pk=post_id)
    if not comments_are_open(post):
        return render_closed(request, post)
    form = CommentForm(request.POST, post=post, user=request.user)
    if not form.is_valid():
        return render_post_with_form(request, post, form, status=400)
    try:
        comment = comment_create(
            post=post,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
            is_official=form.cleaned_data.get("is_official", False),
        )
    except CommentsClosed:
        return render_closed(request, post)
    except CommentRateLimited as limited:
        form.add_error(None, str(limited))
        return render_post_with_form(request, post, form, status=429)
    except ValidationError as invalid:
        form.add_error(None, invalid.messages)
        return render_post_with_form(request, post, form, status=400)
    # 303 See Other: the browser fetches the post page, and a reload does not post again.
    response = HttpResponseRedirect(comment.get_absolute_url())
    response.status_code = 303
    return response
