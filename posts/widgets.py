"""The post form's tag box: a comma-separated box that static/admin-extras/tags.js enhances."""

import json

from taggit.forms import TagWidget
from taggit.utils import parse_tags


class TagSuggestWidget(TagWidget):
    """Suggest existing tags as the editor types, and show the chosen ones as removable chips."""

    class Media:
        css = {"all": ["admin-extras/tags.css"]}
        js = ["admin-extras/tags.js"]

    def __init__(self, *, suggest_url, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        try:
            names = parse_tags(text)
        except ValueError:
            names = []
        context["widget"]["attrs"].update(
            {"data-tag-suggest": str(self.suggest_url), "data-tag-names": json.dumps(names)}
        )
        return context
