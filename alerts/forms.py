from django import forms

from alerts.models import EmailSettings, Subscription

NO_EMAILS = "none"


class AlertsForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Email me about new posts",
        choices=[(NO_EMAILS, "No emails"), *Subscription.Frequency.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails, or no emails."},
    )


class CommentEmailsForm(forms.ModelForm):
    """Which emails about comments a person gets; new comments only for people who write posts."""

    class Meta:
        model = EmailSettings
        fields = ["replies", "official_replies", "new_comments"]
        labels = {
            "replies": "When someone replies to one of my comments",
            "official_replies": "When an official reply is posted on a post I commented on",
            "new_comments": "When someone comments on one of my posts",
        }
        # The labels say it all; the model's help text is for the admin.
        help_texts = {"replies": "", "official_replies": "", "new_comments": ""}

    def __init__(self, *args, writes_posts=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not writes_posts:
            del self.fields["new_comments"]
