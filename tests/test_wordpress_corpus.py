"""Every real export in the shared corpora: imported, or refused with one line as WordPress would.

The corpora (`../shared/corpora/`, or CEOBLOG_CORPORA) hold the theme test data and the files
WordPress tests its own importer with (wordpress-importer/README.md says what WordPress expects of
several). For each file: the import ends with a report or a one-line refusal, never a traceback;
a refused file saves nothing; and a second import of an imported file changes no row.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag

from comments.models import Comment
from pages.models import Page
from posts.models import Post
from tests.test_wordpress_import import CORPORA
from wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

EXPORTS = sorted([*CORPORA.glob("*.xml"), *CORPORA.glob("wordpress-importer/*.xml")])
# What WordPress's own importer refuses, and the reason ceoblog gives in its one line.
REFUSED = {
    "malformed.xml": "not well-formed XML",
    "malformed-simple.xml": "looks truncated",
    "missing-version-tag.xml": "not a WordPress export",
    "invalid-version-tag.xml": "WXR version abc is not supported",
}


def run_import(path):
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def everything_saved():
    """The rows an import writes, with what readers would see of each."""
    return {
        "posts": set(
            Post.objects.values_list(
                "pk", "title", "slug", "body", "excerpt", "status", "published_at", "updated_at"
            )
        ),
        "comments": set(Comment.objects.values_list("pk", "post", "parent", "status", "body")),
        "tags": set(Tag.objects.values_list("pk", "name", "slug")),
        "pages": set(Page.objects.values_list("pk", "title", "path", "body", "is_published")),
        "people": set(get_user_model().objects.values_list("pk", "username", "email")),
        "mapping": set(ImportedObject.objects.values_list("pk", "kind", "wp_id", "old_path")),
    }


@pytest.mark.skipif(not EXPORTS, reason=f"no WordPress exports at {CORPORA}")
@pytest.mark.parametrize("export", EXPORTS, ids=lambda path: path.name)
def test_each_real_export_imports_once_or_is_refused_in_one_line(export):
    if export.name in REFUSED:
        with pytest.raises(CommandError) as refusal:
            run_import(export)
        message = str(refusal.value)
        assert REFUSED[export.name] in message
        assert "\n" not in message.strip()
        assert not Post.objects.exists()
        assert not Comment.objects.exists()
        return

    report = run_import(export)
    assert report.startswith("Imported from "), report[:200]
    first = everything_saved()

    again = run_import(export)

    assert everything_saved() == first
    assert "Traceback" not in again
    if first["posts"] or first["pages"] or first["comments"]:
        assert "Nothing changed: everything in the export was imported before." in again
