"""Photos from the post editor, in Chromium, as the communications team adds them.

Each journey counts the person's actions (tests/actions.py) and prints them; the counts are in
docs/photos.md beside WordPress's. Every journey also checks that the photo tools cause no
Content Security Policy violation, and the dialogs are checked with axe-core.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import roles_set_up
from photos.models import Photo
from posts.models import Post
from posts.roles import COMMUNICATIONS
from tests.actions import Actions
from tests.browser import AXE_OPTIONS, RECORD_CSP_VIOLATIONS, sign_in
from tests.helpers import image_bytes, make_photo, make_post, make_user
from tests.test_photos_large_and_heic import heic_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALT_TEXT = "A yellow gritter spreading salt on a dark road"
CAPTION = "Out before dawn on the A28."
CREDIT = "Sam Lee"


def communications_editor():
    roles_set_up()
    editor = make_user("comms", first_name="Eddie", last_name="Editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS))
    return editor


@pytest.fixture
def photos_editor_page(page, live_server):
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    author = make_user("ceo", first_name="Sam", last_name="Chief")
    sign_in(page, communications_editor(), live_server.url)
    page.author = author
    return page


def csp_violations_since_loading(page):
    """Return the CSP violations so far, and start counting afresh."""
    return page.evaluate("window.cspViolations.splice(0)")


def open_new_post(page):
    page.goto(reverse("admin:posts_post_add"))
    page.get_by_role("button", name="Add a photo").wait_for()
    csp_violations_since_loading(page)


def jpeg_file(name, width, height):
    return {"name": name, "mimeType": "image/jpeg", "buffer": image_bytes(width, height)}


def choose_file(page, actions, opener, file):
    """Click what opens the browser's file dialog, and choose a file in it: two actions."""
    with page.expect_file_chooser() as chooser:
        actions.click(opener, "click to choose a file")
    chooser.value.set_files(file)
    actions.note("choose a file")


# A photo uploaded from the body's "Add a photo" button, described with the required alt text only.
UPLOAD_WITH_ALT_TEXT = [
    "click Add a photo",
    "click to choose a file",
    "choose a file",
    "fill the alt text",
    "click Upload and insert",
]


def wait_until_loaded(images):
    """Wait until the browser has fetched these images, shown or broken (naturalWidth 0)."""
    images.first.wait_for()
    images.evaluate_all(
        """images => Promise.all(images.map((image) => image.complete || new Promise((done) => {
          image.addEventListener("load", done, { once: true });
          image.addEventListener("error", done, { once: true });
        })))"""
    )


def describe_and_upload(dialog, actions, *, alt_text=ALT_TEXT, caption=CAPTION, button):
    actions.fill(dialog.get_by_label("Alt text (required)"), alt_text, "fill the alt text")
    if caption:
        actions.fill(dialog.get_by_label("Caption (optional)"), caption, "fill the caption")
    actions.click(dialog.get_by_role("button", name=button), f"click {button}")


def upload_into_the_body(page, actions, file, **description):
    actions.click(page.get_by_role("button", name="Add a photo"), "click Add a photo")
    dialog = page.get_by_role("dialog", name="Add a photo")
    choose_file(page, actions, dialog.get_by_label("Photo from your computer"), file)
    describe_and_upload(dialog, actions, button="Upload and insert", **description)
    expect(dialog).to_have_count(0, timeout=30_000)


def fill_title(page, actions, title):
    actions.fill(page.get_by_label("Title", exact=True), title, "fill the title")
    # The writing screen starts with the writer chosen as the author: nothing to do there.
    assert page.locator("#id_author").input_value() != ""


def publish(page, actions):
    actions.click(page.get_by_role("button", name="Publish", exact=True), "click Publish")
    page.get_by_text("Readers can see it now.").wait_for()


