import html
import re
from datetime import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from posts.models import Post, TaggedPost
from posts.sanitize import sanitize_html
from tests.helpers import make_post

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["reader", "editor", "moderator", "office", "admin"]
LOGIN_LINE = re.compile(r"username (?P<username>\S+)\s+password (?P<password>\S+)")


def load_demo():
    """Run `manage.py load_demo` and return what it printed."""
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def printed_logins(output):
    return [(m["username"], m["password"]) for m in LOGIN_LINE.finditer(output)]


def demo_counts():
    return {
        "users": get_user_model().objects.count(),
        "posts": Post.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": TaggedPost.objects.count(),
    }


@pytest.fixture
def demo_reader_client(client):
    """Load the demo and sign in as its reader, with the login load_demo printed."""
    logins = dict(printed_logins(load_demo()))
    assert client.login(username="reader", password=logins["reader"])
    return client


def makefile_rules():
    """Parse the Makefile into {target: (prerequisites, recipe lines)}."""
    rules = {}
    current = []
    text = (settings.BASE_DIR / "Makefile").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("\t"):
            for target in current:
                rules[target][1].append(line.strip())
            continue
        rule = re.match(r"^([^\s:=#][^:=#]*):(?!=)(.*)$", line)
        # "target: VAR = value" sets a variable for that target; it is not a rule.
        if rule and "=" not in rule[2]:
            current = rule[1].split()
            for target in current:
                rules.setdefault(target, ([], []))[0].extend(rule[2].split())
        elif line.strip() and not line.startswith("#"):
            current = []
    return rules


def commands_for(target, rules):
    """Return every recipe line `make target` runs, prerequisites first."""
    prerequisites, recipe = rules[target]
    commands = []
    for prerequisite in prerequisites:
        if prerequisite in rules:
            commands += commands_for(prerequisite, rules)
    return commands + recipe


def test_load_demo_prints_a_login_for_the_reader_editor_and_admin():
    output = load_demo()

    logins = printed_logins(output)
    assert [username for username, _ in logins] == DEMO_USERNAMES
    assert all(password for _, password in logins)
    assert "Sign in with:" in output


def test_the_printed_logins_sign_in_to_the_demo_accounts(client):
    logins = dict(printed_logins(load_demo()))

    for username, password in logins.items():
        assert client.login(username=username, password=password), username
        client.logout()
    users = get_user_model().objects.in_bulk(DEMO_USERNAMES, field_name="username")
    assert not users["reader"].has_perm("posts.change_post")
    assert users["editor"].has_perm("posts.change_post")
    assert not users["editor"].is_superuser
    assert users["admin"].is_superuser


def test_demo_accounts_exist_only_after_load_demo():
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()

    load_demo()

    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == len(
        DEMO_USERNAMES
    )


def test_loading_the_demo_twice_leaves_the_same_content():
    load_demo()
    first = demo_counts()
    titles = set(Post.objects.values_list("title", flat=True))

    load_demo()

    assert demo_counts() == first
    assert set(Post.objects.values_list("title", flat=True)) == titles


def test_demo_has_at_least_40_published_posts_over_at_least_four_years():
    load_demo()

    published = Post.objects.published()
    assert published.count() >= 40
    assert len({day.year for day in published.values_list("published_on", flat=True)}) >= 4


