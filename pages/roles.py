"""The groups that hold the site pages' permissions (collected by accounts/roles.py)."""

from posts.roles import COMMUNICATIONS

GRANTS = {
    # The communications team keeps the site's pages (About, Contact and the like).
    COMMUNICATIONS: [
        "pages.add_page",
        "pages.change_page",
        "pages.delete_page",
        "pages.view_page",
    ],
}
