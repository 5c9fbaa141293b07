"""The sentences the editing notices show, in the site's time zone."""

from datetime import timedelta

from django.utils import timezone


def clock(moment):
    """Return the local time of day, "10:42"."""
    return f"{timezone.localtime(moment):%H:%M}"


def when_in_words(moment, *, now=None):
    """Say when something happened as a person would: "10:42 today", "16:05 yesterday"."""
    local = timezone.localtime(moment)
    today = timezone.localtime(now or timezone.now()).date()
    if local.date() == today:
        return f"{local:%H:%M} today"
    if local.date() == today - timedelta(days=1):
        return f"{local:%H:%M} yesterday"
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"


def offer_sentence(autosave):
    when = when_in_words(autosave.saved_at)
    if autosave.post_id is None:
        return f"There is an autosave of a new post you had not saved, from {when}."
    return f"There is an autosave of this post from {when}, newer than the version below."


def others_sentence(names):
    """Say who else has the post open: "Robin Reader is also editing this post." or ''."""
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} is also editing this post."
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"{listed} are also editing this post."


def person_name(user):
    return user.get_full_name().strip() or user.get_username()
