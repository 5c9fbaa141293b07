"""The post admin, put together here from what each app adds to it.

posts gives the writing screen and the list (posts.admin.PostWritingAdminMixin); editing keeps
unsaved work; comments adds the comments column, opening and closing comments, and the moderators'
page for a post. The project puts them together because posts may import neither of them
(pyproject.toml's contracts). The order is the order of their methods' super() calls.
"""

from comments.admin import PostCommentsAdminMixin
from editing.admin import EditingAdminMixin
from posts.admin import POST_ADMIN_BASES, PostWritingAdminMixin
from posts.models import Post


class PostAdmin(
    PostWritingAdminMixin, EditingAdminMixin, PostCommentsAdminMixin, *POST_ADMIN_BASES
):
    list_display = [*PostWritingAdminMixin.list_display, "comments_column"]
    # Comments are opened and closed from the list with these actions.
    actions = [*PostWritingAdminMixin.actions, "close_comments", "open_comments"]


def post_admin_register(site):
    """Register the post admin on the site; the admin's AppConfig.ready() calls it."""
    site.register(Post, PostAdmin)