def test_editor_writes_a_post_with_a_photo_uploaded_from_the_editor(photos_editor_page):
    page = photos_editor_page
    actions = Actions()
    open_new_post(page)

    fill_title(page, actions, "Thank you, gritting crews")
    # Filling the body is one action, as filling WordPress's paragraph block is in its count.
    actions.fill(
        page.locator(".writing-body [contenteditable=true]"),
        "Our crews treated 2,400 miles of road in last week's snow.",
        "type the paragraph",
    )
    upload_into_the_body(page, actions, jpeg_file("gritter.jpg", 3000, 2000))
    assert csp_violations_since_loading(page) == []
    publish(page, actions)
    print(f"Write and publish a post with a photo uploaded from the editor: {actions}")

    photo = Photo.objects.get()
    assert (photo.alt_text, photo.caption, photo.title) == (ALT_TEXT, CAPTION, ALT_TEXT)
    assert (photo.width, photo.height) == (3000, 2000)
    post = Post.objects.get(title="Thank you, gritting crews")
    assert f'alt="{ALT_TEXT}"' in post.body
    assert post.body.startswith("<p>Our crews treated 2,400 miles of road in last week's snow.</p>")
    assert f"<figcaption>{CAPTION}</figcaption></figure>" in post.body
    assert post.is_published
    assert actions.steps == [
        "fill the title",
        "type the paragraph",
        "click Add a photo",
        "click to choose a file",
        "choose a file",
        "fill the alt text",
        "fill the caption",
        "click Upload and insert",
        "click Publish",
    ]
    # WordPress 6.1 takes 11 for the same post uploading with its Upload button, counted the same
    # way (typing in a block is one action; docs/writing-compared.md, journey a): fewer here,
    # although ceoblog asks for the alt text, which WordPress leaves out unless the writer
    # thinks of it.
    assert actions.count == 9 < 11


def test_editor_uploads_an_iphone_heic_photo_into_the_body(photos_editor_page):
    page = photos_editor_page
    actions = Actions()
    open_new_post(page)
    heic = {"name": "IMG_0042.HEIC", "mimeType": "image/heic", "buffer": heic_bytes(1600, 1200)}

    # The shortest real path: the alt text is required, the caption is optional and left out.
    upload_into_the_body(page, actions, heic, caption="")
    print(f"Upload a HEIC photo: {actions}")

    photo = Photo.objects.get()
    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (1600, 1200)
    image = page.locator(".writing-body figure img")
    expect(image).to_have_attribute("alt", ALT_TEXT)
    wait_until_loaded(image)
    assert image.evaluate("image => image.naturalWidth") == 1200
    assert csp_violations_since_loading(page) == []
    assert actions.steps == UPLOAD_WITH_ALT_TEXT
    # Like with like (docs/writing-compared.md, journey e): WordPress 6.1 takes 4 (/image, Enter,
    # Upload, choose the file) but asks for no alt text, and leaves a HEIC unusable (a broken
    # image in the editor and for readers); typing the alt text in its sidebar makes 5. Here the
    # same 5, the alt text asked for in the dialog, and the photo is usable as a JPEG.
    assert actions.count == 5


def test_editor_uploads_a_48_megapixel_phone_photo_into_the_body(photos_editor_page):
    page = photos_editor_page
    actions = Actions()
    open_new_post(page)

    upload_into_the_body(page, actions, jpeg_file("PXL_20260301.jpg", 8064, 6048), caption="")
    print(f"Upload a 48-megapixel photo: {actions}")

    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (4000, 3000)
    expect(page.locator(".writing-body figure img")).to_have_attribute("alt", ALT_TEXT)
    assert csp_violations_since_loading(page) == []
    assert actions.steps == UPLOAD_WITH_ALT_TEXT
    # WordPress 6.1 takes 4 without alt text, 5 with it typed in its sidebar (journey e): the same
    # 5 here, with the required alt text.
    assert actions.count == 5


def test_editor_sets_the_featured_photo_by_uploading_it(photos_editor_page):
    page = photos_editor_page
    post = make_post(title="Apprentice week", author=page.author)
    actions = Actions()
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))
    page.get_by_role("button", name="Upload a photo").wait_for()
    csp_violations_since_loading(page)

    choose_file(
        page,
        actions,
        page.get_by_role("button", name="Upload a photo"),
        jpeg_file("a.jpg", 900, 600),
    )
    dialog = page.get_by_role("dialog", name="Describe the featured photo")
    describe_and_upload(dialog, actions, caption="", button="Upload and use")
    expect(page.locator(".featured-photo__title")).to_have_text(ALT_TEXT)
    expect(page.get_by_role("button", name="Replace")).to_be_visible()
    expect(page.get_by_role("button", name="Remove")).to_be_visible()
    actions.click(page.get_by_role("button", name="Update"), "click Update")
    page.get_by_text("Post updated.").wait_for()
    print(f"Set a featured photo by upload: {actions}")

    post.refresh_from_db()
    assert post.featured_photo == Photo.objects.get()
    assert csp_violations_since_loading(page) == []
    assert actions.count == 5


