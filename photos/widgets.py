"""The post form's photo tools: the body editor's photo extensions and the featured-photo box."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.functional import lazy
from js_asset import Script

from photos.editor_api import photo_as_json
from photos.models import Photo

UPLOAD_URL = reverse_lazy("admin:photos_photo_upload")
CHOOSER_URL = reverse_lazy("admin:photos_photo_chooser")


# Read when a page is made, not when this module is imported, so that settings can move it.
MAX_MEGABYTES = lazy(lambda: str(settings.CEOBLOG_PHOTO_MAX_MB), str)()

# The body editor's figure: its photo button, drop and paste upload to the library or choose
# from it (photos/static/photos/editor-photos.js). "Browse..." in the dialog that edits a figure
# already in the body still opens the pop-up picker.
PHOTO_EXTENSIONS = {
    "PhotoFigure": {
        "pickerUrl": reverse_lazy("admin:photos_photo_picker"),
        "uploadUrl": UPLOAD_URL,
        "chooserUrl": CHOOSER_URL,
        "maxMegabytes": MAX_MEGABYTES,
    },
    "PhotoCredit": True,
    "Caption": True,
    "Image": True,
}


class FeaturedPhotoWidget(forms.Widget):
    """The featured photo as its thumbnail, with buttons to upload, choose, replace or remove it."""

    template_name = "photos/widgets/featured_photo.html"

    @property
    def media(self):
        return forms.Media(
            css={"all": ["photos/photo-dialog.css"]},
            js=[Script("photos/featured-photo.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The help text describes the box a person uses, not the hidden field behind it.
        context["described_by"] = context["widget"]["attrs"].pop("aria-describedby", "")
        photo = _photo(value)
        context["photo"] = photo_as_json(photo) if photo else None
        context["upload_url"] = UPLOAD_URL
        context["chooser_url"] = CHOOSER_URL
        context["max_megabytes"] = settings.CEOBLOG_PHOTO_MAX_MB
        return context

    def id_for_label(self, id_):
        # The label names the whole box (a group); a label "for" one of its buttons would
        # replace that button's own words for screen readers.
        return None


def _photo(value):
    try:
        pk = Photo._meta.pk.to_python(value)
    except ValidationError:
        return None
    return Photo.objects.filter(pk=pk).first() if pk else None
