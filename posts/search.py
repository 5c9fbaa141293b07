"""Find published posts by words: PostgreSQL full-text search, or a plain fallback elsewhere."""

import html
import re
from functools import partial

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from posts.fulltext import SEARCH_CONFIG
from posts.models import Post

QUERY_MAX_LENGTH = 200
# How many of the newest matches are ranked; readers are told when there were more.
SEARCH_POOL = 500
# ts_headline wraps matches in these; they are stripped from the text first, so after escaping
# they can only stand for a match and are the only thing turned back into markup.
START_SEL = "\u27e6"
STOP_SEL = "\u27e7"
SNIPPET_WORDS = 40
FALLBACK_MAX_WORDS = 8
# Where a heading, paragraph, list item or cell ends, the text of the next one must not run on
# from it ("Gritting crewsThey went out"): the end becomes this mark, then a space if the text
# already ended in punctuation, or a dash if not (headings and list items seldom do).
BLOCK_END = "\u2029"
BLOCK_END_TAGS = r"</(?:h[1-6]|p|li|dt|dd|blockquote|figcaption|caption|td|th|pre|div)\s*>"
BLOCK_SEPARATOR = " — "


def search_clean_query(raw):
    """Return the query with control characters removed and spaces collapsed."""
    without_controls = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(without_controls.split())


def search_posts(query):
    """Return published posts matching the words in query, best match first.

    Only the SEARCH_POOL + 1 newest matches are ranked: a word on every one of 100,000 posts
    would otherwise have each of them ranked and counted for one page of ten. The extra one
    tells the page that there were more (search_capped).
    """
    posts = Post.objects.published()
    if connection.vendor == "postgresql":
        matches, rank = _search_postgres(posts, query)
    else:
        matches, rank = _search_fallback(posts, query)
    newest = matches.order_by("-published_at", "-id").values("pk")[: SEARCH_POOL + 1]
    return rank(Post.objects.filter(pk__in=newest).select_related("author"))


def admin_search_matches(term):
    """Return the filter of the admin's post search on PostgreSQL, which indexes each part.

    A post is found by the words of its title, excerpt or text as the reader search finds it
    ("gritted" finds "gritting"; quotes and "or" work), by any part of its title as typed, or
    by its slug. Django's own search compared each word with every body using LIKE: 1.6 to 1.9
    seconds a search at 100,000 posts; these use the full-text and title indexes
    (posts/migrations/0005 and 0013).
    """
    term = " ".join(term.split())
    return (
        Q(search_vector=SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG))
        | Q(title__icontains=term)
        | Q(slug=term)
    )


def search_capped(count):
    """Whether a result count says that only the newest SEARCH_POOL matches were ranked."""
    return count > SEARCH_POOL


def _regexp_replace(expression, pattern, replacement, flags="g"):
    return Func(
        expression,
        Value(pattern),
        Value(replacement),
        Value(flags),
        function="regexp_replace",
        output_field=TextField(),
    )


def _plain_text(field):
    # ts_headline should show readable words, not markup, and never our own marker characters.
    without_markers = Func(
        F(field),
        Value(START_SEL + STOP_SEL + BLOCK_END),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    marked = _regexp_replace(without_markers, BLOCK_END_TAGS, BLOCK_END, "gi")
    without_tags = _regexp_replace(marked, "<[^>]*>", " ")
    after_punctuation = _regexp_replace(without_tags, f"([.!?:;…,])\\s*{BLOCK_END}", "\\1 ")
    return _regexp_replace(after_punctuation, f"\\s*{BLOCK_END}\\s*", BLOCK_SEPARATOR)


def plain_text_of(body):
    """Return the body's words without markup, blocks kept apart as _plain_text keeps them."""
    text = html.unescape(
        strip_tags(re.sub(BLOCK_END_TAGS, BLOCK_END, body.replace(BLOCK_END, ""), flags=re.I))
    )
    text = re.sub(rf"([.!?:;…,])\s*{BLOCK_END}", r"\1 ", text)
    text = re.sub(rf"\s*{BLOCK_END}\s*", BLOCK_SEPARATOR, text)
    return " ".join(text.split()).strip(" —")


def _search_postgres(posts, query):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return posts.filter(search_vector=search_query), partial(_rank_postgres, search_query)


def _rank_postgres(search_query, posts):
    return posts.annotate(
        rank=SearchRank(F("search_vector"), search_query),
        headline=SearchHeadline(
            _plain_text("body"),
            search_query,
            config=SEARCH_CONFIG,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=SNIPPET_WORDS,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    ).order_by("-rank", "-published_at", "-id")


def stem_word(word):
    """Return a rough stem of an English word: "gritting" and "gritted" both become "grit"."""
    word = word.lower()
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            if suffix in {"ied", "ies"}:
                # "librar" matches both "library" and "libraries".
                return stem
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                return stem[:-1]
            return stem
    return word


def query_words(query):
    """Return the distinct words of a query, stemmed, at most a handful."""
    words = re.findall(r"\w+", query.lower())
    stems = list(dict.fromkeys(stem_word(word) for word in words))
    return stems[:FALLBACK_MAX_WORDS]


def _search_fallback(posts, query):
    words = query_words(query)
    if not words:
        return posts.none(), lambda posts: posts.none()
    for word in words:
        posts = posts.filter(
            Q(title__icontains=word) | Q(excerpt__icontains=word) | Q(body__icontains=word)
        )
    return posts, partial(_rank_fallback, words)


def _rank_fallback(words, posts):
    in_title = Q()
    in_excerpt = Q()
    for word in words:
        in_title &= Q(title__icontains=word)
        in_excerpt &= Q(excerpt__icontains=word)
    return posts.annotate(
        rank=Case(
            When(in_title, then=Value(2)),
            When(in_excerpt, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-rank", "-published_at", "-id")


def search_snippet(post, query):
    """Return safe HTML for a result's snippet, with the matched words in <mark>."""
    headline = getattr(post, "headline", None)
    if headline is not None:
        text = escape(html.unescape(headline))
        return mark_safe(text.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))  # noqa: S308
    return _fallback_snippet(post, query)


def _fallback_snippet(post, query):
    text = plain_text_of(post.body)
    words = query_words(query)
    lowered = text.lower()
    positions = [lowered.find(word) for word in words if lowered.find(word) >= 0]
    start = 0
    if positions:
        # Open a little before the first match, at a word boundary.
        start = max(0, min(positions) - 80)
        if start:
            start = text.find(" ", start) + 1 or start
    snippet = Truncator(text[start:]).words(SNIPPET_WORDS, truncate=" …")
    if start:
        snippet = "… " + snippet
    if not words:
        return escape(snippet)
    # Mark whole words, as PostgreSQL does: "librar" marks all of "libraries".
    stems = "|".join(re.escape(word) for word in words)
    pattern = re.compile(rf"\w*(?:{stems})\w*", re.IGNORECASE)
    pieces = []
    last = 0
    for match in pattern.finditer(snippet):
        pieces.append(escape(snippet[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(snippet[last:]))
    return mark_safe("".join(pieces))  # noqa: S308