def test_demo_has_at_least_ten_tags_in_use_with_varied_counts():
    load_demo()

    counts = (
        Tag.objects.annotate(
            n=Count(
                "tagged_posts", filter=Q(tagged_posts__content_object__in=Post.objects.published())
            )
        )
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    assert len(counts) >= 10
    assert len(set(counts)) >= 4


def test_demo_posts_are_by_two_authors_who_cannot_sign_in():
    load_demo()

    authors = get_user_model().objects.filter(posts__in=Post.objects.published()).distinct()
    assert authors.count() == 2
    for author in authors:
        assert author.username not in DEMO_USERNAMES
        assert author.get_full_name()
        assert not author.has_usable_password()
        assert author.is_active
        assert not author.is_staff


def test_demo_has_a_few_drafts_and_exactly_one_scheduled_post():
    load_demo()

    drafts = Post.objects.filter(status=Post.Status.DRAFT)
    scheduled = Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
    assert 2 <= drafts.count() <= 3
    assert all(title.startswith("Draft: ") for title in drafts.values_list("title", flat=True))
    assert scheduled.count() == 1
    assert scheduled.get().title.startswith("Scheduled: ")


def test_the_demo_scheduled_post_stays_in_the_future_after_its_date_has_passed(monkeypatch):
    later = timezone.make_aware(datetime(2033, 3, 1, 12, 0))
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    load_demo()

    scheduled = Post.objects.get(title__startswith="Scheduled: ")
    assert later < scheduled.published_at < later.replace(year=2034)
    assert scheduled not in Post.objects.published()


def test_exactly_one_demo_post_is_sticky_and_it_leads_the_home_page(demo_reader_client):
    sticky = Post.objects.published().get(is_sticky=True)

    response = demo_reader_client.get(reverse("posts:index"))

    assert Post.objects.filter(is_sticky=True).count() == 1
    assert response.context["object_list"][0] == sticky


def test_a_reader_never_sees_the_demo_drafts_or_scheduled_post_on_any_home_page(
    demo_reader_client,
):
    hidden = Post.objects.exclude(pk__in=Post.objects.published())
    assert hidden.count() >= 3

    pages = []
    url = reverse("posts:index")
    while url:
        response = demo_reader_client.get(url)
        assert response.status_code == 200
        pages.append(response.text)
        url = response.context["older_url"]
    everything = "".join(pages)

    for post in hidden:
        assert html.escape(post.title) not in everything
    for post in Post.objects.published():
        assert html.escape(post.title) in everything
    assert "Draft:" not in everything
    assert "Scheduled:" not in everything


def test_every_demo_post_opens_at_its_address(demo_reader_client):
    for post in Post.objects.published():
        response = demo_reader_client.get(post.get_absolute_url())
        assert response.status_code == 200, post.get_absolute_url()
        assert html.escape(post.title) in response.text


def test_demo_bodies_and_days_are_what_saving_would_have_made_them():
    # loaddata skips Post.save(), so the fixture itself must hold the derived columns.
    load_demo()

    for post in Post.objects.all():
        assert sanitize_html(post.body) == post.body, post.title
        assert post.published_on == post.local_published_on(), post.title


def test_demo_tag_with_a_capital_and_an_apostrophe_is_headed_with_its_escaped_name(
    demo_reader_client,
):
    tag = Tag.objects.get(name="Chief Executive's awards")

    response = demo_reader_client.get(reverse("posts:tag", kwargs={"slug": tag.slug}))

    assert response.status_code == 200
    assert "Posts Tagged ‘Chief Executive&#x27;s awards’" in response.text


def test_new_posts_and_tags_can_be_added_after_the_demo_loads():
    load_demo()
    before = Post.objects.count()

    post = make_post(title="After the demo", tags=["brand new tag"])

    assert Post.objects.count() == before + 1
    assert list(post.tags.names()) == ["brand new tag"]


def test_makefile_run_target_migrates_loads_the_demo_and_serves():
    rules = makefile_rules()

    commands = " && ".join(commands_for("run", rules))

    assert "run" in rules[".PHONY"][0]
    migrate = commands.index("manage.py migrate")
    demo = commands.index("manage.py load_demo")
    serve = commands.index("manage.py runserver")
    assert migrate < demo < serve


def test_makefile_test_target_runs_pytest():
    rules = makefile_rules()

    commands = commands_for("test", rules)

    assert "test" in rules[".PHONY"][0]
    programs = [command.split()[0] for command in commands if command.split()]
    assert any(program == "pytest" or program.endswith("/pytest") for program in programs)
