from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from taggit.models import Tag

from alerts.forms import NO_EMAILS, AlertsForm, CommentEmailsForm
from alerts.media import private_media_address
from alerts.models import CommentEmail, EmailSettings, FeedToken, Subscription
from alerts.services import (
    feed_token_create,
    feed_token_revoke,
    subscription_delete,
    subscription_set,
)
from posts.models import Post

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def writes_posts(user):
    """Return whether the person writes posts, so may want to hear of comments on theirs."""
    return user.has_perm("posts.change_post") or Post.objects.filter(author=user).exists()


def _comment_emails_form(request, data=None):
    chosen = EmailSettings.objects.filter(user=request.user).first()
    return CommentEmailsForm(
        data, instance=chosen or EmailSettings(), writes_posts=writes_posts(request.user)
    )


def _follow_page(request, form, status=200, comment_form=None):
    token = FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    tags = (
        Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
        .annotate(count=Count("tagged_posts"))
        .order_by("name")
    )
    context = {
        "form": form,
        "comment_form": comment_form or _comment_emails_form(request),
        "comments_mailbox": bool(settings.CEOBLOG_COMMENTS_MAILBOX),
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


SAVED_WORDS = {
    "replies": "when someone replies to one of your comments",
    "official_replies": "when an official reply is posted on a post you commented on",
    "new_comments": "when someone comments on one of your posts",
}


@login_required
@require_POST
def comment_emails(request):
    """Save which emails about comments the signed-in user wants."""
    form = _comment_emails_form(request, request.POST)
    if not form.is_valid():
        return _follow_page(request, AlertsForm(), status=400, comment_form=form)
    chosen = form.save(commit=False)
    chosen.user = request.user
    chosen.save()
    wanted = [SAVED_WORDS[name] for name in form.fields if form.cleaned_data[name]]
    if wanted:
        messages.success(request, f"Saved. You will get an email {' and '.join(wanted)}.")
    else:
        messages.success(request, "Saved. You will get no emails about comments.")
    if not request.user.email:
        messages.warning(
            request,
            "Your account has no email address, so nothing can be sent yet. "
            "Ask the IT service desk to add one.",
        )
    return redirect(reverse("alerts:follow") + "#comment-emails-heading")


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


STOP_WORDS = {
    CommentEmail.REPLIES: "emails about replies to your comments",
    CommentEmail.OFFICIAL_REPLIES: "emails about official replies on posts you commented on",
    CommentEmail.NEW_COMMENTS: "emails about new comments on your posts",
}


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def comment_unsubscribe(request, kind, token):
    """Confirm, then turn off, one kind of email about comments for this token's owner."""
    chosen = EmailSettings.objects.filter(unsubscribe_token=token).select_related("user").first()
    if chosen is None or kind not in CommentEmail.values:
        return render(request, "alerts/unsubscribe_unknown.html", status=404)
    context = {"chosen": chosen, "what": STOP_WORDS[kind]}
    if request.method == "POST":
        setattr(chosen, EmailSettings.FIELDS[kind], False)
        chosen.save(update_fields=[EmailSettings.FIELDS[kind]])
        return render(request, "alerts/comment_unsubscribe_done.html", context)
    return render(request, "alerts/comment_unsubscribe.html", context)


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
