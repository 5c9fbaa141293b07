from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from taggit.models import Tag

from alerts.forms import NO_EMAILS, AlertsForm
from alerts.media import private_media_address
from alerts.models import FeedToken, Subscription
from alerts.services import (
    feed_token_create,
    feed_token_revoke,
    subscription_delete,
    subscription_set,
)
from posts.models import Post

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _follow_page(request, form, status=200):
    token = FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    tags = (
        Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
        .annotate(count=Count("tagged_posts"))
        .order_by("name")
    )
    context = {
        "form": form,
        "token": token,
        "tags": tags,
        "digest_weekday": WEEKDAYS[settings.CEOBLOG_ALERTS_DIGEST_WEEKDAY],
    }
    response = render(request, "alerts/follow.html", context, status=status)
    # The page shows a personal secret: keep it out of shared caches and the back-forward cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def follow(request):
    """Show the feed addresses, the private feed address and the email alert choice."""
    subscription = Subscription.objects.filter(user=request.user).first()
    initial = subscription.frequency if subscription else NO_EMAILS
    return _follow_page(request, AlertsForm(initial={"frequency": initial}))


@login_required
@require_POST
def feed_address(request):
    """Create, replace or turn off the signed-in user's private feed address."""
    action = request.POST.get("action")
    if action == "create":
        feed_token_create(user=request.user)
        messages.success(request, "Your private feed address is ready. Any earlier one is off.")
    elif action == "revoke":
        feed_token_revoke(user=request.user)
        messages.success(request, "Your private feed address is turned off.")
    else:
        return _follow_page(request, AlertsForm(), status=400)
    return redirect("alerts:follow")


@login_required
@require_POST
def email_alerts(request):
    """Save how often the signed-in user wants emails about new posts."""
    form = AlertsForm(request.POST)
    if not form.is_valid():
        return _follow_page(request, form, status=400)
    frequency = form.cleaned_data["frequency"]
    if frequency == NO_EMAILS:
        subscription = Subscription.objects.filter(user=request.user).first()
        if subscription:
            subscription_delete(subscription=subscription)
        messages.success(request, "You will not get emails about new posts.")
    elif not request.user.email:
        form.add_error(
            "frequency",
            "Your account has no email address, so alerts cannot be sent. "
            "Ask the IT service desk to add one.",
        )
        return _follow_page(request, form, status=400)
    else:
        subscription = subscription_set(user=request.user, frequency=frequency)
        messages.success(
            request,
            f"Saved: {subscription.get_frequency_display().lower()}, to {request.user.email}.",
        )
    return redirect("alerts:follow")


# The link in each email must work from a mail program, signed in or not, and RFC 8058 mail
# programs POST to it without a CSRF token; the unguessable token in the address is the proof.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Confirm, then stop, the email alerts of the subscription this token belongs to."""
    subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is None:
        return render(request, "alerts/unsubscribe_unknown.html", status=404)
    if request.method == "POST":
        subscription_delete(subscription=subscription)
        return render(request, "alerts/unsubscribe_done.html")
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})


def private_feed(feed_view):
    """Wrap a feed view so it opens, without signing in, only with a live personal token."""

    @login_not_required
    def view(request, token, **kwargs):
        get_object_or_404(FeedToken.objects.active(), token=token)
        # The feed's photos get addresses its reader can open with this token (alerts.media).
        request.feed_media_address = partial(private_media_address, request, token)
        response = feed_view(request, **kwargs)
        patch_cache_control(response, private=True)
        response.headers["X-Robots-Tag"] = "noindex"
        return response

    return view
