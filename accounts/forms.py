from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UsernameLengthMixin:
    """Refuse a username longer than any account's with a message, before anything looks it up.

    AuthenticationForm sets the field's max_length after the field is built, which draws the
    browser's maxlength but checks nothing: a longer name reached the sign-in and the lockout
    records, and PostgreSQL refused it with a 500.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(
            MaxLengthValidator(
                field.max_length,
                "A username has at most %(limit_value)d characters; this one has %(show_value)d.",
            )
        )


class SignInForm(UsernameLengthMixin, AuthenticationForm):
    """The sign-in form, with focus going to the error summary rather than the username."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if self.is_bound:
            # A submitted form is only shown again with errors; its summary takes the focus.
            self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminSignInForm(UsernameLengthMixin, AdminAuthenticationForm):
    """The admin's own sign-in form, with the same check of the username's length."""
