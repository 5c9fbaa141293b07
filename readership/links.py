"""Where the readership page is linked from: the admin's home page and a published post's form."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from posts.models import Post
from readership.roles import VIEW_READERSHIP


def work_links(request):
    """The admin home page's link to the month's most-read posts, for those who may see it."""
    if not request.user.has_perm(VIEW_READERSHIP):
        return []
    return [{"label": "Readership: the most read posts", "url": reverse("readership:index")}]


def publish_box_link(box, *, post, user, request=None, form=None):
    """Add a link to the post's readership to the publish box of a post that has gone out."""
    if post is None or not user.has_perm(VIEW_READERSHIP):
        return
    gone_out = post.status == Post.Status.PUBLISHED and post.published_at is not None
    if not gone_out or post.published_at > timezone.now():
        return
    url = reverse("readership:post", kwargs={"post_id": post.pk})
    box["extras"].append(
        {
            "html": format_html(
                # The link alone in its paragraph: a link within words would need an underline.
                '<p class="writing-publish__readership"><a href="{}">Readership: how many have'
                " read it</a></p>",
                url,
            )
        }
    )
