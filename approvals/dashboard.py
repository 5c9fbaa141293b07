"""What waits for whom, for the admin's home page."""

from django.urls import reverse

from approvals import services
from approvals.models import ApprovalStep
from approvals.post_list import CHANGES, WAITING


def work_links(request):
    """Links to the posts waiting for this person: approvals to give, or changes to make."""
    if not services.approval_required():
        return []
    user = request.user
    posts_url = reverse("admin:posts_post_changelist")
    links = []
    if services.can_approve(user):
        count = services.posts_in_state(ApprovalStep.Kind.SUBMITTED).count()
        links.append(
            {
                "label": f"Posts waiting for your approval ({count})",
                "url": f"{posts_url}?approval={WAITING}",
            }
        )
    if user.has_perm("posts.change_post"):
        count = services.posts_in_state(ApprovalStep.Kind.CHANGES_REQUESTED).count()
        links.append(
            {
                "label": f"Posts with changes requested ({count})",
                "url": f"{posts_url}?approval={CHANGES}",
            }
        )
    return links
