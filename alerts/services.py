"""Write operations on private feed addresses and email subscriptions."""

from django.db import transaction
from django.utils import timezone

from alerts.models import FeedToken, Subscription


@transaction.atomic
def feed_token_revoke(*, user):
    """Turn off the user's private feed address, if there is one."""
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def feed_token_create(*, user):
    """Give the user a new private feed address; any old one stops working."""
    feed_token_revoke(user=user)
    token = FeedToken(user=user)
    token.full_clean()
    token.save()
    return token


def subscription_set(*, user, frequency):
    """Subscribe the user to email alerts at frequency, or change how often they come."""
    subscription = Subscription.objects.filter(user=user).first()
    if subscription is None:
        subscription = Subscription(user=user)
    subscription.frequency = frequency
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_delete(*, subscription):
    """Stop the subscription's emails; subscribing again starts from new posts only."""
    subscription.delete()
