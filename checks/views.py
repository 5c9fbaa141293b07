"""The writing screen's Checks: the findings for the form's unsaved values, and overriding them.

Both take the whole post form as it stands (title, body, excerpt, tags, featured photo), so what
they look at is what the writer sees, saved or not.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from checks.gate import APPROVE_PERMISSION, override_record, unresolved_problems
from checks.inputs import analyse_form_data, photo_from_id
from checks.publish_box import render_findings
from posts.models import Post

REASON_FIELD = "checks_override_reason"
NEEDS_REASON = (
    "Write why the post may be published with these problems, then press the button again."
)


def _post_admin():
    return admin.site.get_model_admin(Post)


def _editable_post(request, post_id):
    post_admin = _post_admin()
    if post_id is None:
        if not post_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    if not post_admin.has_change_permission(request):
        raise PermissionDenied
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        raise Http404("There is no post with this number.")
    if not post_admin.has_change_permission(request, post):
        raise PermissionDenied
    return post


@never_cache
@require_POST
def analyse_view(request, post_id=None):
    """Answer the Checks part's findings (HTML) for the form's values, saved or not."""
    post = _editable_post(request, post_id)
    report = analyse_form_data(request.POST)
    html = render_findings(report, post=post, body=request.POST.get("body", ""))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@never_cache
@require_POST
def override_view(request, post_id):
    """Record an approver's override of the form's accessibility problems, then send the form on.

    The Publish box's override button sends the whole form here; once the override is recorded,
    a 307 redirect sends the same form on to the post's page, which publishes it (its button is
    the form's Publish or Update), so nothing typed is lost.
    """
    post = _editable_post(request, post_id)
    if not request.user.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied
    reason = " ".join(request.POST.get(REASON_FIELD, "").split())
    if not reason:
        messages.error(request, NEEDS_REASON)
    else:
        typed = Post(
            pk=post.pk,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            excerpt=request.POST.get("excerpt", ""),
            status=post.status,
            featured_photo=photo_from_id(request.POST.get("featured_photo")),
        )
        problems = unresolved_problems(typed, action="publish")
        if problems:
            override_record(post=post, user=request.user, reason=reason, problems=problems)
    return HttpResponseRedirect(reverse("admin:posts_post_change", args=[post.pk]), status=307)
