from django import forms

from photos.images import photo_image_clean
from photos.models import Photo


class PhotoImageField(forms.FileField):
    """A file field that accepts only sound, reasonably sized photos, stripped of metadata."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

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
