"""Business rules for readership that other apps call: a member of staff's directorate."""

from readership.models import Directorate

NAME_LENGTH = Directorate._meta.get_field("name").max_length


def directorate_from_value(value):
    """Return a directorate's name from a claim or header: a string, or the first of a list."""
    if isinstance(value, list | tuple):
        value = next((item for item in value if isinstance(item, str) and item.strip()), "")
    return value.strip()[:NAME_LENGTH] if isinstance(value, str) else ""


def directorate_set(*, user, name):
    """Save the user's directorate, writing only when it changed (signing in happens often)."""
    name = directorate_from_value(name)
    current = Directorate.objects.filter(user=user).values_list("name", flat=True).first()
    if current == name or (current is None and not name):
        return
    Directorate.objects.update_or_create(user=user, defaults={"name": name})
