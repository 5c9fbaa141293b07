"""The groups that hold the video and audio library's permissions (see accounts/roles.py)."""

from posts.roles import COMMUNICATIONS

GRANTS = {
    # The communications team adds the videos and recordings in the posts they write.
    COMMUNICATIONS: [
        "audiovideo.add_recording",
        "audiovideo.change_recording",
        "audiovideo.delete_recording",
        "audiovideo.view_recording",
    ],
}
