"""One real object of each kind the site's URLs point at, and the real address of every route."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from alerts.media import private_media_signature
from alerts.models import CommentDelivery, CommentEmail, Delivery, EmailSettings, FeedToken
from approvals.models import ApprovalStep
from audiovideo.models import Recording
from checks.models import CheckOverride
from outbox.services import mail_queue
from pages.models import Page, accessibility_statement_get, privacy_notice_get
from posts.models import Post
from tests.documentfiles import make_document
from tests.helpers import make_comment, make_photo, make_post, make_subscription, make_user

TAG = "matrix"


@dataclass
class SiteObjects:
    post: Post
    values: dict  # path parameter name -> a value that finds a real object
    route_values: dict = field(default_factory=dict)  # route name -> values only it needs
    queries: dict = field(default_factory=dict)  # route name -> the query a real visit sends

    def parameter_values(self, route):
        """Return a value for each of the route's parameters that finds a real object."""
        values = {**self.values, **self.route_values.get(route.name, {})}
        if "object_id" in dict(route.parameters) and "object_id" not in values:
            values["object_id"] = admin_object_id(route)
        return {name: values[name] for name, _ in route.parameters}

    def path(self, route, **overrides):
        """Return the route's address with every parameter not overridden set to a real object."""
        return route.fill({**self.parameter_values(route), **overrides})

    def url(self, route):
        """Return path() with the query string a real visit to the route sends."""
        query = self.queries.get(route.name)
        if not query:
            return self.path(route)
        return self.path(route) + "?" + "&".join(f"{k}={v}" for k, v in query.items())

    def real_values(self):
        """Return every identifier, slug and token that finds something, for fuzzing."""
        found = {*self.values.values()}
        for extra in (*self.route_values.values(), *self.queries.values()):
            found.update(extra.values())
        return sorted(str(value) for value in found)


def admin_object_id(route):
    """Return the primary key of an object of the model an admin URL is about."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    model = apps.get_model(match[1], match[2])
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"make_site_objects() must create a {model.__name__} for {route}"
    return str(obj.pk)


def _saved_in_revision(post, **changes):
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(post, name, value)
        post.save()
    return Version.objects.get_for_object(post).order_by("-pk").first()


def make_site_objects():
    """Create one real object of each kind the URLs point at; return them and their addresses."""
    call_command("setup_roles", verbosity=0)
    author = make_user(
        "matrix-author", first_name="Mo", last_name="Author", email="mo@council.example"
    )
    day = timezone.now() - timedelta(days=2)
    # A published post's photo, which every reader may open (posts.media_access).
    photo = make_photo()
    post = make_post(author=author, published_at=day, tags=[TAG], featured_photo=photo)
    # A document in the library, which the admin's document pages open (issue 15).
    make_document()
    make_post(author=author, published_at=day + timedelta(minutes=1), tags=[TAG])
    first_version = _saved_in_revision(post)
    second_version = _saved_in_revision(post, title="Matrix post, edited")
    draft = make_post(author=author, status=Post.Status.DRAFT, title="Matrix draft")
    ApprovalStep.objects.create(
        post=draft, kind=ApprovalStep.Kind.SUBMITTED, by=author, at=timezone.now(), fingerprint="-"
    )
    gone = make_post(author=author, published_at=day)
    _saved_in_revision(gone)
    gone.delete()
    deleted_version = Version.objects.get_deleted(Post).first()
    comment = make_comment(post=post, author=author)
    subscription = make_subscription(author)
    Delivery.objects.create(subscription=subscription, post=post)
    email_settings = EmailSettings.objects.create(user=author)
    CommentDelivery.objects.create(comment=comment, user=author, kind=CommentEmail.REPLIES)
    token = FeedToken.objects.create(user=author)
    accessibility_statement_get()
    privacy_notice_get()
    Page.objects.create(title="Matrix page", path="/matrix-page/", is_published=True)
    LogEntry.objects.log_actions(author.pk, [post], CHANGE, "Edited", single_object=True)
    mail_queue(subject="Matrix email", body="Waiting to be sent.", to=["mo@council.example"])
    CheckOverride.objects.create(
        post=post, findings=[], fingerprint="", reason="Agreed", created_by=author
    )
    # What a failed and a successful sign-in leave in the sign-in monitor's tables.
    seen = {"user_agent": "Browser", "ip_address": "127.0.0.1", "path_info": "/login/"}
    seen |= {"username": author.username, "http_accept": "text/html"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**seen)
    AccessLog.objects.create(**seen)
    # A recording in the library (audiovideo); its file need not exist for these addresses.
    Recording.objects.create(
        title="Matrix recording",
        kind=Recording.Kind.AUDIO,
        file="audiovideo/2026/01/matrix.mp3",
        mime_type="audio/mpeg",
        extension="mp3",
        transcript="Hello, everyone.",
    )
    local = post.local_published_at()
    return SiteObjects(
        post=post,
        values={
            "page": "2",
            "year": f"{local.year:04d}",
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
            "slug": post.slug,
            "username": author.username,
            "path": photo.image.name,
            "app_label": "posts",
            "url": "no-such-admin-page/",
            "content_type_id": str(ContentType.objects.get_for_model(Post).pk),
            "id": str(author.pk),
            "post_id": str(post.pk),
            "token": token.token,
        },
        route_values={
            "posts:tag": {"slug": TAG},
            "posts:tag-feed": {"slug": TAG},
            "posts:tag-feed-atom": {"slug": TAG},
            "alerts:private-tag-feed": {"slug": TAG},
            "alerts:private-tag-feed-atom": {"slug": TAG},
            "alerts:unsubscribe": {"token": subscription.unsubscribe_token},
            "alerts:comment-unsubscribe": {
                "kind": CommentEmail.REPLIES,
                "token": email_settings.unsubscribe_token,
            },
            "admin:view_on_site": {"object_id": str(post.pk)},
            "posts:draft": {"pk": str(draft.pk)},
            "admin:posts_post_compare": {"object_id": str(post.pk)},
            "admin:posts_post_revision": {"arg1": str(post.pk), "arg2": str(first_version.pk)},
            "admin:posts_post_recover": {"arg1": str(deleted_version.pk)},
            "comments:create": {"post_id": str(post.pk)},
            "reactions:set": {"post_id": str(post.pk)},
            "admin:approvals_review": {"post_id": str(draft.pk)},
        },
        queries={
            # The signed address a private feed gives a photo in a published post.
            "alerts:private-media": {"s": private_media_signature(token.token, photo.image.name)},
            # What the post form's featured photo box asks as an editor types.
            "admin:autocomplete": {
                "app_label": "posts",
                "model_name": "post",
                "field_name": "featured_photo",
                "term": "Photo",
            },
            "admin:posts_post_compare": {"from": first_version.pk, "to": second_version.pk},
            "posts:search": {"q": TAG},
            "admin:photos_photo_picker": {"q": "Photo"},
            "admin:comments_comment_changelist": {"status__exact": comment.status},
        },
    )
