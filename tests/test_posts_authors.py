"""The author box: the people who write, by full name, the chief executive first chosen."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.roles import MODERATORS
from posts.authors import AUTHORS
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.helpers import PUBLISHER_PERMS, make_post, make_user, post_form_data, staff_user

pytestmark = pytest.mark.django_db

ADD_POST = reverse("admin:posts_post_add")


def in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def people(db):
    """A chief executive, a communications editor, a moderator and a reader."""
    call_command("setup_roles", verbosity=0)
    return {
        "chief": in_group(make_user("ceo", first_name="Catherine", last_name="Marlow"), AUTHORS),
        "editor": in_group(
            make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True),
            COMMUNICATIONS,
        ),
        "moderator": in_group(
            make_user("mod", first_name="Morgan", last_name="Moderator", is_staff=True),
            MODERATORS,
        ),
        "reader": make_user("reader", first_name="Robin", last_name="Reader"),
    }


def author_options(page):
    box = re.search(r'<select name="author"[^>]*id="id_author"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", box.group(1))


def chosen_author(page):
    box = re.search(r'<select name="author".*?</select>', page, re.S).group(0)
    chosen = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", box)
    return chosen.group(1) if chosen else None


def test_the_author_box_lists_the_people_who_write_by_full_name(client, people):
    in_group(make_user("tom", first_name="Tom", last_name="Hebden"), COMMUNICATIONS)
    client.force_login(people["editor"])
    page = client.get(ADD_POST).text
    assert author_options(page) == ["---------", "Catherine Marlow", "Eddie Editor", "Tom Hebden"]
    assert "Morgan Moderator" not in page
    assert "Robin Reader" not in page


def test_a_new_post_is_by_the_chief_executive_at_first(client, people):
    client.force_login(people["editor"])
    assert chosen_author(client.get(ADD_POST).text) == "Catherine Marlow"


def test_without_an_authors_group_member_a_new_post_is_by_the_person_writing(client, people):
    people["chief"].groups.clear()
    client.force_login(people["editor"])
    assert chosen_author(client.get(ADD_POST).text) == "Eddie Editor"


def test_two_writers_with_one_name_are_told_apart_by_email(client, people):
    for email in ("sam.jones@c.example", "sjones2@c.example"):
        in_group(make_user(first_name="Sam", last_name="Jones", email=email), COMMUNICATIONS)
    client.force_login(people["editor"])
    options = author_options(client.get(ADD_POST).text)
    assert "Sam Jones (sam.jones@c.example)" in options
    assert "Sam Jones (sjones2@c.example)" in options
    assert "Catherine Marlow" in options


def test_a_post_keeps_an_author_who_has_left_but_new_posts_cannot_choose_them(client, people):
    leaver = make_user("left", first_name="Lee", last_name="Leaver", is_active=False)
    post = make_post(author=leaver)
    client.force_login(people["editor"])
    change = reverse("admin:posts_post_change", args=[post.pk])
    assert chosen_author(client.get(change).text) == "Lee Leaver"
    assert "Lee Leaver" not in author_options(client.get(ADD_POST).text)
    response = client.post(change, post_form_data(post, title="Still by Lee"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.author) == ("Still by Lee", leaver)


def test_an_account_that_does_not_write_cannot_be_made_a_posts_author(client, people):
    client.force_login(staff_user(perms=PUBLISHER_PERMS))
    data = post_form_data(author=str(people["reader"].pk), title="By a reader")
    response = client.post(ADD_POST, data)
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert 'value="By a reader"' in response.text
    assert not Post.objects.filter(title="By a reader").exists()


def test_having_written_once_does_not_make_a_reader_or_the_admin_an_author(client, people):
    admin = make_user("admin", first_name="Site", last_name="Administrator", is_superuser=True)
    make_post(title="An old post by the admin", author=admin)
    make_post(title="An old post by the reader", author=people["reader"])
    client.force_login(people["editor"])

    options = author_options(client.get(ADD_POST).text)
    assert "Site Administrator" not in options
    assert "Robin Reader" not in options
    for person in (admin, people["reader"]):
        data = post_form_data(author=str(person.pk), title=f"Forged for {person.username}")
        response = client.post(ADD_POST, data)
        assert response.status_code == 200
        assert "Select a valid choice." in response.text
        assert not Post.objects.filter(title=f"Forged for {person.username}").exists()


def test_a_forged_author_on_another_post_is_refused_and_the_post_keeps_its_author(client, people):
    post = make_post(title="Budget news", author=people["chief"])
    make_post(title="An old post by the reader", author=people["reader"])
    client.force_login(people["editor"])
    change = reverse("admin:posts_post_change", args=[post.pk])

    response = client.post(change, post_form_data(post, author=str(people["reader"].pk)))

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    post.refresh_from_db()
    assert post.author == people["chief"]


def test_an_administrator_in_the_communications_team_may_be_the_author(client, people):
    admin = in_group(
        make_user("admin", first_name="Site", last_name="Administrator", is_superuser=True),
        COMMUNICATIONS,
    )
    client.force_login(people["editor"])

    assert "Site Administrator" in author_options(client.get(ADD_POST).text)
    assert admin.is_superuser


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_author_box_costs_the_same_queries_with_many_writers(client, people):
    client.force_login(people["editor"])
    client.get(ADD_POST)
    few = queries_for(client, ADD_POST)
    for number in range(30):
        in_group(make_user(first_name="Writer", last_name=f"Number {number}"), COMMUNICATIONS)
    assert queries_for(client, ADD_POST) == few


def test_the_post_list_names_authors_in_full_and_filters_by_them_alone(client, people):
    make_post(title="Budget news", author=people["chief"])
    make_post(title="Library week", author=people["editor"])
    client.force_login(people["editor"])
    page = client.get(reverse("admin:posts_post_changelist")).text
    assert re.search(r'<td class="field-author_name">Catherine Marlow</td>', page)
    author_filter = re.search(r'data-filter-title="author".*?</details>', page, re.S).group(0)
    assert re.findall(r'<a href="[^"]*">([^<]+)</a>', author_filter) == [
        "All",
        "Catherine Marlow",
        "Eddie Editor",
    ]
    assert "Robin Reader" not in page


def test_the_demo_chief_executive_is_the_author_of_a_new_post(client):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="editor"))
    assert chosen_author(client.get(ADD_POST).text) == "Catherine Marlow"
