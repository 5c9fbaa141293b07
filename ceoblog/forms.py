from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """The sign-in form, with focus going to the error summary rather than the username."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if self.is_bound:
            # A submitted form is only shown again with errors; its summary takes the focus.
            self.fields["username"].widget.attrs.pop("autofocus", None)
