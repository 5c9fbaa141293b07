"""The groups that hold the document library's permissions (collected by accounts/roles.py)."""

from posts.roles import COMMUNICATIONS

GRANTS = {
    # The communications team attaches documents to the posts they write.
    COMMUNICATIONS: [
        "documents.add_document",
        "documents.change_document",
        "documents.delete_document",
        "documents.view_document",
    ],
}
