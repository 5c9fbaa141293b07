"""Which recording a media file belongs to, and whether a published post plays it."""

from django.conf import settings
from django.db.models import Q

from audiovideo.models import Recording
from posts.models import Post


def recording_for_path(relative_path):
    """Return the recording whose file, poster or captions is at relative_path, or None."""
    if not relative_path.startswith("audiovideo/"):
        return None
    return (
        Recording.objects.filter(
            Q(file=relative_path) | Q(poster=relative_path) | Q(captions=relative_path)
        )
        .only("pk", "file")
        .first()
    )


def recording_address(name):
    return "/" + settings.MEDIA_URL.strip("/") + "/" + name


def recording_file_readable(relative_path):
    """Return whether a published post plays the recording the file at relative_path is part of.

    A post plays a recording when its body holds the player's address (the sanitiser allows no
    other way of naming one): drafts, scheduled and unpublished posts do not count.
    """
    recording = recording_for_path(relative_path)
    if recording is None:
        return False
    address = f'src="{recording_address(recording.file.name)}"'
    return Post.objects.published().filter(body__contains=address).exists()
