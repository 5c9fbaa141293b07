"""Plain helpers that make test data with sensible defaults and any field overridden."""

from datetime import timedelta
from itertools import count
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from posts.models import Post

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_sequence = count(1)


def make_user(username=None, *, perms=(), password="pw-for-tests", **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_post(**overrides):
    number = next(_sequence)
    tags = overrides.pop("tags", [])
    fields = {
        "title": f"Post number {number}",
        "slug": f"post-number-{number}",
        "body": f"<p>Body of post number {number}.</p>",
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
        **overrides,
    }
    if "author" not in fields:
        fields["author"] = make_user(first_name="Alex", last_name="Author")
    post = Post.objects.create(**fields)
    if tags:
        post.tags.add(*tags)
    return post
