"""Post bodies kept in step with a library that an app above posts keeps (documents, recordings).

A body holds markup made from a library entry (a document's link, a player with its captions),
and the sanitiser's refreshers (posts.sanitize.body_refresher_register) write that markup from
the library as it is now. When an entry changes, its app calls post_bodies_refresh() with the
posts that use it, so readers see the change at once.
"""

from pagecache.version import bump_content_version
from posts.models import Post
from posts.sanitize import sanitize_html


def post_bodies_refresh(posts, replacements=None):
    """Write each post's body again as the refreshers make it now; return how many changed.

    replacements: old text -> new text, replaced first (a file's old address by its new one).
    The bodies are written with an UPDATE rather than by saving the posts: nothing else about a
    post changes (no new version, no approval or publishing step), and a published post stays
    published. Cached pages are renewed once.
    """
    changed = 0
    for post in posts.only("pk", "body"):
        body = post.body
        for old, new in (replacements or {}).items():
            body = body.replace(old, new)
        body = sanitize_html(body)
        if body != post.body:
            Post.objects.filter(pk=post.pk).update(body=body)
            changed += 1
    if changed:
        bump_content_version()
    return changed
