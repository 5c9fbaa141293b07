"""Which recording a media file belongs to, and whether a published post plays it."""

from django.conf import settings
from django.db.models import Q

from audiovideo.models import Recording
from posts.models import Post
from posts.sanitize import sanitize_html


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
    """After a library edit, rewrite the players of the posts that play the recording.

    A post's body is sanitised, and its players rewritten from the library, when it is saved;
    saving each post that plays the recording again gives readers the new captions, transcript
    and title at once (the old captions file is no longer the recording's, so it is not served).
    The approved content is computed the same way, so this changes nothing an approver saw.
    """
    if raw or created or not instance.file:
        return
    for post in posts_playing(instance):
        if sanitize_html(post.body) != post.body:
            post.save(update_fields=["body"])
