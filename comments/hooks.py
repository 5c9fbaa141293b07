"""Hooks through which higher apps hear about comments, without comments importing them.

`alerts` registers here (in its AppConfig.ready()) to email people about replies and new
comments. Each hook runs in the transaction that saved the comment, inside a savepoint: a hook
that fails is logged and undone, and the comment or the moderator's decision is still saved.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

_created = []
_shown = []


def comment_created_register(hook):
    """Call hook(comment=...) each time a comment is saved for the first time."""
    if hook not in _created:
        _created.append(hook)


def comment_shown_register(hook):
    """Call hook(comment=...) each time a comment becomes visible to readers."""
    if hook not in _shown:
        _shown.append(hook)


def _run(hooks, comment):
    for hook in hooks:
        try:
            with transaction.atomic():
                hook(comment=comment)
        except Exception:
            logger.exception("A comment hook (%s) failed for comment %s", hook, comment.pk)


def comment_created_announce(comment):
    """Tell the registered hooks a comment was saved for the first time."""
    _run(_created, comment)


def comment_shown_announce(comment):
    """Tell the registered hooks a comment is now visible to readers."""
    _run(_shown, comment)
