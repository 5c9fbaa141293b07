"""Comments, search results and feeds served from the cache are never stale."""

import pytest
from django.core.cache import cache
from django.test import Client

from comments.services import comment_moderate, post_comments_close
from pagecache.models import ContentVersion
from pagecache.version import POSTS
from tests.helpers import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def count_link(post, label):
    return f'<a href="{post.get_absolute_url()}#comments">{label}</a>'


def signed_in(username):
    client = Client()
    client.force_login(make_user(username, first_name=username.title(), last_name="Staff"))
    return client


def test_a_new_comment_shows_at_once_on_the_post_and_in_the_counts_on_lists(reader_client):
    post = make_post(title="Winter gritting", tags=["roads"])
    make_comment(post=post, body="First thoughts on gritting.")
    url = post.get_absolute_url()
    assert "1 Comment" in reader_client.get(url).text
    assert count_link(post, "1 Comment") in reader_client.get("/tag/roads/").text

    make_comment(post=post, body="Thanks to the depot team.")

    page = reader_client.get(url).text
    assert "Thanks to the depot team." in page
    assert '<h2 id="comments-title">2 Comments</h2>' in page
    assert count_link(post, "2 Comments") in reader_client.get("/tag/roads/").text
    assert "Thanks to the depot team." in signed_in("sam").get(url).text


def test_approving_a_held_comment_shows_it_to_every_reader_at_once(reader_client):
    post = make_post()
    held = make_comment(post=post, body="Please add the library hours.", status="pending")
    url = post.get_absolute_url()
    assert "Please add the library hours." not in reader_client.get(url).text

    comment_moderate(comments=[held], state="approved", moderator=make_user(is_staff=True))

    assert "Please add the library hours." in reader_client.get(url).text
    assert "Please add the library hours." in signed_in("sam").get(url).text


def test_a_readers_held_comment_shows_to_them_and_to_no_one_else(reader_client, reader):
    post = make_post()
    make_comment(post=post, body="Seen by all.")
    url = post.get_absolute_url()
    sam = signed_in("sam")
    sam.get(url)
    make_comment(post=post, author=reader, body="Mine, waiting.", status="pending")

    own = reader_client.get(url).text
    other = sam.get(url).text

    assert "Seen by all." in own
    assert "Mine, waiting." in own
    assert "awaiting moderation" in own
    assert "Seen by all." in other
    assert "Mine, waiting." not in other


def test_closing_comments_shows_at_once_on_the_post_and_on_lists(reader_client):
    quiet = make_post(title="Quiet post", tags=["roads"])
    talked = make_post(title="Talked about", tags=["roads"])
    make_comment(post=talked, body="An approved comment.")
    assert 'id="comment-form"' in reader_client.get(talked.get_absolute_url()).text
    assert count_link(quiet, "No Comments") in reader_client.get("/tag/roads/").text

    post_comments_close(posts=[quiet, talked])

    page = reader_client.get(talked.get_absolute_url()).text
    assert "Comments are closed." in page
    assert 'id="comment-form"' not in page
    assert "?replyto=" not in page
    assert "An approved comment." in page
    assert count_link(quiet, "Comments Closed") in reader_client.get("/tag/roads/").text


def test_the_reply_links_of_the_shared_comments_follow_the_switch(reader_client):
    post = make_post()
    comment = make_comment(post=post)
    url = post.get_absolute_url()
    assert f"?replyto={comment.pk}" in reader_client.get(url).text
    post_comments_close(posts=[post])
    assert f"?replyto={comment.pk}" not in signed_in("sam").get(url).text


def test_a_new_comment_keeps_the_sidebar_but_a_new_post_renews_it(reader_client):
    post = make_post()
    commenter = make_user()
    posts_token = ContentVersion.objects.get(pk=POSTS).token

    make_comment(post=post, author=commenter)
    assert ContentVersion.objects.get(pk=POSTS).token == posts_token

    make_post(title="Budget news")
    assert ContentVersion.objects.get(pk=POSTS).token != posts_token
    assert "Budget news" in reader_client.get(post.get_absolute_url()).text


def test_a_new_post_shows_at_once_in_cached_search_results_and_feeds(reader_client):
    author = make_user("chief", first_name="Chief", last_name="Executive")
    make_post(title="Library opening hours", body="<p>The library opens early.</p>", author=author)
    pages = ["/search/?q=library", "/feed/", "/feed/atom/", "/author/chief/feed/"]
    for url in pages:
        assert reader_client.get(url).status_code == 200, url

    make_post(title="Library van returns", body="<p>The mobile library is back.</p>", author=author)

    for url in pages:
        assert "Library van returns" in reader_client.get(url).text, url


def test_each_reader_is_named_in_the_comment_form_of_a_shared_post_page():
    post = make_post(title="Winter gritting")
    url = post.get_absolute_url()
    robin = Client()
    robin.force_login(make_user("robin", first_name="Robin", last_name="Reader"))
    odd = Client()
    odd.force_login(make_user("odd", first_name="<b>Odd</b>", last_name="& Co"))

    assert "You are commenting as Robin Reader." in robin.get(url).text
    page = odd.get(url).text
    assert "You are commenting as &lt;b&gt;Odd&lt;/b&gt; &amp; Co." in page
    assert "Robin" not in page
    assert "<b>Odd</b>" not in page


def test_only_readers_allowed_official_replies_get_the_box_on_a_shared_post_page():
    post = make_post(title="Winter gritting")
    url = post.get_absolute_url()
    officer = Client()
    officer.force_login(make_user("officer", perms=["comments.post_official_reply"]))
    plain = signed_in("sam")

    assert "Post as an official reply" in officer.get(url).text
    assert "Post as an official reply" not in plain.get(url).text
    assert "Post as an official reply" in officer.get(url).text


def test_a_reader_replying_gets_their_own_form_on_a_shared_post_page(reader_client):
    post = make_post(title="Winter gritting")
    first = make_comment(post=post, body="Which roads first?")
    url = post.get_absolute_url()
    assert "Leave a comment" in reader_client.get(url).text

    page = reader_client.get(f"{url}?replyto={first.pk}").text

    assert f"Reply to {first.author_name}" in page
    assert "Leave a comment" in signed_in("sam").get(url).text
