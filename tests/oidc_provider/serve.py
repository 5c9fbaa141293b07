"""Start the test provider on a free port of 127.0.0.1 and print its address on one line.

Usage: python -m tests.oidc_provider.serve CLIENT_ID CLIENT_SECRET REDIRECT_URI LOGOUT_URI
with OIDC_PROVIDER_DB, OIDC_PROVIDER_KEY and OIDC_PROVIDER_DIRECTORY set in the environment.
Everyone in the directory file gets an account whose password is their username reversed.
"""

import json
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(client_id, client_secret, redirect_uri, logout_uri):
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username in json.loads(settings.OIDC_DIRECTORY_FILE.read_text()):
        User.objects.create_user(username, password=username[::-1])
    Application.objects.create(
        name="ceoblog",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=logout_uri,
        algorithm=Application.RS256_ALGORITHM,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    print(f"http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
