"""Completeness advice: what a post needs to look right in lists, feeds and search."""

from checks.findings import COMPLETENESS, suggestion

TITLE_MAX = 65


def check_completeness(*, title, excerpt, featured_photo, tags):
    found = []
    title = " ".join((title or "").split())
    if len(title) > TITLE_MAX:
        found.append(
            suggestion(
                "title-long",
                COMPLETENESS,
                f"The title has {len(title)} characters: aim for {TITLE_MAX} or fewer.",
                "Long titles are cut short in search results, feeds and on phones, and are "
                "harder to take in at a glance.",
                "Say the one thing the post is about. Put the detail in the text.",
                title,
            )
        )
    if not (excerpt or "").strip():
        found.append(
            suggestion(
                "excerpt-missing",
                COMPLETENESS,
                "The post has no excerpt.",
                "Lists, feeds and emails show the excerpt under the title. Without one they "
                "show the post’s first words, which rarely sum it up.",
                "Write one or two sentences in the Excerpt box that say what the post is about.",
            )
        )
    if featured_photo is None:
        found.append(
            suggestion(
                "photo-missing",
                COMPLETENESS,
                "The post has no featured photo.",
                "The featured photo shows at the top of the post and beside it in lists; posts "
                "with one are easier to spot.",
                "Choose a photo in the Featured photo box. Check its alt text says what it shows.",
            )
        )
    if not [tag for tag in tags if str(tag).strip()]:
        found.append(
            suggestion(
                "tags-missing",
                COMPLETENESS,
                "The post has no tags.",
                "Tags let readers find other posts on the same subject and follow it by email.",
                "Add one to three tags in the Tags box, reusing existing ones where they fit.",
            )
        )
    return found
