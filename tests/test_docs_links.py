"""The README and the guides in docs/: every link to a file here leads to it, and every #anchor
to a heading; the README stays a short front door; no guide names one machine's folders."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def documents():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def prose(text):
    """Return the text without code blocks and code spans, where ](...) is not a link."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading):
    """Return the anchor GitHub gives a heading."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's words only
    text = re.sub(r"[^\w\- ]", "", text.lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path):
    seen, found = {}, set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text())):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(path):
    """Return 'target: why' for each local link in the Markdown file that leads nowhere."""
    broken = []
    for target in LINK.findall(prose(path.read_text())):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    return broken


@pytest.mark.parametrize("path", documents(), ids=lambda path: path.name)
def test_every_local_link_and_anchor_leads_somewhere(path):
    assert broken_links(path) == []


def test_a_missing_file_or_heading_is_reported(tmp_path):
    (tmp_path / "other.md").write_text("# Other guide\n\n## Backing up\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n## Two words\n\n"
        "[ok](other.md#backing-up) [here](#two-words) [web](https://example.org/x)\n"
        "`[not a link](nowhere.md)`\n\n"
        "[gone](missing.md) ![gone too](shots/none.png) [bad](other.md#restoring) [self](#nope)\n"
    )
    assert [line.split(":")[0] for line in broken_links(page)] == [
        "missing.md",
        "shots/none.png",
        "other.md#restoring",
        "#nope",
    ]


def test_headings_get_githubs_anchors():
    assert slug("Back up and restore") == "back-up-and-restore"
    assert slug("Who may open what, and hostile input") == "who-may-open-what-and-hostile-input"
    assert slug("The files in deploy/") == "the-files-in-deploy"
    assert slug("`make test` and skips") == "make-test-and-skips"


def test_the_readme_is_a_short_front_door_linking_every_guide():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) < 6000
    assert "make run" in readme
    assert "make test" in readme
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(readme)}
    guides = ("communications.md", "moderating.md", "it.md", "wordpress-migration.md")
    for guide in (*guides, "maintainers.md"):
        assert guide in linked


def test_no_document_names_one_machines_folders():
    for path in documents():
        assert "/work/" not in path.read_text(), path.name


def test_the_docs_say_where_the_wordpress_test_data_is_looked_for():
    guide = (ROOT / "docs" / "wordpress-migration.md").read_text()
    assert "CEOBLOG_CORPORA" in guide
    assert "../shared/corpora/" in guide
