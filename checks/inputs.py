"""Read what the checks look at from the writing screen's form: saved, or typed and not saved."""

from checks.analysis import analyse
from checks.gate import analyse_post, tags_from_text
from photos.models import Photo


def photo_from_id(value):
    value = (value or "").strip()
    # Not a number, or too big for any id the database could hold.
    if not value.isdigit() or int(value) >= 2**63:
        return None
    return Photo.objects.filter(pk=int(value)).only("pk", "alt_text").first()


def analyse_form_data(data):
    """Check the form's values as typed (a QueryDict or dict of strings)."""
    return analyse(
        title=data.get("title", ""),
        body=data.get("body", ""),
        excerpt=data.get("excerpt", ""),
        featured_photo=photo_from_id(data.get("featured_photo")),
        tags=tags_from_text(data.get("tags", "")),
    )


def analyse_form(form, post):
    """Check what the writing screen shows: the values sent back, or the post the form holds
    (on the page that restores an earlier version, that version rather than the saved post)."""
    if form is not None and form.is_bound:
        return analyse_form_data(form.data)
    shown = form_post(form, post)
    return analyse_post(shown) if shown is not None else analyse()


def form_post(form, post):
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk:
        return instance
    return post
