"""Anonymising a leaver erases what they read and how they reacted; the totals stay."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.services import user_anonymise
from reactions.models import Reaction
from reactions.services import reaction_set
from readership.models import DailyReads, Directorate, Read
from tests.helpers import make_post, make_user

pytestmark = pytest.mark.django_db


def test_anonymising_a_leaver_deletes_their_reads_reactions_and_directorate():
    post = make_post()
    leaver, colleague = make_user("leaver"), make_user("colleague")
    for person in (leaver, colleague):
        Read.objects.create(post=post, user=person, first_read_at=timezone.now())
        reaction_set(post=post, user=person, kind="thanks", pressed=True)
    Directorate.objects.create(user=leaver, name="Highways")
    DailyReads.objects.create(
        post=post, day=timezone.localdate(), directorate="Highways", readers=2
    )

    user_anonymise(user=leaver, actor=make_user("itdesk"), remove_comments=False)

    assert not Read.objects.filter(user=leaver).exists()
    assert not Reaction.objects.filter(user=leaver).exists()
    assert not Directorate.objects.filter(user=leaver).exists()
    # Colleagues keep theirs, and the totals, which name no one, are kept.
    assert Read.objects.filter(user=colleague).count() == 1
    assert Reaction.objects.filter(user=colleague).count() == 1
    assert DailyReads.objects.get().readers == 2


def test_a_leavers_thank_you_leaves_the_count_on_the_cached_post_page_at_once():
    cache.clear()
    post = make_post()
    leaver = make_user("leaver")
    reader = Client()
    reader.force_login(make_user("reader"))
    reaction_set(post=post, user=leaver, kind="thanks", pressed=True)
    assert 'data-count-of="thanks">1<' in reader.get(post.get_absolute_url()).text

    user_anonymise(user=leaver, actor=make_user("itdesk"), remove_comments=False)

    assert 'data-count-of="thanks">0<' in reader.get(post.get_absolute_url()).text
