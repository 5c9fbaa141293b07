"""Identity settings come from the environment, with safe defaults (security-identity.md)."""

from tests.test_settings import run_django

NAMES = [
    "CEOBLOG_OIDC_LINK_EXISTING",
    "CEOBLOG_REMOTE_USER_CREATE",
    "CEOBLOG_REMOTE_USER_ALLOW_STAFF",
    "CEOBLOG_SESSION_IDLE_MINUTES",
    "CEOBLOG_SESSION_STAFF_IDLE_MINUTES",
    "CEOBLOG_SESSION_MAX_HOURS",
    "SESSION_COOKIE_AGE",
]
SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "from django.contrib.auth.password_validation import password_validators_help_texts; "
    f"print(*[getattr(settings, name) for name in {NAMES!r}], sep='\\n'); "
    "print(*password_validators_help_texts(), sep='\\n')"
)
UNSET = dict.fromkeys(NAMES, "") | {"CEOBLOG_PASSWORD_MIN_LENGTH": "", "DJANGO_DEBUG": "true"}


def test_the_defaults_are_the_safe_ones():
    result = run_django(UNSET, SHOW)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[: len(NAMES)] == ["off", "False", "False", "480", "60", "12", "43200"]
    assert "Your password must contain at least 12 characters." in lines


def test_each_setting_is_read_from_the_environment():
    result = run_django(
        {
            **UNSET,
            "CEOBLOG_OIDC_LINK_EXISTING": "Verified-Email",
            "CEOBLOG_REMOTE_USER_CREATE": "true",
            "CEOBLOG_REMOTE_USER_ALLOW_STAFF": "yes",
            "CEOBLOG_SESSION_IDLE_MINUTES": "240",
            "CEOBLOG_SESSION_STAFF_IDLE_MINUTES": "30",
            "CEOBLOG_SESSION_MAX_HOURS": "10",
            "CEOBLOG_PASSWORD_MIN_LENGTH": "15",
        },
        SHOW,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[: len(NAMES)] == ["verified-email", "True", "True", "240", "30", "10", "36000"]
    assert "Your password must contain at least 15 characters." in lines


def test_an_unknown_linking_rule_stops_the_site_with_a_message():
    result = run_django({**UNSET, "CEOBLOG_OIDC_LINK_EXISTING": "username"}, SHOW)

    assert result.returncode != 0
    assert "CEOBLOG_OIDC_LINK_EXISTING must be one of off, verified-email, not 'username'" in (
        result.stderr
    )
