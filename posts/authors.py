"""Who writes: the people a post's author is chosen from, by their full name."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

AUTHORS = "Authors"
BY_NAME = ["first_name", "last_name", "username"]
ADD_POST = {"codename": "add_post", "content_type__app_label": "posts"}


def writers():
    """Return the active accounts a new post may be by, ordered by name.

    They are the members of the Authors group (the chief executive) and the people who may add
    posts themselves (the Communications team). Having written once is not enough: a reader or
    an administrator who is a post's author stays that post's author only (writers_for).
    """
    may_write = (
        Q(groups__name=AUTHORS)
        | Q(
            groups__permissions__codename="add_post",
            groups__permissions__content_type__app_label="posts",
        )
        | Q(
            user_permissions__codename="add_post", user_permissions__content_type__app_label="posts"
        )
    )
    ids = get_user_model().objects.filter(may_write, is_active=True).values("pk")
    return (
        get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")
    )


def writers_for(post=None):
    """Return the writers, with the post's own author even if they are no longer one."""
    people = writers()
    if post is not None and post.author_id:
        people = get_user_model().objects.filter(
            Q(pk__in=people.values("pk")) | Q(pk=post.author_id)
        )
        people = people.order_by("first_name", "last_name", "username")
    return people


def default_author(user):
    """Return who a new post is by at first: the chief executive, or else the only writer.

    With several people in the Authors group and several writers, it is the person writing,
    if they are a writer, as in WordPress.
    """
    for people in (writers().filter(groups__name=AUTHORS), writers()):
        found = list(people[:2])
        if len(found) == 1:
            return found[0]
    return writers().filter(pk=user.pk).first()


def full_name(user):
    return user.get_full_name() or user.get_username()


class AuthorChoiceField(forms.ModelChoiceField):
    """Name each writer in full; two people with one name are told apart by email address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._twins = None

    def label_from_instance(self, user):
        if self._twins is None:
            names = [full_name(person) for person in self.queryset]
            self._twins = {name for name in names if names.count(name) > 1}
        name = full_name(user)
        if name in self._twins:
            return f"{name} ({user.email or user.get_username()})"
        return name
