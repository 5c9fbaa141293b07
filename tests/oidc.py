"""Drive a real OpenID Connect sign-in: the provider in a subprocess, a browser via requests."""

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "ceoblog-test-client"
CLIENT_SECRET = "ceoblog-test-secret-not-used-anywhere-else"
CALLBACK_URL = "http://testserver/oidc/callback/"
AFTER_LOGOUT_URL = "http://testserver/login/"
ROLE_MAP = {
    "Comms-Team": "Communications",
    "Blog-Moderators": "Moderators",
    "ceo-office": "Official reply",
    "Blog-Admins": "admin",
}
DIRECTORY = {
    "jsmith": {
        "name": "Jo Smith",
        "email": "jo.smith@council.example",
        "groups": ["Comms-Team", "All-Staff"],
    },
    "apatel": {"name": "Asha Patel", "email": "asha.patel@council.example", "groups": []},
    # Someone new at the provider whose name and address are those of a local account here.
    "editor": {
        "name": "Mal Lory",
        "email": "EDITOR@council.example",
        "email_verified": True,
        "groups": [],
    },
}


class DirectoryProvider:
    """A django-oauth-toolkit provider on 127.0.0.1, with its directory in a JSON file."""

    def __init__(self, folder):
        self.folder = folder
        self.directory_file = folder / "directory.json"
        self.set_directory(DIRECTORY)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_file = folder / "key.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        env = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_ROOT),
            "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
            "OIDC_PROVIDER_KEY": str(key_file),
            "OIDC_PROVIDER_DIRECTORY": str(self.directory_file),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve"]
            + [CLIENT_ID, CLIENT_SECRET, CALLBACK_URL, AFTER_LOGOUT_URL],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"The test provider did not start: {self.process.stderr.read()}")
        self.issuer = f"{self.url}/o"
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"

    def set_directory(self, directory):
        self.directory_file.write_text(json.dumps(directory))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


class FormFields(HTMLParser):
    """Collect the named inputs of a page's first form."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") and attributes.get("type") != "submit":
            self.fields[attributes["name"]] = attributes.get("value", "")


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def approve_at_provider(authorize_url, username):
    """Sign in at the provider and approve ceoblog, as a person would; return the callback URL."""
    browser = requests.Session()
    login_page = browser.get(authorize_url, timeout=10)
    assert "/login/" in login_page.url, login_page.text
    consent_page = browser.post(
        login_page.url,
        data={
            **form_fields(login_page.text),
            "username": username,
            "password": username[::-1],
        },
        timeout=10,
    )
    assert "Authorize" in consent_page.text, consent_page.text
    answer = browser.post(
        consent_page.url,
        data={**form_fields(consent_page.text), "allow": "Authorize"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def sign_in_with_work_account(client, username, *, tamper=None):
    """Run the whole authorization code flow from ceoblog's button to its callback."""
    start = client.get("/oidc/authenticate/", {"next": "/"})
    assert start.status_code == 302
    authorize_url = start["Location"]
    if tamper:
        authorize_url = with_query(authorize_url, **tamper)
    callback_url = approve_at_provider(authorize_url, username)
    assert callback_url.startswith(CALLBACK_URL), callback_url
    return client.get(callback_url.removeprefix("http://testserver"))