def test_a_refused_file_keeps_what_was_typed_and_says_why_in_the_dialog(photos_editor_page):
    page = photos_editor_page
    open_new_post(page)
    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    dialog.get_by_label("Photo from your computer").set_input_files(
        {"name": "minutes.jpg", "mimeType": "image/jpeg", "buffer": b"Minutes, not a photo."}
    )
    dialog.get_by_label("Alt text (required)").fill(ALT_TEXT)
    dialog.get_by_label("Credit (optional)").fill(CREDIT)
    dialog.get_by_role("button", name="Upload and insert").click()

    expect(dialog.get_by_role("alert")).to_contain_text(
        "The photo was not added. This file is not a photo we can read."
    )
    expect(dialog.get_by_label("Alt text (required)")).to_have_value(ALT_TEXT)
    expect(dialog.get_by_label("Credit (optional)")).to_have_value(CREDIT)
    assert Photo.objects.count() == 0

    # Choosing a sound photo then works without typing anything again.
    dialog.get_by_label("Photo from your computer").set_input_files(jpeg_file("ok.jpg", 800, 600))
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0)
    figure = page.locator(".writing-body figure")
    expect(figure.locator("figcaption small")).to_have_text(f"Photo: {CREDIT}")
    assert csp_violations_since_loading(page) == []


def test_alt_text_is_asked_for_before_anything_is_sent(photos_editor_page):
    page = photos_editor_page
    open_new_post(page)
    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    dialog.get_by_label("Photo from your computer").set_input_files(jpeg_file("a.jpg", 80, 60))
    dialog.get_by_role("button", name="Upload and insert").click()

    expect(dialog.get_by_role("alert")).to_have_text(
        "Write the alt text: say what the photo shows."
    )
    expect(dialog.get_by_label("Alt text (required)")).to_have_attribute("aria-invalid", "true")
    assert Photo.objects.count() == 0


def drop_or_paste(page, target, event, file_name, content, text=""):
    """Drop a file on an element, or paste it there, as the browser does with a real one."""
    page.evaluate(
        """([selector, kind, name, bytes, text]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "image/jpeg" }));
          if (text) transfer.setData("text/plain", text);
          const target = document.querySelector(selector);
          const rect = target.getBoundingClientRect();
          const options = { bubbles: true, cancelable: true };
          const event = kind === "paste"
            ? new ClipboardEvent("paste", { ...options, clipboardData: transfer })
            : new DragEvent("drop", { ...options, dataTransfer: transfer,
                clientX: rect.left + 10, clientY: rect.top + 10 });
          target.dispatchEvent(event);
        }""",
        [target, event, file_name, list(content), text],
    )


@pytest.mark.parametrize("event", ["drop", "paste"])
def test_a_photo_dropped_or_pasted_into_the_body_is_described_then_inserted(
    photos_editor_page, event
):
    page = photos_editor_page
    open_new_post(page)
    page.locator(".writing-body [contenteditable=true]").click()

    body = ".writing-body [contenteditable=true]"
    drop_or_paste(page, body, event, "copied.jpg", image_bytes(640, 480))
    dialog = page.get_by_role("dialog", name="Describe this photo")
    expect(dialog.get_by_text("Chosen: copied.jpg")).to_be_visible()
    expect(dialog.get_by_label("Alt text (required)")).to_be_focused()
    dialog.get_by_label("Alt text (required)").fill(ALT_TEXT)
    dialog.get_by_role("button", name="Upload and insert").click()

    expect(page.locator(".writing-body figure img")).to_have_attribute("alt", ALT_TEXT)
    assert Photo.objects.get().width == 640
    assert csp_violations_since_loading(page) == []


def test_text_copied_from_word_is_pasted_as_text_not_as_the_picture_beside_it(photos_editor_page):
    page = photos_editor_page
    open_new_post(page)
    body = page.locator(".writing-body [contenteditable=true]")
    body.click()

    # Word puts a picture of the copied paragraphs on the clipboard beside their text.
    text = "Budget consultation opens on Monday."
    drop_or_paste(page, ".writing-body [contenteditable=true]", "paste", "x.png", b"png", text)

    expect(body).to_contain_text(text)
    assert page.get_by_role("dialog").count() == 0


def test_a_photo_dropped_on_the_featured_photo_box_becomes_the_featured_photo(photos_editor_page):
    page = photos_editor_page
    open_new_post(page)

    drop_or_paste(page, ".featured-photo", "drop", "front.jpg", image_bytes(640, 480))
    dialog = page.get_by_role("dialog", name="Describe the featured photo")
    dialog.get_by_label("Alt text (required)").fill(ALT_TEXT)
    dialog.get_by_role("button", name="Upload and use").click()

    expect(page.locator(".featured-photo__thumbnail")).to_have_attribute("alt", ALT_TEXT)
    assert page.locator("#id_featured_photo").input_value() == str(Photo.objects.get().pk)
    page.get_by_role("button", name="Remove").click()
    assert page.locator("#id_featured_photo").input_value() == ""
    expect(page.get_by_role("button", name="Upload a photo")).to_be_focused()


