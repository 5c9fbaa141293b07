from django import forms

from photos.images import photo_image_clean
from photos.models import Photo

# What the file chooser offers; browsers that do not know a HEIC file's type go by its name.
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class PhotoImageField(forms.FileField):
    """A file field that accepts only sound, reasonably sized photos, stripped of metadata."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return photo_image_clean(upload)


class PhotoForm(forms.ModelForm):
    image = PhotoImageField(help_text=Photo._meta.get_field("image").help_text)

    class Meta:
        model = Photo
        fields = ["title", "image", "alt_text", "caption", "credit"]


class PhotoUploadForm(PhotoForm):
    """A photo added from the post editor, where only the alt text is asked for by name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("alt_text"):
            # The alt text says what the photo shows: the best name to find it by later.
            cleaned["title"] = cleaned["alt_text"][: Photo._meta.get_field("title").max_length]
        return cleaned
