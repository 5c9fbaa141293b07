"""The admin's list of posts: what screen readers hear for the boxes editable in each row."""

from django import forms


class RowLabelledForm(forms.ModelForm):
    """A row of an editable admin list, whose boxes are named after their column and row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django shows a row's boxes under the column heading with no label of their own, so
        # every tick box in the column would be read as nothing but "checkbox".
        for field in self.fields.values():
            if field.label and self.instance.pk:
                field.widget.attrs["aria-label"] = f"{field.label} for “{self.instance}”"
