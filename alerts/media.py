"""Photos for private feeds: addresses a feed reader can open with its token and nothing else.

Outlook and other feed readers fetch a post's photos without the reader's session, so the
usual /media/ addresses would only lead them to the sign-in page. A private feed gives each
photo in it an address under the feed's own, signed for that token and that file: the token
alone opens no file, so a photo that only a draft uses is never reachable this way, and
revoking the token closes every address it was given.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.signing import Signer
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe

from alerts.models import FeedToken
from photos.serving import media_file_path, media_file_response
from posts.links import absolute_url
from posts.media_access import media_file_readable

SIGNER = Signer(salt="alerts.private-media")


def private_media_signature(token, path):
    """Return the signature that lets the holder of token open the media file at path."""
    return SIGNER.signature(f"{token}/{path}")


def private_media_address(request, token, path):
    """Return the absolute address of a media file for the holder of a private feed token."""
    address = reverse("alerts:private-media", kwargs={"token": token, "path": path})
    return absolute_url(f"{address}?s={private_media_signature(token, path)}", request)


@require_safe
@login_not_required
def private_media(request, token, path):
    """Send a photo named in a private feed to the feed reader holding that feed's token."""
    if not constant_time_compare(request.GET.get("s", ""), private_media_signature(token, path)):
        raise Http404("No such file.")
    get_object_or_404(FeedToken.objects.active(), token=token)
    # Only while a published post still shows it: the address outlives the feed it was in.
    _, relative = media_file_path(path)
    if not media_file_readable(AnonymousUser(), relative.as_posix()):
        raise Http404("No such file.")
    return media_file_response(path, request.headers.get("Range", ""))
