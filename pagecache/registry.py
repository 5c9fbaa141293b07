"""What renews cached pages: each app registers its own models and deadlines here.

`pagecache` sits below every app that shows content, so it imports none of them: an app calls
these from its `AppConfig.ready()`:

    register(Post, shown=is_published)       # a save readers could see renews both versions
    register(Comment, posts=False)           # comments show in no sidebar or related posts
    register(Photo, fields=("alt_text", ...), new_rows=False)  # seen only once a post uses it
    register_m2m(Post.tags.through)
    register_deadline(next_scheduled_post_at)

A save renews the content version (pagecache/version.py) in its own transaction when readers
could see a difference: a new row (unless new_rows=False), a deleted row, or a changed value of
one of `fields` (all concrete fields by default) on a row that `shown` says readers see before or
after the save. A save that changes nothing readers see (signing in writes `last_login`, single
sign-on creates a reader or writes the same name again, a draft is saved) renews nothing.

Signals are not sent by `QuerySet.update()`, `bulk_create()` or `bulk_update()`: code that
writes that way calls `version.bump_content_version()` itself.
"""

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from pagecache.version import bump_content_version, register_deadline

__all__ = ["register", "register_deadline", "register_m2m", "registered"]


@dataclass(frozen=True)
class Registration:
    model: type
    fields: tuple  # the field names readers see
    posts: bool  # whether the posts version (sidebar, related posts) is renewed too
    shown: object  # function(instance) -> bool, or None: every row is seen by readers
    new_rows: bool  # whether a new row is seen before another change (a post using it) renews

    def seen_values(self, instance):
        # Deferred fields were not loaded, so a save leaves them as they were.
        return {
            name: getattr(instance, attname)
            for name, attname in self._attnames()
            if attname in instance.__dict__
        }

    def _attnames(self):
        return [(name, self.model._meta.get_field(name).attname) for name in self.fields]

    def is_shown(self, instance):
        return self.shown is None or bool(self.shown(instance))

    def renew(self):
        bump_content_version(posts=self.posts)


_registry = {}


def registered():
    """Return the registrations, by model: for the docs and the tests."""
    return dict(_registry)


def _seen_fields(model, fields):
    if fields is not None:
        return tuple(fields)
    # Every concrete field, but not one the database computes (a search document).
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False)
    )


def register(model, *, fields=None, posts=True, shown=None, new_rows=True):
    """Renew cached pages when rows of `model` readers could see are saved or deleted.

    fields: the names of the fields readers see (default: every concrete field); a save that
    changes none of them renews nothing. posts=False: the change shows only where comments do
    (pages and comment sections), not in the sidebar or related posts. shown(instance): whether
    readers can see the row at all (a draft post: no); a save renews only if the row was shown
    before or after it. new_rows=False: a new row shows nowhere until another registered change
    puts it on a page (a new user until they write; a photo until a post uses it).
    """
    entry = Registration(model, _seen_fields(model, fields), posts, shown, new_rows)
    _registry[model] = entry
    uid = f"pagecache-{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre-save")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
    return model


def register_m2m(through, *, posts=True):
    """Renew cached pages when rows are added to or removed from a many-to-many relation."""

    def changed(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            bump_content_version(posts=posts)

    m2m_changed.connect(
        changed,
        sender=through,
        weak=False,
        dispatch_uid=f"pagecache-m2m-{through._meta.label_lower}",
    )
    return through


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    entry = _registry[sender]
    instance._pagecache_before = None
    if instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(entry.fields):
        # Signing in saves last_login only, for one.
        instance._pagecache_before = False
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is not None:
        instance._pagecache_before = (entry.is_shown(stored), entry.seen_values(stored))


def _after_save(sender, instance, **kwargs):
    entry = _registry[sender]
    before = instance.__dict__.pop("_pagecache_before", None)
    if before is False:
        return
    if before is None:
        # A new row.
        if entry.new_rows and entry.is_shown(instance):
            entry.renew()
        return
    was_shown, old_values = before
    if not (was_shown or entry.is_shown(instance)):
        return
    new_values = entry.seen_values(instance)
    if any(old_values.get(name) != value for name, value in new_values.items()):
        entry.renew()


def _after_delete(sender, instance, **kwargs):
    entry = _registry[sender]
    if entry.is_shown(instance):
        entry.renew()
