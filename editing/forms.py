from django import forms

from editing.models import Autosave


class AutosaveForm(forms.Form):
    """The form fields an autosave keeps, as the post form sends them; any may be left out."""

    title = forms.CharField(required=False, strip=False)
    slug = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    excerpt = forms.CharField(required=False, strip=False)
    tags = forms.CharField(required=False, strip=False)

    def sent_values(self):
        """Return the cleaned values of the fields the request actually sent."""
        return {name: self.cleaned_data[name] for name in Autosave.FIELDS if name in self.data}
