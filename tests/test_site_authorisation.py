"""Every URL of the site × every kind of user → the status they get.

Add a line to EXPECTED for every new URL name; a URL without one makes this test fail.
Statuses are in ROLES order: anonymous, reader, communications, moderator, admin.
SIGN_IN means a redirect to a sign-in page. Each URL is opened with real objects in its
path (tests/siteobjects.py); an address that only takes POST is also sent its form.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from alerts.models import EmailSettings, FeedToken, Subscription
from comments.roles import MODERATORS
from posts.roles import COMMUNICATIONS
from tests.helpers import client_as, make_user
from tests.siteobjects import make_site_objects
from tests.urlwalk import site_routes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "communications", "moderator", "admin")
SIGN_IN = "sign-in"

EVERYONE = (200, 200, 200, 200, 200)
EVERYONE_SIGNED_IN = (SIGN_IN, 200, 200, 200, 200)
ADMIN_STAFF = (SIGN_IN, SIGN_IN, 200, 200, 200)
ADMIN_ONLY = (SIGN_IN, SIGN_IN, 403, 403, 200)
POST_EDITORS = (SIGN_IN, SIGN_IN, 200, 403, 200)
NOBODY = (SIGN_IN, SIGN_IN, 403, 403, 403)
POST_EDITORS_REDIRECT = (SIGN_IN, SIGN_IN, 302, 403, 302)
ADMIN_REDIRECT = (SIGN_IN, SIGN_IN, 302, 302, 302)
# Addresses that only take a form; EXPECTED_POST says what the form gets.
POST_ONLY = (SIGN_IN, 405, 405, 405, 405)
POST_ONLY_OPEN = (405, 405, 405, 405, 405)
EDITING_JSON = (403, 403, 200, 403, 200)
# Buttons in the admin: a form sent by staff, never an address to open.
STAFF_POST_ONLY = (SIGN_IN, SIGN_IN, 405, 405, 405)


def admin_model(app_model, *, editors=ADMIN_ONLY, add=None, delete=None, changelist=None):
    """Expectations for the six admin URLs of one registered model."""
    return {
        f"admin:{app_model}_changelist": changelist or editors,
        f"admin:{app_model}_add": add or editors,
        f"admin:{app_model}_history": editors,
        f"admin:{app_model}_delete": delete or editors,
        f"admin:{app_model}_change": editors,
        f"admin/{app_model.replace('_', '/', 1)}/<path:object_id>/": ADMIN_REDIRECT,
    }


EXPECTED = {
    # accounts
    "login": (200, 302, 302, 302, 302),
    "logout": POST_ONLY_OPEN,
    "oidc_authentication_init": (404, 404, 404, 404, 404),
    "oidc_authentication_callback": (404, 404, 404, 404, 404),
    "media": EVERYONE_SIGNED_IN,
    "healthz": EVERYONE,
    "pages:accessibility": EVERYONE,
    "pages:privacy": EVERYONE,
    # posts, search, feeds and the sitemap: everything is behind sign-in
    "posts:index": EVERYONE_SIGNED_IN,
    "posts:search": EVERYONE_SIGNED_IN,
    "posts:sitemap": EVERYONE_SIGNED_IN,
    "posts:feed": EVERYONE_SIGNED_IN,
    "posts:feed-atom": EVERYONE_SIGNED_IN,
    "posts:tag": EVERYONE_SIGNED_IN,
    "posts:tag-feed": EVERYONE_SIGNED_IN,
    "posts:tag-feed-atom": EVERYONE_SIGNED_IN,
    "posts:author": EVERYONE_SIGNED_IN,
    "posts:author-feed": EVERYONE_SIGNED_IN,
    "posts:author-feed-atom": EVERYONE_SIGNED_IN,
    "posts:archive-year": EVERYONE_SIGNED_IN,
    "posts:archive-month": EVERYONE_SIGNED_IN,
    "posts:archive-day": EVERYONE_SIGNED_IN,
    "posts:detail": EVERYONE_SIGNED_IN,
    # A draft's preview, before it has a date and so an address: for those who may change posts.
    "posts:draft": (SIGN_IN, 404, 200, 404, 200),
    "comments:feed": EVERYONE_SIGNED_IN,
    "comments:feed-atom": EVERYONE_SIGNED_IN,
    "comments:create": POST_ONLY,
    "reactions:set": POST_ONLY,
    # following: the private feed addresses and the unsubscribe link work without signing in
    "alerts:follow": EVERYONE_SIGNED_IN,
    "alerts:feed-address": POST_ONLY,
    "alerts:email-alerts": POST_ONLY,
    "alerts:unsubscribe": EVERYONE,
    "alerts:comment-emails": POST_ONLY,
    "alerts:comment-unsubscribe": EVERYONE,
    "alerts:private-feed": EVERYONE,
    "alerts:private-feed-atom": EVERYONE,
    "alerts:private-tag-feed": EVERYONE,
    "alerts:private-tag-feed-atom": EVERYONE,
    "alerts:private-media": EVERYONE,
    # the admin site
    "admin:index": ADMIN_STAFF,
    "admin:login": (200, 200, 302, 302, 302),
    "admin:logout": (SIGN_IN, 302, 405, 405, 405),
    "admin:password_change": ADMIN_STAFF,
    "admin:password_change_done": ADMIN_STAFF,
    # The post form's featured photo box: for those who write posts.
    "admin:autocomplete": POST_EDITORS,
    "admin:jsi18n": ADMIN_STAFF,
    "admin:view_on_site": (SIGN_IN, SIGN_IN, 302, 302, 302),
    # Both roles see the posts app: moderators open and close comments from the list of posts.
    "admin:app_list": ADMIN_STAFF,
    "admin/(?P<url>.*)": (SIGN_IN, SIGN_IN, 404, 404, 404),
    "admin:auth_user_password_change": ADMIN_ONLY,
    **admin_model("auth_group"),
    # The post form lists who may be an author itself; accounts are the administrator's.
    **admin_model("auth_user"),
    # Communications renames and merges tags.
    **admin_model("taggit_tag", editors=POST_EDITORS),
    # Moderators may look at posts, and their history, but not write or delete them.
    **admin_model("posts_post", editors=ADMIN_STAFF, add=POST_EDITORS, delete=POST_EDITORS),
    "admin:posts_post_compare": ADMIN_STAFF,
    # The tag box's suggestions: for those who write posts.
    "admin:posts_post_tag_suggestions": POST_EDITORS,
    "admin:posts_post_revision": ADMIN_STAFF,
    # Previews take the form's values; opened directly they lead to the saved post or a new one.
    "admin:posts_post_preview": (SIGN_IN, SIGN_IN, 302, 302, 302),
    "admin:posts_post_preview_new": POST_EDITORS_REDIRECT,
    "admin:posts_post_recoverlist": POST_EDITORS,
    "admin:posts_post_recover": POST_EDITORS,
    **admin_model("photos_photo", editors=POST_EDITORS),
    "admin:photos_photo_picker": POST_EDITORS,
    # Approval (approvals/): the review page is for approvers (tests/test_approvals_permissions.py
    # adds the Approvers role); the steps are a record nobody adds to or deletes by hand.
    "admin:approvals_review": ADMIN_ONLY,
    **admin_model("approvals_approvalstep", add=NOBODY, delete=NOBODY),
    # Readership (issue 19): communications and approvers (tests/test_readership_roles.py).
    "readership:index": POST_EDITORS,
    "readership:month": POST_EDITORS,
    "readership:month-csv": POST_EDITORS,
    "readership:post": POST_EDITORS,
    "readership:post-csv": POST_EDITORS,
    # The post form's autosave and who-else-is-editing notices: JSON, so a 403 rather than sign-in.
    "editing:autosave-new": EDITING_JSON,
    "editing:autosave": EDITING_JSON,
    "editing:autosave-new-discard": POST_ONLY_OPEN,
    "editing:autosave-discard": POST_ONLY_OPEN,
    "editing:presence": POST_ONLY_OPEN,
    "editing:presence-end": POST_ONLY_OPEN,
    "admin:photos_photo_chooser": POST_EDITORS,
    # Takes only a form: those who may add photos are told so (405), others are refused (403).
    "admin:photos_photo_upload": (SIGN_IN, SIGN_IN, 405, 403, 405),
    # audiovideo: the video and audio library, and the editor's upload to it.
    **admin_model("audiovideo_recording", editors=POST_EDITORS),
    "admin:audiovideo_recording_upload": (SIGN_IN, SIGN_IN, 405, 403, 405),
    # The document library (issue 15): like the photo library.
    **admin_model("documents_document", editors=POST_EDITORS),
    "admin:documents_document_chooser": POST_EDITORS,
    "admin:documents_document_upload": (SIGN_IN, SIGN_IN, 405, 403, 405),
    # The moderation queue: comments are written under posts, never added here.
    **admin_model("comments_comment", editors=ADMIN_STAFF, add=NOBODY, delete=ADMIN_ONLY),
    # One comment's Approve, Reject and Spam buttons, and its Reply page.
    "admin:comments_comment_moderate": STAFF_POST_ONLY,
    "admin:comments_comment_reply": ADMIN_STAFF,
    # The one button on a post's page for moderators that closes or opens its comments.
    "admin:posts_post_comments_close": STAFF_POST_ONLY,
    "admin:posts_post_comments_open": STAFF_POST_ONLY,
    # Private feed addresses are made by their owners; deliveries by the alert sender.
    **admin_model("alerts_subscription"),
    **admin_model("alerts_feedtoken", add=NOBODY),
    **admin_model("alerts_delivery", add=NOBODY),
    **admin_model("alerts_commentdelivery", add=NOBODY),
    # The one accessibility statement: its list opens it, and it is never added or deleted.
    **admin_model(
        "pages_accessibilitystatement",
        add=NOBODY,
        delete=NOBODY,
        changelist=(SIGN_IN, SIGN_IN, 403, 403, 302),
    ),
    # The one privacy notice, kept like the accessibility statement.
    **admin_model(
        "pages_privacynotice",
        add=NOBODY,
        delete=NOBODY,
        changelist=(SIGN_IN, SIGN_IN, 403, 403, 302),
    ),
    # Site pages: written by the communications team.
    **admin_model("pages_page", editors=POST_EDITORS),
    # The audit log and the sign-in monitor's records are never written by hand.
    **admin_model("audit_auditevent", add=NOBODY, delete=NOBODY),
    "admin:audit_auditevent_export": ADMIN_ONLY,
    **admin_model("outbox_queuedmail", add=NOBODY, delete=NOBODY),
    **admin_model("axes_accessattempt", add=NOBODY),
    **admin_model("axes_accesslog", add=NOBODY),
    **admin_model("axes_accessfailurelog", add=NOBODY),
    # The checks before publishing: findings for those who write posts; overrides by approvers,
    # from the post form only, and their record read only.
    "checks:analyse-new": STAFF_POST_ONLY,
    "checks:analyse": STAFF_POST_ONLY,
    "checks:override": STAFF_POST_ONLY,
    **admin_model("checks_checkoverride", add=NOBODY, delete=NOBODY),
}

# What a POST-only address answers the form it is made for, sent by each kind of user.
EXPECTED_POST = {
    "logout": ({}, (SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN)),
    "comments:create": ({"body": "Thank you for this."}, (SIGN_IN, 303, 303, 303, 303)),
    "reactions:set": ({"kind": "thanks", "pressed": "true"}, (SIGN_IN, 303, 303, 303, 303)),
    "alerts:feed-address": ({"action": "create"}, (SIGN_IN, 302, 302, 302, 302)),
    "alerts:email-alerts": ({"frequency": "weekly"}, (SIGN_IN, 302, 302, 302, 302)),
    "alerts:comment-emails": ({"replies": "on"}, (SIGN_IN, 302, 302, 302, 302)),
    "editing:autosave-new-discard": ({}, EDITING_JSON),
    "editing:autosave-discard": ({}, EDITING_JSON),
    "editing:presence": ({}, EDITING_JSON),
    "editing:presence-end": ({}, EDITING_JSON),
    "admin:comments_comment_moderate": ({"state": "approved"}, (SIGN_IN, SIGN_IN, 303, 303, 303)),
    "admin:posts_post_comments_close": ({}, (SIGN_IN, SIGN_IN, 303, 303, 303)),
    "admin:posts_post_comments_open": ({}, (SIGN_IN, SIGN_IN, 303, 303, 303)),
    "checks:analyse-new": ({"body": "<p>Hello.</p>"}, POST_EDITORS),
    "checks:analyse": ({"body": "<p>Hello.</p>"}, POST_EDITORS),
    "checks:override": ({"checks_override_reason": "Agreed"}, (SIGN_IN, SIGN_IN, 403, 403, 307)),
}

ROLE_FLAGS = {
    "reader": {},
    "communications": {"is_staff": True},
    "moderator": {"is_staff": True},
    "admin": {"is_staff": True, "is_superuser": True},
}
ROLE_GROUPS = {"communications": COMMUNICATIONS, "moderator": MODERATORS}


def make_role_users():
    """Create one user of each role, in the groups `manage.py setup_roles` made."""
    users = {"anonymous": None}
    for role, flags in ROLE_FLAGS.items():
        user = make_user(f"matrix-{role}", email=f"matrix-{role}@council.example", **flags)
        if role in ROLE_GROUPS:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        users[role] = user
    return users


def outcome(response):
    if response.status_code == 302 and re.match(r"^/(admin/)?login/", response["Location"]):
        return SIGN_IN
    return response.status_code


def test_every_url_has_expectations():
    missing = sorted({route.name for route in site_routes()} - set(EXPECTED))
    assert not missing, f"Add these URL names to EXPECTED in {__name__}: {missing}"


def test_every_post_only_url_has_a_form_to_send():
    post_only = {
        name
        for name, statuses in EXPECTED.items()
        if statuses[1:] == (405,) * 4 or statuses == STAFF_POST_ONLY
    }
    assert post_only == set(EXPECTED_POST)


def test_every_url_answers_each_kind_of_user_as_expected(settings):
    settings.CEOBLOG_POSTS_PER_PAGE = 1
    site = make_site_objects()
    clients = {role: client_as(user) for role, user in make_role_users().items()}
    failures = []
    for route in site_routes():
        url = site.url(route)
        expected = EXPECTED.get(route.name)
        if expected is None:
            continue  # reported by test_every_url_has_expectations
        got = tuple(outcome(clients[role].get(url)) for role in ROLES)
        if got != expected:
            failures.append(f"GET {url} ({route.name}): expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


def test_every_post_only_url_answers_its_form_as_expected():
    site = make_site_objects()
    users = make_role_users()
    failures = []
    for route in site_routes():
        if route.name not in EXPECTED_POST:
            continue
        form, expected = EXPECTED_POST[route.name]
        url = site.path(route)
        # A new client for each, since signing out, say, must not change the next request.
        got = tuple(outcome(client_as(users[role]).post(url, form)) for role in ROLES)
        if got != expected:
            failures.append(f"POST {url} ({route.name}): expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "route",
    [route for route in site_routes() if "token" in dict(route.parameters)],
    ids=lambda route: route.name,
)
@pytest.mark.parametrize("token", ["not-a-real-token", "revoked"])
def test_every_token_address_is_not_found_with_a_wrong_or_revoked_token(route, token):
    site = make_site_objects()
    users = make_role_users()
    if token == "revoked":
        url = site.path(route)
        FeedToken.objects.update(revoked_at=timezone.now())
        # An unsubscribe link is revoked by unsubscribing, which deletes the subscription.
        Subscription.objects.all().delete()
        # A comment email's link names the person's settings, gone with their account.
        EmailSettings.objects.all().delete()
    else:
        url = site.path(route, token=token)

    got = tuple(outcome(client_as(users[role]).get(url)) for role in ROLES)

    assert got == (404,) * 5
