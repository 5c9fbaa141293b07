"""The corpus in fixtures/checks/: every known fault is found, nothing else, and the clean posts
raise nothing at all. The counts are in docs/checks.md."""

import json
from collections import Counter
from types import SimpleNamespace

import pytest

from checks.analysis import analyse
from tests.helpers import PROJECT_ROOT

# The checks read a body as readers get it: a document's link is written from the library.
pytestmark = pytest.mark.django_db

CORPUS = PROJECT_ROOT / "fixtures" / "checks"
MANIFEST = json.loads((CORPUS / "corpus.json").read_text())
# Every check the publish box runs, by its code.
EVERY_CHECK = {
    "image-alt-empty",
    "image-alt-file-name",
    "image-alt-placeholder",
    "heading-empty",
    "heading-level-1",
    "heading-skipped",
    "link-vague",
    "link-address",
    "table-headers",
    "capitals",
    "video-captions",
    "audio-transcript",
    "embed-title",
    "reading-age",
    "long-sentence",
    "plainer-word",
    "title-long",
    "excerpt-missing",
    "photo-missing",
    "tags-missing",
}


def check(entry, folder):
    alt = entry["featured_photo_alt"]
    return analyse(
        title=entry["title"],
        body=(CORPUS / folder / entry["file"]).read_text(),
        excerpt=entry["excerpt"],
        featured_photo=None if alt is None else SimpleNamespace(alt_text=alt),
        tags=entry["tags"],
    ).findings


def test_the_corpus_has_20_of_each_and_covers_every_check_twice():
    assert len(MANIFEST["faulty"]) >= 20
    assert len(MANIFEST["clean"]) >= 20
    codes = Counter(fault["code"] for entry in MANIFEST["faulty"] for fault in entry["faults"])
    assert set(codes) == EVERY_CHECK
    assert min(codes.values()) >= 2, codes


@pytest.mark.parametrize("entry", MANIFEST["faulty"], ids=lambda entry: entry["file"])
def test_every_known_fault_is_found_and_nothing_else(entry):
    findings = check(entry, "faulty")
    assert sorted(f.code for f in findings) == sorted(fault["code"] for fault in entry["faults"])
    found = {(f.code, f.where) for f in findings}
    for fault in entry["faults"]:
        if "where" in fault:
            assert (fault["code"], fault["where"]) in found


@pytest.mark.parametrize("entry", MANIFEST["clean"], ids=lambda entry: entry["file"])
def test_a_clean_post_raises_nothing(entry):
    assert check(entry, "clean") == []


def test_the_counts(capsys):
    faults = sum(len(entry["faults"]) for entry in MANIFEST["faulty"])
    found = sum(len(check(entry, "faulty")) for entry in MANIFEST["faulty"])
    clean = sum(len(check(entry, "clean")) for entry in MANIFEST["clean"])
    blocking = sum(
        finding.blocking for entry in MANIFEST["faulty"] for finding in check(entry, "faulty")
    )
    with capsys.disabled():
        print(
            f"\nChecks corpus: {len(MANIFEST['faulty'])} faulty posts with {faults} known faults, "
            f"{found} found ({blocking} blocking); {len(MANIFEST['clean'])} clean posts, "
            f"{clean} findings."
        )
    assert (found, clean) == (faults, 0)


def test_the_demo_content_passes_every_blocking_check():
    from django.core.management import call_command

    from checks.gate import analyse_post
    from posts.models import Post

    call_command("loaddata", "demo", verbosity=0)
    posts = list(Post.objects.all())
    assert len(posts) >= 50
    assert {
        post.title: analyse_post(post).problems for post in posts if analyse_post(post).problems
    } == {}
