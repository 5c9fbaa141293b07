"""Plain helpers that make test data with sensible defaults and any field overridden."""

from datetime import timedelta
from itertools import count
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from posts.models import Post

_sequence = count(1)


def make_user(username=None, *, perms=(), **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(
        username=username, password="pw-for-tests", **fields
    )
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


# A body with the markup editors use: headings, a list, a quotation, a link and a table.
SAMPLE_BODY = """
<p>This week I visited the library teams in three of our market towns.</p>
<h2>What I saw</h2>
<ul><li>A reading group for new parents</li><li>Help with online forms for older residents</li></ul>
<blockquote><p>We saw twice as many visitors this autumn as last year.</p></blockquote>
<h3>Visitors this autumn</h3>
<table><thead><tr><th scope="col">Library</th><th scope="col">Visitors</th></tr></thead>
<tbody><tr><td>Ashford Road</td><td>4,210</td></tr></tbody></table>
<p>Read more on the <a href="https://www.example.org/libraries">libraries pages</a>.</p>
"""


def make_blog():
    """Make an author with three published posts in a row, a draft and a reader and an editor."""
    author = make_user("ceo", first_name="Sam", last_name="Chief")
    now = timezone.now()
    oldest = make_post(
        title="Planning for winter",
        slug="planning-for-winter",
        author=author,
        body="<p>Our winter plan is ready: gritting routes, rest centres and the teams on call "
        "over the holidays.</p>",
        published_at=now - timedelta(days=40),
        tags=["Thanks"],
    )
    middle = make_post(
        title="Thank you, library teams",
        slug="thank-you-library-teams",
        author=author,
        body=SAMPLE_BODY,
        published_at=now - timedelta(days=2),
        tags=["Thanks", "Libraries"],
    )
    newest = make_post(
        title="Budget consultation opens",
        slug="budget-consultation-opens",
        author=author,
        body="<p>From today every member of staff can tell us where next year's savings should "
        "and should not fall. The consultation is open for six weeks.</p>",
        published_at=now - timedelta(hours=3),
        tags=["Budget"],
    )
    draft = make_post(
        title="Draft: new year message",
        slug="new-year-message",
        author=author,
        status=Post.Status.DRAFT,
        published_at=now - timedelta(hours=1),
    )
    return SimpleNamespace(
        author=author,
        posts=[newest, middle, oldest],
        post=middle,
        draft=draft,
        reader=make_user("reader", first_name="Robin", last_name="Reader"),
        editor=make_user(
            "editor", first_name="Eddie", last_name="Editor", perms=["posts.change_post"]
        ),
    )
