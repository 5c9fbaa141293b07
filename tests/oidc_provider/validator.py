import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def directory_entry(username):
    """Read a person's current name, email and groups from the directory file."""
    return json.loads(settings.OIDC_DIRECTORY_FILE.read_text())[username]


class DirectoryValidator(OAuth2Validator):
    """Put the person's name, email and groups, as the directory has them now, in the ID token."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "profile",
        "department": "profile",
    }

    def get_additional_claims(self, request):
        entry = directory_entry(request.user.username)
        claims = {
            "name": entry["name"],
            "email": entry["email"],
            "preferred_username": request.user.username,
            "groups": entry["groups"],
        }
        if "department" in entry:
            claims["department"] = entry["department"]
        if "email_verified" in entry:
            claims["email_verified"] = entry["email_verified"]
        return claims
