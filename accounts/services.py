"""Business rules for accounts: sign-in from the provider's claims, roles, and leavers."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import transaction
from django.utils import timezone

from accounts.models import ExternalIdentity
from accounts.oidc import ADMIN_ROLE, managed_group_names, roles_for_groups
from audit.services import audit_scope, record
from comments.models import Comment
from pagecache.version import bump_content_version
from reactions.models import Reaction
from readership.models import Directorate, Read
from readership.services import directorate_set

logger = logging.getLogger(__name__)

NAME_LENGTH = 150
REMOVED_COMMENT_TEXT = "This comment was removed when its author left the council."
FORMER_STAFF_FIRST_NAME = "Former"
FORMER_STAFF_LAST_NAME = "member of staff"


def _claim(claims, name):
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def provider_groups_from_claims(claims, claim_name):
    """Return the group names in a claim, which providers send as a list or a single string."""
    value = claims.get(claim_name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


class SignOnRefused(PermissionDenied):
    """The provider vouched for someone this site will not sign in (a closed account)."""


LINK_OFF = "off"
LINK_VERIFIED_EMAIL = "verified-email"
LINK_RULES = (LINK_OFF, LINK_VERIFIED_EMAIL)


def _email_is_verified(claims):
    # OpenID Connect Core 5.1: a JSON boolean; a few providers send the string "true".
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _user_to_link(*, email, claims):
    """Find the existing account a first single sign-on may take, by the site's rule only.

    CEOBLOG_OIDC_LINK_EXISTING "off" (the default) links nothing. "verified-email" links the one
    account whose email is the claim's, ignoring case, when the provider says the address is
    verified. Never by username, and never a superuser, a closed account, one already linked or
    any account with a local password: those stay the site's own.
    """
    if settings.CEOBLOG_OIDC_LINK_EXISTING != LINK_VERIFIED_EMAIL:
        return None
    if not email or not _email_is_verified(claims):
        return None
    candidates = list(
        get_user_model().objects.filter(email__iexact=email).select_related("external_identity")
    )
    user = candidates[0] if len(candidates) == 1 else None
    if user is None or not _may_be_linked(user):
        if candidates:
            logger.warning(
                "Single sign-on for %s linked to no existing account: %d account(s) with that "
                "address, or one that is closed, an administrator's or has a local password.",
                email,
                len(candidates),
            )
        return None
    return user


def _may_be_linked(user):
    if hasattr(user, "external_identity"):
        return False
    return user.is_active and not user.is_superuser and not user.has_usable_password()


def _free_username(wanted):
    """Return wanted, or wanted-2, wanted-3... : the first no account has, ignoring case."""
    users = get_user_model().objects
    candidate, number = wanted, 1
    while users.filter(username__iexact=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = f"{wanted[: NAME_LENGTH - len(suffix)]}{suffix}"
    return candidate


def user_sign_in_from_claims(*, issuer, claims):
    """Find or create the user the provider vouches for, with their current name and roles.

    A closed account (deactivated, or anonymised when its owner left) is refused before anything
    is written to it, so that a leaver's name never comes back.
    """
    subject = _claim(claims, "sub")
    if not subject:
        raise SuspiciousOperation("The provider sent no subject (sub) claim.")
    email = _claim(claims, "email")
    username = (_claim(claims, "preferred_username") or email or subject)[:NAME_LENGTH]
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:
            user = _user_to_link(email=email, claims=claims)
            if user is None:
                user = get_user_model()(username=_free_username(username))
                user.set_unusable_password()
            else:
                logger.warning(
                    "Single sign-on linked %s at %s to the existing account %s by its verified "
                    "email address.",
                    subject,
                    issuer,
                    user.username,
                )
        else:
            user = identity.user
            if not user.is_active:
                logger.warning(
                    "Single sign-on refused for %s: the account is closed.", user.username
                )
                raise SignOnRefused(f"The account {user.pk} is closed.")
            if not get_user_model().objects.filter(username__iexact=username).exclude(pk=user.pk):
                user.username = username
        given, family = _claim(claims, "given_name"), _claim(claims, "family_name")
        if not (given or family):
            given = _claim(claims, "name")
        user.first_name = given[:NAME_LENGTH]
        user.last_name = family[:NAME_LENGTH]
        user.email = email
        groups = provider_groups_from_claims(claims, settings.CEOBLOG_OIDC_GROUPS_CLAIM)
        user_set_roles(user=user, roles=roles_for_groups(groups))
        if identity is None:
            identity = ExternalIdentity(user=user, issuer=issuer, subject=subject)
        identity.last_sign_in_at = timezone.now()
        identity.full_clean()
        identity.save()
        if settings.CEOBLOG_OIDC_DIRECTORATE_CLAIM:
            # For reach by directorate (readership); not shown on any page, so renews nothing.
            directorate_set(user=user, name=claims.get(settings.CEOBLOG_OIDC_DIRECTORATE_CLAIM))
    return user


def user_set_roles(*, user, roles):
    """Give the user exactly the provider-managed roles named, leaving other groups alone."""
    is_admin = ADMIN_ROLE in roles
    user.is_superuser = is_admin
    wanted = [Group.objects.get_or_create(name=name)[0] for name in sorted(roles - {ADMIN_ROLE})]
    # Staff may open the admin: administrators, and anyone whose role grants a permission there.
    user.is_staff = (
        is_admin
        or Group.objects.filter(
            pk__in=[group.pk for group in wanted], permissions__isnull=False
        ).exists()
    )
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.remove(*user.groups.filter(name__in=managed_group_names() - set(roles)))
    user.groups.add(*wanted)


def user_anonymise(*, user, actor, remove_comments):
    """Turn a departed member of staff into an anonymous, inactive account, and log it."""
    if user.pk == actor.pk:
        raise ValueError("You cannot anonymise your own account.")
    with transaction.atomic(), audit_scope():
        user.username = f"former-staff-{user.pk}"
        user.first_name = FORMER_STAFF_FIRST_NAME
        user.last_name = FORMER_STAFF_LAST_NAME
        user.email = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        # One audit row, under the new name: the roles taken away join it as they go.
        record(
            "user.anonymise",
            actor=actor,
            obj=user,
            message="Anonymised a departed member of staff: account deactivated, name replaced.",
        )
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        # Cut the link to the provider: whatever it sends later is never written to this account.
        ExternalIdentity.objects.filter(user=user).delete()
        _traces_erase(user=user)
        comment_count = _comments_anonymise(user=user, remove_comments=remove_comments)
        outcome = "removed" if remove_comments else "kept, under the new name"
        counted = f"{comment_count} comment(s) {outcome}."
        record("user.anonymise", actor=actor, obj=user, message=counted)
    return comment_count


def _traces_erase(*, user):
    # What they read and how they reacted name them; the daily totals, which name no one, stay.
    # Deleting reactions renews what shows their counts (reactions/apps.py).
    Read.objects.filter(user=user).delete()
    Reaction.objects.filter(user=user).delete()
    Directorate.objects.filter(user=user).delete()


def _comments_anonymise(*, user, remove_comments):
    # Comments show their author's name from the account, so renaming the account renames them.
    comments = Comment.objects.filter(author=user)
    if remove_comments:
        removed = comments.update(body=REMOVED_COMMENT_TEXT)
        # update() sends no signals: renew cached pages that show these comments.
        bump_content_version(posts=False)
        return removed
    return comments.count()
