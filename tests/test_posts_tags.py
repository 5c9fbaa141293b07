"""Tags: suggestions as an editor types, one tag whatever its case, rename and merge with 301s."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from alerts.services import feed_token_create
from comments.roles import MODERATORS
from posts.models import OldTagSlug, Post, TaggedPost
from posts.roles import COMMUNICATIONS
from posts.tagging import tag_rename
from tests.helpers import PUBLISHER_PERMS, make_post, make_user, post_form_data, staff_user

pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("admin:posts_post_tag_suggestions")
TAGS = reverse("admin:taggit_tag_changelist")
ADD_POST = reverse("admin:posts_post_add")


def member_of(group_name, username):
    call_command("setup_roles", verbosity=0)
    user = make_user(username, first_name="Eddie", last_name="Editor", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def communications(client):
    client.force_login(member_of(COMMUNICATIONS, "comms"))
    return client


def names(response):
    return [tag["name"] for tag in response.json()["tags"]]


# --- Suggestions -------------------------------------------------------------------------------


def test_suggestions_match_in_any_case_with_tags_starting_with_the_text_first(communications):
    make_post(tags=["Thank you"])
    make_post(tags=["Thanks"])
    make_post(tags=["Thanks"])
    make_post(tags=["Roads"])
    make_post(tags=["Many thanks"])
    response = communications.get(SUGGESTIONS, {"q": "THAN"})
    assert response.status_code == 200
    assert names(response) == ["Thanks", "Thank you", "Many thanks"]


def test_suggestions_without_text_are_the_most_used_tags_drafts_included(communications):
    make_post(tags=["Roads", "Thanks"])
    make_post(tags=["Thanks"], status=Post.Status.DRAFT)
    make_post(tags=["Libraries", "Thanks", "Roads"])
    Tag.objects.create(name="Unused")
    response = communications.get(SUGGESTIONS)
    assert response.json()["tags"] == [
        {"name": "Thanks", "posts": 3},
        {"name": "Roads", "posts": 2},
        {"name": "Libraries", "posts": 1},
    ]


def test_suggestions_for_odd_text_are_empty_not_an_error(communications):
    make_post(tags=["Thanks"])
    for text in ["%", "_", "'; drop table", "x" * 5000]:
        response = communications.get(SUGGESTIONS, {"q": text})
        assert response.status_code == 200
        assert names(response) == []
    assert communications.get(SUGGESTIONS, {"q": "th\x00"}).status_code in {200, 400}


def test_suggestions_need_a_person_who_writes_posts(client):
    make_post(tags=["Thanks"])
    assert client.get(SUGGESTIONS).status_code == 302  # the sign-in page
    client.force_login(member_of(MODERATORS, "mod"))
    response = client.get(SUGGESTIONS, {"q": "th"})
    assert response.status_code == 403
    assert "Thanks" not in response.text


# --- The tag box on the post form ---------------------------------------------------------------


def test_the_post_form_tag_box_keeps_its_name_and_id_and_offers_suggestions(communications):
    post = make_post(tags=["Thanks", "thank you all"])
    page = communications.get(reverse("admin:posts_post_change", args=[post.pk])).text
    box = re.search(r"<input[^>]*name=\"tags\"[^>]*>", page).group(0)
    assert 'id="id_tags"' in box
    assert f'data-tag-suggest="{SUGGESTIONS}"' in box
    chosen = re.search(r'data-tag-names="([^"]*)"', box).group(1).replace("&quot;", '"')
    assert sorted(json.loads(chosen)) == ["Thanks", "thank you all"]
    assert "admin-extras/tags.js" in page
    assert "Separate tags with commas." in page


def test_a_tag_typed_in_another_case_joins_the_existing_tag(client):
    publisher = staff_user(perms=PUBLISHER_PERMS)
    client.force_login(publisher)
    make_post(tags=["Thanks"])
    data = post_form_data(author=str(publisher.pk), tags="thanks, ROADS")
    response = client.post(ADD_POST, data)
    assert response.status_code == 302
    post = Post.objects.get(slug=data["slug"])
    assert sorted(tag.name for tag in post.tags.all()) == ["ROADS", "Thanks"]
    assert Tag.objects.filter(name__iexact="thanks").count() == 1


def test_a_tag_name_over_100_characters_is_refused_with_a_message_and_nothing_lost(client):
    publisher = staff_user(perms=PUBLISHER_PERMS)
    client.force_login(publisher)
    long_name = "gritting " * 15
    data = post_form_data(
        author=str(publisher.pk), title="Winter roads", tags=f"roads, {long_name}"
    )
    response = client.post(ADD_POST, data)
    assert response.status_code == 200
    assert "A tag can be at most 100 characters long" in response.text
    assert "has 134." in response.text
    assert 'value="Winter roads"' in response.text
    assert "gritting gritting" in response.text
    assert not Post.objects.filter(title="Winter roads").exists()


# --- Renaming -----------------------------------------------------------------------------------


def test_communications_renames_a_tag_and_its_old_addresses_answer_301(communications):
    tag = make_post(tags=["Thank you"]).tags.get()
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    response = communications.post(url, {"name": "Thanks", "slug": "thanks"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Thanks", "thanks")
    for old, new in [
        ("/tag/thank-you/", "/tag/thanks/"),
        ("/tag/thank-you/page/2/", "/tag/thanks/page/2/"),
        ("/tag/thank-you/feed/", "/tag/thanks/feed/"),
        ("/tag/thank-you/feed/atom/", "/tag/thanks/feed/atom/"),
    ]:
        response = communications.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert communications.get("/tag/thanks/").status_code == 200


def test_a_tag_renamed_twice_leads_from_both_old_addresses_to_the_newest(communications):
    tag = make_post(tags=["Thank you"]).tags.get()
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    communications.post(url, {"name": "Thank yous", "slug": "thank-yous"})
    communications.post(url, {"name": "Thanks", "slug": "thanks"})
    assert communications.get("/tag/thank-you/")["Location"] == "/tag/thanks/"
    assert communications.get("/tag/thank-yous/")["Location"] == "/tag/thanks/"
    # Given back its first slug, the tag answers there itself.
    communications.post(url, {"name": "Thank you", "slug": "thank-you"})
    assert communications.get("/tag/thank-you/").status_code == 200
    assert communications.get("/tag/thanks/")["Location"] == "/tag/thank-you/"


def test_renaming_to_a_name_that_exists_in_another_case_suggests_merging(communications):
    make_post(tags=["thanks"])
    tag = make_post(tags=["Thank you"]).tags.get(name="Thank you")
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    response = communications.post(url, {"name": "Thanks", "slug": "thanks-2"})
    assert response.status_code == 200
    assert "There is already a tag “thanks”" in response.text
    assert "Merge selected tags" in response.text
    tag.refresh_from_db()
    assert tag.name == "Thank you"


def test_a_tag_name_over_100_characters_in_the_tag_list_is_a_form_error(communications):
    tag = make_post(tags=["Thanks"]).tags.get()
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    response = communications.post(url, {"name": "x" * 101, "slug": "x" * 101})
    assert response.status_code == 200
    assert "Ensure this value has at most 100 characters (it has 101)." in response.text
    tag.refresh_from_db()
    assert tag.name == "Thanks"


def test_an_unknown_tag_address_is_still_a_404(communications):
    assert communications.get("/tag/never-was/").status_code == 404


# --- Merging ------------------------------------------------------------------------------------


def merge(client, tags, keep=None):
    data = {"action": "merge_tags", "_selected_action": [tag.pk for tag in tags]}
    if keep is not None:
        data.update(confirm="Merge tags", keep=keep.pk)
    return client.post(TAGS, data)


def test_merging_asks_which_tag_to_keep_with_the_most_used_chosen(communications):
    thanks = make_post(tags=["thanks"]).tags.get()
    make_post(tags=["thanks"])
    thank_you = make_post(tags=["thank you"]).tags.get()
    response = merge(communications, [thank_you, thanks])
    assert response.status_code == 200
    page = response.text
    assert "<h1>Merge tags</h1>" in page
    assert re.search(rf'value="{thanks.pk}"[^>]*checked', page)
    assert "thanks (2 posts)" in page
    assert "thank you (1 post)" in page
    assert Tag.objects.count() == 2


def test_merging_thank_you_into_thanks_moves_every_post_and_redirects(communications):
    both = make_post(tags=["thanks", "thank you"])
    only_old = make_post(tags=["thank you"])
    only_new = make_post(tags=["thanks"])
    thanks, thank_you = Tag.objects.get(name="thanks"), Tag.objects.get(name="thank you")
    response = merge(communications, [thanks, thank_you], keep=thanks)
    assert response.status_code == 302
    assert not Tag.objects.filter(name="thank you").exists()
    for post in (both, only_old, only_new):
        assert [tag.name for tag in post.tags.all()] == ["thanks"]
    assert TaggedPost.objects.filter(tag=thanks).count() == 3
    redirect = communications.get("/tag/thank-you/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/tag/thanks/")
    message = communications.get(TAGS).text
    assert "Merged “thank you” into “thanks”. Their old addresses now lead to it." in message


def test_merging_a_renamed_tag_carries_its_older_addresses_along(communications):
    old = make_post(tags=["Thank you"]).tags.get()
    communications.post(
        reverse("admin:taggit_tag_change", args=[old.pk]), {"name": "Ta", "slug": "ta"}
    )
    keep = make_post(tags=["Thanks"]).tags.get()
    merge(communications, [Tag.objects.get(slug="ta"), keep], keep=keep)
    assert communications.get("/tag/thank-you/")["Location"] == "/tag/thanks/"
    assert communications.get("/tag/ta/")["Location"] == "/tag/thanks/"
    assert set(OldTagSlug.objects.values_list("slug", flat=True)) == {"thank-you", "ta"}


def test_merging_without_choosing_a_tag_to_keep_says_so(communications):
    tags = [make_post(tags=[name]).tags.get() for name in ("thanks", "thank you")]
    response = communications.post(
        TAGS,
        {"action": "merge_tags", "_selected_action": [tag.pk for tag in tags], "confirm": "1"},
    )
    assert response.status_code == 400
    assert "Choose the tag to keep." in response.text
    assert Tag.objects.count() == 2


def test_merging_one_tag_alone_asks_for_two(communications):
    tag = make_post(tags=["thanks"]).tags.get()
    response = merge(communications, [tag])
    assert response.status_code == 302
    assert "Tick at least two tags to merge." in communications.get(TAGS).text


def test_moderators_and_plain_writers_cannot_rename_or_merge_tags(client):
    thanks = make_post(tags=["thanks"]).tags.get()
    thank_you = make_post(tags=["thank you"]).tags.get()
    for user in (member_of(MODERATORS, "mod"), staff_user(perms=PUBLISHER_PERMS)):
        client.force_login(user)
        change = reverse("admin:taggit_tag_change", args=[thanks.pk])
        assert client.post(change, {"name": "Ta", "slug": "ta"}).status_code == 403
        assert merge(client, [thanks, thank_you], keep=thanks).status_code == 403
    assert Tag.objects.count() == 2
    assert not OldTagSlug.objects.exists()


def test_the_tag_list_shows_how_many_posts_each_tag_has(communications):
    make_post(tags=["thanks"])
    make_post(tags=["thanks", "roads"])
    page = communications.get(TAGS).text
    assert "<h1>Tags</h1>" in page
    assert re.search(r"thanks</a></th>.*?<td[^>]*>2</td>", page, re.S)


def test_old_tag_addresses_in_private_feeds_and_wordpress_queries_follow_a_rename(client):
    reader = make_user("reader")
    token = feed_token_create(user=reader).token
    tag = make_post(tags=["Thank you"]).tags.get()
    tag_rename(tag=tag, name="Thanks", slug="thanks")
    response = client.get(f"/feed/private/{token}/tag/thank-you/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"/feed/private/{token}/tag/thanks/",
    )
    assert client.get("/feed/private/not-a-token/tag/thank-you/").status_code == 404
    client.force_login(reader)
    response = client.get("/?tag=thank-you")
    assert (response.status_code, response["Location"]) == (301, "/tag/thanks/")


def test_a_long_tag_whose_address_is_taken_is_refused_not_a_crash(client):
    make_post(tags=["a" * 99 + "!"])
    publisher = staff_user(perms=PUBLISHER_PERMS)
    client.force_login(publisher)
    data = post_form_data(author=str(publisher.pk), title="Near twin", tags="a" * 99 + "?")
    response = client.post(ADD_POST, data)
    assert response.status_code == 200
    assert "is too close to an existing tag&#x27;s address" in response.text
    assert not Post.objects.filter(title="Near twin").exists()
    # The existing tag itself, in any case, is still simply chosen.
    data = post_form_data(author=str(publisher.pk), title="Twin", tags="A" * 99 + "!")
    assert client.post(ADD_POST, data).status_code == 302
    assert [tag.name for tag in Post.objects.get(title="Twin").tags.all()] == ["a" * 99 + "!"]
