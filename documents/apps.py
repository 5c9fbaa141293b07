import mimetypes

from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Document library"

    def ready(self):
        from documents.files import KINDS
        from documents.markup import document_links_refresh
        from documents.models import Document
        from documents.usage import (
            document_file_published,
            document_file_remember,
            document_links_follow,
            post_documents_record,
        )
        from documents.widgets import DOCUMENT_EXTENSIONS
        from posts.admin import body_editor_register
        from posts.media_access import published_file_rule_register
        from posts.models import Post
        from posts.sanitize import body_refresher_register

        # The type each stored document is sent with, by the extension its content gave it.
        for kind in KINDS.values():
            mimetypes.add_type(kind.mime_type, f".{kind.extension}")
        post_save.connect(post_documents_record, sender=Post, dispatch_uid="documents_in_body")
        published_file_rule_register(
            document_file_published,
            staff_permissions=["documents.view_document", "documents.change_document"],
        )
        body_editor_register(DOCUMENT_EXTENSIONS)
        # A link's label follows the library: a renamed document is renamed in every post.
        body_refresher_register(document_links_refresh)
        pre_save.connect(document_file_remember, sender=Document, dispatch_uid="documents_stored")
        post_save.connect(document_links_follow, sender=Document, dispatch_uid="documents_follow")
