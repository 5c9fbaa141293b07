from django import forms

from comments.models import BODY_MAX_LENGTH, Comment
from comments.services import can_post_official_reply


class CommentForm(forms.Form):
    """The comment form under a post; the official-reply box exists only for those allowed it."""

    body = forms.CharField(
        label="Comment",
        help_text=f"Plain text, up to {BODY_MAX_LENGTH:,} characters. Web addresses become links.",
        # No maxlength attribute: a browser would cut pasted text short without saying so.
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        error_messages={"required": "Write your comment before posting it."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    is_official = forms.BooleanField(
        label="Post as an official reply from the chief executive's office",
        required=False,
    )

    def __init__(self, *args, post, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.reply_to = None
        if not can_post_official_reply(user):
            # Without the field, a forged "is_official" in the request is simply ignored.
            del self.fields["is_official"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(
                f"Your comment is {len(body):,} characters long. Shorten it to "
                f"{BODY_MAX_LENGTH:,} characters or fewer."
            )
        return body

    def clean(self):
        cleaned = super().clean()
        parent_id = cleaned.get("parent")
        if parent_id is not None:
            self.reply_to = self.post.comments.filter(
                pk=parent_id, parent__isnull=True, status=Comment.Status.APPROVED
            ).first()
            if self.reply_to is None:
                # The field is hidden, so the message goes where the person can read it.
                self.add_error(
                    None,
                    "The comment you were replying to is no longer shown. "
                    "Post yours as a new comment instead.",
                )
        cleaned["parent"] = self.reply_to
        return cleaned


class ModeratorReplyForm(CommentForm):
    """A moderator's reply under a comment, written from the moderation queue."""

    def __init__(self, *args, comment, user, **kwargs):
        super().__init__(*args, post=comment.post, user=user, **kwargs)
        # The comment replied to comes from the address, never from the form.
        del self.fields["parent"]
        self.fields["body"].label = "Your reply"
        self.fields["body"].error_messages["required"] = "Write your reply before posting it."
        if "is_official" in self.fields:
            self.fields[
                "is_official"
            ].label = "Post as an official reply from the chief executive's office"
