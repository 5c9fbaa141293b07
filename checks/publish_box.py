"""The Checks part of the writing screen's publish box (registered with posts.writing)."""

from django.template.loader import render_to_string
from django.urls import reverse

from checks.gate import APPROVE_PERMISSION, overridden_keys
from checks.inputs import analyse_form, form_post
from checks.markup import parse, text_blocks
from checks.models import CheckOverride
from checks.plain_english import LONG_SENTENCE_WORDS, READING_AGE_TARGET, sentences


def summary_words(problems, suggestions):
    if not problems and not suggestions:
        return "No problems to fix, no suggestions."
    parts = []
    if problems:
        parts.append(f"{problems} problem{'s' if problems != 1 else ''} to fix")
    else:
        parts.append("No problems to fix")
    if suggestions:
        parts.append(f"{suggestions} suggestion{'s' if suggestions != 1 else ''}")
    return ", ".join(parts) + "."


def marked_paragraphs(body, long_sentences):
    """The text's paragraphs as sentences, each saying whether it is a long one."""
    long = set(long_sentences)
    return [
        [{"text": sentence, "long": sentence in long} for sentence in sentences([block])]
        for block in text_blocks(parse(body))
    ]


def findings_context(report, *, post, body):
    covered = overridden_keys(post) if post is not None else set()
    problems = [f for f in report.problems if f.key not in covered]
    overridden = [f for f in report.problems if f.key in covered]
    groups = [
        (kind, [f for f in findings if not f.blocking]) for kind, findings in report.by_kind()
    ]
    return {
        "report": report,
        "problems": problems,
        "overridden": overridden,
        "suggestion_groups": [(kind, found) for kind, found in groups if found],
        "summary": summary_words(len(problems), len(report.suggestions)),
        "reading_age_target": READING_AGE_TARGET,
        "long_sentence_words": LONG_SENTENCE_WORDS,
        "paragraphs": marked_paragraphs(body, report.long_sentences)
        if report.long_sentences
        else [],
    }


def render_findings(report, *, post, body):
    return render_to_string("checks/_findings.html", findings_context(report, post=post, body=body))


def checks_panel(*, request, post, form):
    """Render the Checks part: findings now, refreshed by checks.js as the post is written."""
    if form is None or "body" not in form.fields:
        return ""
    report = analyse_form(form, post)
    shown = form_post(form, post)
    body = form.data.get("body", "") if form.is_bound else (shown.body if shown else "")
    user = request.user
    may_override = post is not None and user.has_perm(APPROVE_PERMISSION)
    context = {
        **findings_context(report, post=post, body=body),
        "analyse_url": reverse("checks:analyse", args=[post.pk])
        if post
        else reverse("checks:analyse-new"),
        "may_override": may_override,
        "override_url": reverse("checks:override", args=[post.pk]) if may_override else "",
        "override_button": "_update"
        if post and post.status == post.Status.PUBLISHED
        else "_publish",
        "overrides": CheckOverride.objects.filter(post=post).select_related("created_by")
        if post is not None
        else [],
    }
    return render_to_string("checks/panel.html", context, request=request)


def checks_box(box, *, post, user, request, form):
    """Add the Checks part to the writing screen's publish box (posts.writing's hook)."""
    if request is None:
        return
    html = checks_panel(request=request, post=post, form=form)
    if html:
        box["extras"].append({"html": html})
