"""Which recording a media file belongs to, and whether a published post plays it."""

from django.conf import settings
from django.db.models import Q

from audiovideo.models import Recording
from posts.models import Post
from posts.refresh import post_bodies_refresh


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


def posts_playing(recording):
    """Return every post (whatever its status) whose body plays the recording."""
    address = f'src="{recording_address(recording.file.name)}"'
    return Post.objects.filter(body__contains=address)


def players_refresh(sender, instance, created, raw=False, **kwargs):
    """After a library edit, every post that plays the recording plays it as it is now.

    The new captions, transcript and title reach readers at once (posts.refresh); the old
    captions file is no longer the recording's, so it is not served.
    """
    if raw or created or not instance.file:
        return
    post_bodies_refresh(posts_playing(instance))
