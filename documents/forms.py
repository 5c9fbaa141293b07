from pathlib import PurePosixPath

from django import forms

from documents.files import ACCEPT, KINDS, document_check
from documents.models import Document


class DocumentFileField(forms.FileField):
    """A file field that takes only documents whose content is a kind the library accepts."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        checked = document_check(upload)
        # Stored under the extension of what it is, whatever it was called.
        stem = PurePosixPath(upload.name or "document").stem or "document"
        upload.name = f"{stem}.{KINDS[checked.kind].extension}"
        upload.checked = checked
        return upload


class DocumentForm(forms.ModelForm):
    file = DocumentFileField(help_text=Document._meta.get_field("file").help_text)

    class Meta:
        model = Document
        fields = ["title", "file"]

    def save(self, commit=True):
        document = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        checked = getattr(upload, "checked", None)
        if checked is not None:
            document.kind = checked.kind
            document.pages = checked.pages
            document.size = upload.size
            document.thumbnail = ""
        if commit:
            document.save()
        return document


class DocumentUploadForm(DocumentForm):
    """A document added from the post editor: the title may be left to the file's name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if not cleaned.get("title") and upload is not None:
            stem = PurePosixPath(upload.name).stem.replace("_", " ").replace("-", " ").strip()
            cleaned["title"] = (stem or "Document")[: Document._meta.get_field("title").max_length]
        return cleaned
