from django import forms

from alerts.models import Subscription

NO_EMAILS = "none"


class AlertsForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Email me about new posts",
        choices=[(NO_EMAILS, "No emails"), *Subscription.Frequency.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails, or no emails."},
    )