def test_the_chooser_shows_thumbnails_searches_and_pages_by_keyboard(photos_editor_page):
    page = photos_editor_page
    for number in range(13):
        make_photo(title=f"Library photo {number}", content=image_bytes(300, 200))
    make_photo(title="Gritter at dawn", alt_text=ALT_TEXT, caption=CAPTION, credit=CREDIT)
    open_new_post(page)
    page.locator(".writing-body [contenteditable=true]").click()

    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    results = dialog.locator(".photo-dialog__result")
    expect(results).to_have_count(12)
    first = results.first
    expect(first).to_contain_text("Gritter at dawn")
    expect(first).to_contain_text(f"Alt text: {ALT_TEXT}")
    expect(first).to_contain_text("900 × 600 pixels")
    wait_until_loaded(results.locator("img"))
    widths = results.locator("img").evaluate_all(
        "images => images.map((image) => image.complete ? image.naturalWidth : -1)"
    )
    assert all(width > 0 for width in widths), widths
    expect(dialog.get_by_text("Page 1 of 2")).to_be_visible()

    dialog.get_by_role("button", name="Older photos").click()
    expect(results).to_have_count(2)

    dialog.get_by_label("Search the library").fill("gritter")
    dialog.get_by_label("Search the library").press("Enter")
    expect(results).to_have_count(1)
    assert csp_violations_since_loading(page) == []
    violations = Axe().run(page, context=".photo-dialog", options=AXE_OPTIONS)
    assert violations.response["violations"] == []
    csp_violations_since_loading(page)  # axe-core's own inline style, not the page's

    # Keyboard alone: Tab from the search to the photo's button, Enter to insert it.
    dialog.get_by_label("Search the library").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Use this photo"
    page.keyboard.press("Enter")
    figure = page.locator(".writing-body figure")
    expect(figure.locator("img")).to_have_attribute("alt", ALT_TEXT)
    expect(figure.locator("figcaption")).to_have_text(f"{CAPTION} Photo: {CREDIT}")
    expect(figure.locator("figcaption small")).to_have_text(f"Photo: {CREDIT}")
    assert csp_violations_since_loading(page) == []


def test_the_upload_dialog_and_the_featured_photo_box_pass_axe(photos_editor_page):
    page = photos_editor_page
    photo = make_photo(title="Apprentices", alt_text="Four apprentices in hard hats")
    post = make_post(title="Apprentice week", author=page.author, featured_photo=photo)
    page.goto(reverse("admin:posts_post_change", args=[post.pk]))

    box = Axe().run(page, context=".featured-photo", options=AXE_OPTIONS)
    assert box.response["violations"] == []

    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.get_by_role("alert")).to_be_visible()
    for width in (1280, 375, 320):
        page.set_viewport_size({"width": width, "height": 800})
        found = Axe().run(page, context=".photo-dialog", options=AXE_OPTIONS)
        assert found.response["violations"] == [], width
        overflow = dialog.evaluate("dialog => dialog.scrollWidth - dialog.clientWidth")
        assert overflow <= 0, width
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    # Back where the person was writing.
    expect(page.locator(".writing-body [contenteditable=true]")).to_be_focused()


def test_a_large_photo_is_refused_in_the_browser_before_it_is_sent(photos_editor_page, settings):
    settings.CEOBLOG_PHOTO_MAX_MB = 1
    page = photos_editor_page
    open_new_post(page)
    page.get_by_role("button", name="Add a photo").click()
    dialog = page.get_by_role("dialog", name="Add a photo")
    big = io.BytesIO()
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(big, format="PNG")
    assert len(big.getvalue()) > 1024 * 1024
    dialog.get_by_label("Photo from your computer").set_input_files(
        {"name": "noise.png", "mimeType": "image/png", "buffer": big.getvalue()}
    )
    expect(dialog.get_by_role("alert")).to_contain_text("the largest accepted is 1 MB")


def test_the_first_click_on_add_a_photo_opens_it_while_the_new_title_has_focus(photos_editor_page):
    # A new post opens with the cursor in the empty title. Its label used to move out of the
    # box on focus and back on leaving it, so the page jumped under the pointer as the click
    # began, and the first click on anything below the title was lost.
    page = photos_editor_page
    open_new_post(page)
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    # The toolbar's icon font in place: until it is, the icons' names are written out in full.
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    button = page.get_by_role("button", name="Add a photo")
    top = button.bounding_box()["y"]
    page.get_by_label("Title", exact=True).blur()
    assert button.bounding_box()["y"] == top

    page.get_by_label("Title", exact=True).focus()
    button.click()
    expect(page.get_by_role("dialog", name="Add a photo")).to_be_visible()
