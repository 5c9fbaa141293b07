"""Count a person's actions for issue 13's writing journeys in WordPress 6.1's own admin.

Run by hand, as root, on the machine that runs the peer WordPress:

    bash ../shared/peers/setup_wordpress.sh          # once: installs and starts WordPress
    .venv/bin/python bench/wordpress_journeys.py     # all journeys (about five minutes)
    .venv/bin/python bench/wordpress_journeys.py a g # only some of them
    bash ../shared/peers/setup_wordpress.sh stop

It drives WordPress's default block editor in Debian's Chromium, counting each action with
tests/actions.py, the same counter the ceoblog journeys use. Each journey starts on the screen
where the task begins, opened by its address (not counted), as the ceoblog journeys do. Signing
in and closing WordPress's first-run "Welcome to the block editor" guide happen once, before any
counting. Before the journeys it prepares WordPress through its own PHP API and server settings:
"Comment must be manually approved" on, fresh posts for each journey, one held comment, and
upload limits of 64 MB (nginx and PHP defaults of 1 and 2 MB would refuse any phone photo before
WordPress saw it). Results go to bench/results/wordpress-journeys/: a Markdown table with each
journey's count and steps, and a screenshot of each journey's end.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from actions import Actions  # noqa: E402  (tests/ is a folder of modules, not a package)

PEERS = Path(os.environ.get("BENCH_PEERS", ROOT.parent / "shared" / "peers"))
HOST = "127.0.0.1:8081"
WP = f"http://{HOST}"
# The administrator that setup_wordpress.sh creates for its loopback-only site.
USERNAME, PASSWORD = "admin", "admin-local-only"
CHROMIUM = os.environ.get("CEOBLOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The width the ceoblog journeys use; at this width WordPress shows its settings sidebar.
VIEWPORT = {"width": 1280, "height": 800}
# From 1440 px WordPress keeps its settings sidebar open beside the block library.
WIDE_VIEWPORT = {"width": 1440, "height": 900}
OUT = ROOT / "bench" / "results" / "wordpress-journeys"
# The block editor saves an autosave every 60 seconds (WordPress's AUTOSAVE_INTERVAL).
AUTOSAVE_WAIT_MS = 150_000

UPLOAD_LIMITS = {
    Path("/etc/php/8.2/fpm/conf.d/99-peers-uploads.ini"): (
        "; Written by ceoblog's bench/wordpress_journeys.py: phone photos are larger than\n"
        "; PHP's 2 MB default, as on any host that runs WordPress for photos.\n"
        "upload_max_filesize = 64M\npost_max_size = 64M\n"
    ),
    # setup_wordpress.sh's nginx.conf includes /etc/peers/nginx-site-*.conf in its http block.
    Path("/etc/peers/nginx-site-uploads.conf"): (
        "# Written by ceoblog's bench/wordpress_journeys.py: nginx refuses bodies over 1 MB.\n"
        "client_max_body_size 64m;\n"
    ),
}

# Calls of WordPress's own PHP API only: options, posts, revisions, a comment, a tag.
FIXTURES_PHP = r"""<?php
$_SERVER['HTTP_HOST'] = $argv[1];
$_SERVER['SERVER_NAME'] = preg_replace('/:.*/', '', $argv[1]);
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
$stamp = $argv[2];

// Settings > Discussion > "Comment must be manually approved".
update_option('comment_moderation', '1');
// Settings > General > Time format "H:i": a British site's 24-hour clock (no AM/PM to set).
update_option('time_format', 'H:i');
$admin = get_user_by('login', 'admin');
wp_set_current_user($admin->ID);
// Forget the editor's remembered layout, so every run starts from WordPress's defaults.
delete_user_meta($admin->ID, $wpdb->get_blog_prefix() . 'persisted_preferences');
if (!term_exists('thanks', 'post_tag')) { wp_insert_term('thanks', 'post_tag'); }

// Remove what earlier runs made, so this run's posts head the Posts list and photos do not pile
// up: posts marked below, posts the journeys wrote (titled with a run's time) and their photos.
// The peer site's own content is all published and never carries these marks or titles.
$earlier = get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1,
    'meta_key' => '_ceoblog_journey']);
foreach (get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    if (preg_match('/^(Opening day|Council meeting|Half-written plans) \d{6}$/', $p->post_title)
        || ($p->post_status !== 'publish' && $p->post_title === '')) {
        $earlier[] = $p;
    }
}
foreach ($earlier as $p) { wp_delete_post($p->ID, true); }
$photos = get_posts(['post_type' => 'attachment', 'post_status' => 'any', 'numberposts' => -1]);
foreach ($photos as $a) {
    if (preg_match('/^(town-hall|phone-48mp|IMG_0042)/i', basename(get_attached_file($a->ID)))) {
        wp_delete_attachment($a->ID, true);
    }
}

function paragraph($text) {
    return "<!-- wp:paragraph -->\n<p>$text</p>\n<!-- /wp:paragraph -->";
}
function live_post($title, $versions) {
    $id = wp_insert_post(['post_title' => $title, 'post_status' => 'publish',
        'post_content' => paragraph(array_shift($versions)), 'comment_status' => 'open',
        'meta_input' => ['_ceoblog_journey' => 1]], true);
    foreach ($versions as $text) {
        sleep(1);   // revisions are told apart by their time
        wp_update_post(['ID' => $id, 'post_content' => paragraph($text)]);
    }
    return $id;
}
$out = [
    'update' => live_post("Library hours $stamp", ['The library opens at nine on weekdays.']),
    'restore' => live_post("Budget consultation $stamp", [
        'The consultation opens in March.',
        'The consultation opens in April.',
        'The consultation opens in May.',
    ]),
    'tag' => live_post("A word of thanks $stamp", ['Thank you to everyone who helped.']),
    'tag2' => live_post("More thanks $stamp", ['Thank you to the volunteers.']),
    'tag3' => live_post("Thanks again $stamp", ['Thank you to the library staff.']),
    'tag4' => live_post("Last thanks $stamp", ['Thank you to the crossing patrol.']),
    'close_editor2' => live_post("Pothole repairs $stamp", ['Crews start on Friday.']),
    'close_editor' => live_post("Road closures $stamp", ['The bridge closes on Monday.']),
    'close_quick' => live_post("Bin collections $stamp", ['Collections move to Tuesday.']),
    'autosave' => live_post("Winter gritting $stamp", ['The gritters go out at dusk.']),
    'leave' => live_post("Park events $stamp", ['The park hosts a fair in June.']),
];
$out['comment'] = wp_insert_comment([
    'comment_post_ID' => $out['update'],
    'comment_author' => 'A resident',
    'comment_author_email' => 'resident@example.invalid',
    'comment_content' => "Will the library open on bank holidays? ($stamp)",
    'comment_approved' => 0,
]);
$out['revisions'] = count(wp_get_post_revisions($out['restore']));
echo json_encode($out);
"""


def say(message):
    print(f"[wordpress-journeys] {message}", flush=True)


def prepare_server():
    """Raise the upload limits (once) and (re)start WordPress with them."""
    changed = False
    for path, text in UPLOAD_LIMITS.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            changed = True
            say(f"wrote {path}")
    if changed or not _answers(f"{WP}/wp-login.php"):
        subprocess.run(["bash", str(PEERS / "setup_wordpress.sh"), "start"], check=True)
    if not _answers(f"{WP}/wp-login.php"):
        sys.exit(f"WordPress does not answer on {WP}: run setup_wordpress.sh first")


def _answers(url):
    run = subprocess.run(["curl", "-fsS", "-o", "/dev/null", url], capture_output=True)
    return run.returncode == 0


def make_fixtures(stamp):
    """Set WordPress's options and create this run's posts and held comment; return their ids."""
    with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as program:
        program.write(FIXTURES_PHP)
    os.chmod(program.name, 0o644)
    try:
        run = subprocess.run(
            ["runuser", "-u", "www-data", "--", "php", program.name, HOST, stamp],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(program.name)
    return json.loads(run.stdout)


def make_photos(folder):
    """Write the journeys' photos: an ordinary JPEG, a 48-megapixel JPEG and an iPhone-like HEIC."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    photos = {
        "photo": folder / "town-hall.jpg",
        "big": folder / "phone-48mp.jpg",
        "heic": folder / "IMG_0042.HEIC",
    }
    Image.new("RGB", (1600, 1067), (40, 110, 160)).save(photos["photo"], quality=85)
    # Smooth light with sensor-like noise compresses like a phone photo (about 12 MB).
    width, height = 8000, 6000
    light = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 10)
    big = Image.merge("RGB", (light, noise, light.transpose(Image.Transpose.ROTATE_180)))
    big.save(photos["big"], quality=85)
    small = big.resize((4032, 3024))
    small.save(photos["heic"], format="HEIF", quality=80)
    return photos


# --- the editor -------------------------------------------------------------------------------


def open_editor(page, address, practised=False):
    """Open a block editor screen and wait until a person could start typing.

    Each journey starts from WordPress's default layout (settings sidebar open, Tags and
    Discussion panels closed, pre-publish check on), so that one journey cannot change the next
    one's count. With practised=True it starts instead from the layout a practised writer may
    have set once and WordPress remembers: those two panels open, the pre-publish check off.
    """
    page.goto(f"{WP}{address}")
    page.get_by_role("textbox", name="Add title").wait_for()
    practised = bool(practised)
    page.evaluate(
        """(practised) => {
            const layout = wp.data.select('core/edit-post');
            const change = wp.data.dispatch('core/edit-post');
            if (!layout.isEditorSidebarOpened()) change.openGeneralSidebar('edit-post/document');
            for (const panel of ['taxonomy-panel-post_tag', 'discussion-panel']) {
                if (layout.isEditorPanelOpened(panel) !== practised) {
                    change.toggleEditorPanelOpened(panel);
                }
            }
            const editor = wp.data.dispatch('core/editor');
            practised ? editor.disablePublishSidebar() : editor.enablePublishSidebar();
        }""",
        practised,
    )


def type_in_block(page, actions, block, text, what):
    """Click into a block's text and type: one action, as filling a field is.

    Some journeys count the click that places the cursor in a text area as an action of its own;
    the results give that count too (see cursor_clicks), so either reading compares like with like.
    """
    block.click()
    actions.fill(page.locator(":focus"), text, what)
    actions.cursor_clicks = cursor_clicks(actions) + 1


def cursor_clicks(actions):
    """Return how many clicks placed the cursor in a block before typing (counted in fills)."""
    return getattr(actions, "cursor_clicks", 0)


def start_new_block(page, actions, text, what):
    """Type into the empty block waiting at the end of the post ("Type / to choose a block")."""
    type_in_block(page, actions, page.get_by_role("button", name="Add default block"), text, what)


def paragraph(page, index=0):
    return page.locator("p.wp-block-paragraph[contenteditable=true]").nth(index)


def click_publish(page, actions, practised=False, label="Publish", confirm="Publish"):
    """Press the top bar's Publish (or Schedule) and confirm in the pre-publish panel if shown."""
    if practised:
        actions.click(page.locator(".editor-post-publish-button"), f"click {confirm}")
    else:
        actions.click(page.locator(".editor-post-publish-panel__toggle"), f"click {label}")
        actions.click(
            page.locator(".editor-post-publish-panel__header-publish-button button"),
            f"click {confirm} in the pre-publish check",
        )
    page.wait_for_function(
        "['publish', 'future'].includes("
        "wp.data.select('core/editor').getCurrentPostAttribute('status'))"
    )


def image_block_by_typing(page, actions):
    """Turn the empty block being typed in into an Image block: "/image", then Enter."""
    actions.fill(page.locator(":focus"), "/image", "type /image")
    actions.press(page.locator(":focus"), "Enter", "press Enter to choose the Image block")


def upload_from_image_block(page, actions, photo):
    with page.expect_file_chooser() as chooser:
        actions.click(page.get_by_role("button", name="Upload", exact=True), "click Upload")
    chooser.value.set_files(photo)
    actions.note("choose the photo in the file dialog")


def wait_for_uploaded_image(page, timeout=120_000):
    page.locator("figure.wp-block-image img[src^='http']").wait_for(timeout=timeout)


def rest(page, path):
    """Read one item of WordPress's public REST API (what readers could fetch)."""
    response = page.request.get(f"{WP}/wp-json/wp/v2/{path}")
    return response.json() if response.ok else {"status": response.status}


def reader_page(page, post_id):
    return page.request.get(f"{WP}/?p={post_id}").text()


def editor_notices(page):
    """Return the messages the editor is showing or has just shown (its notices store)."""
    notices = page.evaluate("wp.data.select('core/notices').getNotices().map(n => n.content)")
    return " | ".join(notices)


# --- the journeys -----------------------------------------------------------------------------


def journey_a(page, actions, fx, photos):
    """Write and publish a post with a photo uploaded from the editor (Upload button)."""
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    write_title_and_paragraph(page, actions, fx)
    # Enter at the end of the paragraph starts the next block: at 1280 px the editor offers no
    # shorter way to an Image block that keeps the settings sidebar (and its alt text) open.
    actions.press(page.locator(":focus"), "Enter", "press Enter for a new block")
    image_block_by_typing(page, actions)
    upload_from_image_block(page, actions, photos["photo"])
    describe_photo_and_publish(page, actions, fx.get("practised"))
    return check_published_photo(page)


def journey_a_wide(page, actions, fx, photos):
    """The same on a wide screen, where the block library and the settings sidebar fit together."""
    page.set_viewport_size(WIDE_VIEWPORT)
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    write_title_and_paragraph(page, actions, fx)
    actions.click(page.get_by_role("button", name="Toggle block inserter"), "click + (add block)")
    actions.click(page.locator("button.editor-block-list-item-image"), "click Image")
    upload_from_image_block(page, actions, photos["photo"])
    describe_photo_and_publish(page, actions, fx.get("practised"))
    return check_published_photo(page)


def journey_a_drop(page, actions, fx, photos):
    """The same, dragging the photo from the desktop onto the editor instead of Upload."""
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    write_title_and_paragraph(page, actions, fx)
    drop_file(page, paragraph(page), photos["photo"])
    actions.note("drag the photo from the desktop onto the editor")
    describe_photo_and_publish(page, actions, fx.get("practised"))
    return check_published_photo(page)


def write_title_and_paragraph(page, actions, fx):
    title = page.get_by_role("textbox", name="Add title")
    actions.fill(title, f"Opening day {fx['stamp']}", "type the title")
    text = "The new town hall opened its doors today."
    start_new_block(page, actions, text, "type the paragraph")


def describe_photo_and_publish(page, actions, practised=False):
    wait_for_uploaded_image(page)
    alt = "The town hall's front steps in sunshine"
    actions.fill(page.get_by_label("Alt text (alternative text)"), alt, "type the alt text")
    caption = page.get_by_role("textbox", name="Image caption text")
    type_in_block(page, actions, caption, "The town hall on opening day", "type the caption")
    click_publish(page, actions, practised)


def check_published_photo(page):
    post_id = page.evaluate("wp.data.select('core/editor').getCurrentPostId()")
    html = reader_page(page, post_id).replace("&#8217;", "'")
    shown = [
        words in html
        for words in (
            'alt="The town hall\'s front steps in sunshine"',
            "The town hall on opening day</figcaption>",
            "The new town hall opened its doors today.",
        )
    ]
    return f"published post {post_id}; the reader's page shows alt, caption, text: {shown}"


def drop_file(page, target, path):
    """Drop a file on an element as the desktop does: dragenter, dragover, drop with the file."""
    data = base64.b64encode(Path(path).read_bytes()).decode()
    transfer = page.evaluate_handle(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: 'image/jpeg'}));
            return transfer;
        }""",
        [data, Path(path).name],
    )
    box = target.bounding_box()
    where = {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] - 2}
    for event in ("dragenter", "dragover", "drop"):
        target.dispatch_event(event, {"dataTransfer": transfer, **where})


def journey_b(page, actions, fx, photos):
    """Schedule a post: set a future date and time, write it, Schedule."""
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    # The date comes first: once a block is being edited the sidebar shows the block's settings,
    # and reaching the date would take one more click (the sidebar's Post tab).
    actions.click(page.locator(".edit-post-post-schedule__toggle"), "click Publish: Immediately")
    when = datetime.now(UTC) + timedelta(days=1)
    picker = page.locator(".components-datetime")
    day = picker.locator(f"button[aria-label^='{when:%B} {when.day}, {when.year}']")
    if not day.count():  # tomorrow is in next month: the calendar shows this month first
        actions.click(picker.get_by_role("button", name="View next month"), "show next month")
    actions.click(day.first, "click tomorrow in the calendar")
    actions.fill(picker.get_by_label("Hours"), "9", "type the hour")
    actions.fill(picker.get_by_label("Minutes"), "00", "type the minutes")
    am = picker.get_by_role("button", name="AM", exact=True)
    if am.count() and "is-primary" not in (am.get_attribute("class") or ""):
        actions.click(am, "click AM")
    title = page.get_by_role("textbox", name="Add title")
    actions.fill(title, f"Council meeting {fx['stamp']}", "type the title")
    start_new_block(page, actions, "The full council meets on Thursday.", "type the paragraph")
    click_publish(page, actions, fx.get("practised"), "Schedule…", "Schedule")
    post_id = page.evaluate("wp.data.select('core/editor').getCurrentPostId()")
    status = page.evaluate("wp.data.select('core/editor').getEditedPostAttribute('status')")
    date = page.evaluate("wp.data.select('core/editor').getEditedPostAttribute('date')")
    return f"post {post_id} is '{status}' for {date} (site time zone UTC)"


def journey_c(page, actions, fx, photos):
    """Update a published post: change a word, Update."""
    post_id = fx["update"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    type_in_block(
        page,
        actions,
        paragraph(page),
        "The library opens at ten on weekdays.",
        "change 'nine' to 'ten' in the paragraph",
    )
    actions.click(page.locator(".editor-post-publish-button"), "click Update")
    page.get_by_text("Post updated.").first.wait_for()
    live = "opens at ten" in reader_page(page, post_id)
    return f"post {post_id} updated; the reader's page shows the new word: {live}"


def journey_d(page, actions, fx, photos):
    """Restore an old version of a live post: Revisions, pick an older one, Restore."""
    post_id = fx["restore"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    revisions = page.locator(".editor-post-last-revision__title")
    actions.click(revisions, f"click '{revisions.inner_text().strip()}'")
    page.wait_for_url("**/revision.php**")
    page.locator(".revisions-previous .button").wait_for()
    actions.click(page.locator(".revisions-previous .button"), "click Previous")
    page.get_by_text("The consultation opens in April.").first.wait_for()
    restore = page.locator(".restore-revision")
    actions.click(restore, f"click {restore.get_attribute('value')!r}")
    page.wait_for_url("**/post.php?post=*")
    page.get_by_role("textbox", name="Add title").wait_for()
    post = rest(page, f"posts/{post_id}")
    rendered = post.get("content", {}).get("rendered", "")
    return (
        f"post {post_id} after restoring: status {post.get('status')!r}, body "
        f"{'April' if 'April' in rendered else rendered[:60]!r}; the editor opened at "
        f"{page.url.removeprefix(WP)} with the messages {editor_notices(page)!r}"
    )


def journey_e(page, actions, fx, photos, which):
    """Upload a photo from the editor's Image block and say what WordPress did with it."""
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    start_new_block(page, actions, "/image", "type /image")
    actions.press(page.locator(":focus"), "Enter", "press Enter to choose the Image block")
    upload_from_image_block(page, actions, photos[which])
    chosen = time.monotonic()
    try:
        wait_for_uploaded_image(page, timeout=150_000)
        waited = time.monotonic() - chosen
    except PlaywrightTimeout:
        page.wait_for_timeout(1000)
        return f"no image: {editor_notices(page) or 'no message'}"
    image = page.locator("figure.wp-block-image img")
    src = image.get_attribute("src")
    shown = image.evaluate("img => img.complete && img.naturalWidth > 0")
    item = page.evaluate(
        "wp.apiFetch({path: '/wp/v2/media?per_page=1&orderby=id&order=desc&context=edit'})"
    )[0]
    details = item.get("media_details", {})
    sizes = ", ".join(
        f"{name} {size['width']}x{size['height']}"
        for name, size in details.get("sizes", {}).items()
    )
    return (
        f"uploaded as {item.get('mime_type')} {details.get('width')}x{details.get('height')}, "
        f"{details.get('filesize', 0) / 1e6:.1f} MB (original kept as: "
        f"{details.get('original_image', 'none')}) after {waited:.0f} s of waiting; sizes made: "
        f"{sizes or 'none'}; the editor "
        f"shows {src.removeprefix(WP)}, which the browser can display: {shown}; messages: "
        f"{editor_notices(page) or 'none'}"
    )


def journey_e_heic(page, actions, fx, photos):
    """Upload an iPhone HEIC photo from the editor."""
    return journey_e(page, actions, fx, photos, "heic")


def journey_e_big(page, actions, fx, photos):
    """Upload a 48-megapixel photo from the editor."""
    return journey_e(page, actions, fx, photos, "big")


def journey_f(page, actions, fx, photos):
    """Tag a post with an existing tag, chosen from the suggestions."""
    post_id = fx["tag"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    panel = page.get_by_role("button", name="Tags", exact=True)
    if panel.get_attribute("aria-expanded") != "true":
        actions.click(panel, "open the Tags panel")
    actions.fill(page.get_by_label("Add New Tag"), "tha", "type 'tha'")
    actions.click(page.get_by_role("option", name="thanks"), "click the suggestion 'thanks'")
    actions.click(page.locator(".editor-post-publish-button"), "click Update")
    page.get_by_text("Post updated.").first.wait_for()
    tags = [tag["name"] for tag in rest(page, f"tags?post={post_id}")]
    return f"post {post_id} tags: {tags}"


def journey_f_most_used(page, actions, fx, photos):
    """Tag a post with one of the most used tags, listed under the tag box."""
    post_id = fx["tag3"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    panel = page.get_by_role("button", name="Tags", exact=True)
    if panel.get_attribute("aria-expanded") != "true":
        actions.click(panel, "open the Tags panel")
    most_used = page.locator(".editor-post-taxonomies__flat-term-most-used")
    actions.click(most_used.get_by_role("button", name="thanks", exact=True), "click 'thanks'")
    actions.click(page.locator(".editor-post-publish-button"), "click Update")
    page.get_by_text("Post updated.").first.wait_for()
    tags = [tag["name"] for tag in rest(page, f"tags?post={post_id}")]
    return f"post {post_id} tags: {tags}"


def journey_g(page, actions, fx, photos):
    """Approve a held comment from the Comments screen."""
    page.goto(f"{WP}/wp-admin/edit-comments.php")
    row = page.locator(f"#comment-{fx['comment']}")
    row.hover()  # the row's links appear under the pointer; moving it is not an action
    actions.click(row.locator(".approve a"), "click Approve in the comment's row")
    page.wait_for_selector(f"#comment-{fx['comment']}:not(.unapproved)")
    comment = rest(page, f"comments/{fx['comment']}")
    return f"comment {fx['comment']} status for readers: {comment.get('status', comment)}"


def journey_h_editor(page, actions, fx, photos):
    """Close comments on one post from the editor's Discussion panel."""
    post_id = fx["close_editor"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    panel = page.get_by_role("button", name="Discussion", exact=True)
    if panel.get_attribute("aria-expanded") != "true":
        actions.click(panel, "open the Discussion panel")
    actions.click(page.get_by_label("Allow comments"), "untick Allow comments")
    actions.click(page.locator(".editor-post-publish-button"), "click Update")
    page.get_by_text("Post updated.").first.wait_for()
    return f"post {post_id} comments: {rest(page, f'posts/{post_id}').get('comment_status')}"


def journey_h_quick(page, actions, fx, photos):
    """Close comments on one post with Quick Edit in the Posts list."""
    post_id = fx["close_quick"]
    page.goto(f"{WP}/wp-admin/edit.php")
    row = page.locator(f"#post-{post_id}")
    row.hover()
    actions.click(row.locator("button.editinline"), "click Quick Edit in the post's row")
    edit = page.locator(f"#edit-{post_id}")
    actions.click(edit.locator("input[name=comment_status]"), "untick Allow Comments")
    actions.click(edit.locator("button.save"), "click Update")
    page.locator(f"#post-{post_id}:not(.inline-editor)").wait_for()
    page.wait_for_timeout(1000)
    return f"post {post_id} comments: {rest(page, f'posts/{post_id}').get('comment_status')}"


def wait_for_autosave(page):
    """Wait, without acting, until the editor has sent its timed autosave to the server."""
    with page.expect_response(
        lambda r: "autosaves" in r.url and r.request.method == "POST", timeout=AUTOSAVE_WAIT_MS
    ) as response:
        pass
    return response.value.status


def close_tab(page, actions):
    """Close the tab as a person does, answering the browser if it asks before leaving."""
    asked = []

    def leave(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    # Waiting for the close lets Playwright deliver the browser's question, if any, to leave().
    with page.expect_event("close", timeout=10_000):
        page.close(run_before_unload=True)
    actions.note("close the tab")
    if asked:
        actions.note("click Leave in the browser's question")


def journey_i_draft(page, actions, fx, photos):
    """Recover a new draft after closing the tab: WordPress saved the draft itself."""
    open_editor(page, "/wp-admin/post-new.php", fx.get("practised"))
    title = f"Half-written plans {fx['stamp']}"
    actions.fill(page.get_by_role("textbox", name="Add title"), title, "type the title")
    start_new_block(page, actions, "The plans for the square are", "type the paragraph")
    status = wait_for_autosave(page)
    close_tab(page, actions)
    page = page.context.new_page()
    page.goto(f"{WP}/wp-admin/edit.php")
    draft = page.locator("a.row-title", has_text=title)
    actions.click(draft, "click the draft in Posts")
    page.get_by_role("textbox", name="Add title").wait_for()
    shown = paragraph(page).inner_text()
    page.screenshot(path=OUT / "i-draft-after.png")
    return f"autosave answered {status}; reopened, the editor shows {shown!r}; no notice needed"


def journey_i_live(page, actions, fx, photos):
    """Recover unsaved edits to a published post after closing the tab, from its autosave."""
    post_id = fx["autosave"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    type_in_block(
        page,
        actions,
        paragraph(page),
        "The gritters go out at dusk and at dawn.",
        "change the paragraph",
    )
    status = wait_for_autosave(page)
    close_tab(page, actions)
    page = page.context.new_page()
    page.goto(f"{WP}/wp-admin/edit.php")
    title = page.locator(f"#post-{post_id} a.row-title")
    actions.click(title, "click the post in Posts")
    notice = page.locator(".components-notice__content", has_text="There is an autosave")
    notice.wait_for()
    said = notice.inner_text()
    actions.click(page.get_by_role("link", name="View the autosave"), "click View the autosave")
    restore = page.locator(".restore-revision")
    restore.wait_for()
    actions.click(restore, f"click {restore.get_attribute('value')!r}")
    page.wait_for_url("**/post.php?post=*")
    page.get_by_role("textbox", name="Add title").wait_for()
    live = "and at dawn" in reader_page(page, post_id)
    page.screenshot(path=OUT / "i-live-after.png")
    return (
        f"autosave answered {status}; notice: {said!r}; after Restore the edit is live to "
        f"readers at once: {live}"
    )


def journey_j(page, actions, fx, photos):
    """Be warned on leaving a post with unsaved changes."""
    post_id = fx["leave"]
    open_editor(page, f"/wp-admin/post.php?post={post_id}&action=edit", fx.get("practised"))
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    type_in_block(
        page, actions, paragraph(page), "The park hosts a fair in July.", "change the paragraph"
    )
    actions.click(page.locator(".edit-post-fullscreen-mode-close"), "click the W (View Posts)")
    page.wait_for_timeout(1500)
    kept = "in July" in paragraph(page).inner_text()
    return (
        f"dialogs shown: {dialogs or 'none'}; after choosing to stay, still on "
        f"{page.url.removeprefix(WP)} with the change on the screen: {kept}"
    )


def from_practised_layout(journey, **posts):
    """Run a journey from the layout a practised writer may have set once (see open_editor)."""

    def run_practised(page, actions, fx, photos):
        chosen = {key: fx[fixture] for key, fixture in posts.items()}
        return journey(page, actions, {**fx, **chosen, "practised": True}, photos)

    return run_practised


JOURNEYS = {
    # Journeys that find their post in the Posts list run first, while it is on the first page.
    "h-quick": ("Close comments on one post (Quick Edit)", journey_h_quick),
    "i-draft": ("Recover a new draft after closing the tab", journey_i_draft),
    "i-live": ("Recover a published post's unsaved edits after closing the tab", journey_i_live),
    "a": ("Write and publish a post with a photo (Upload button)", journey_a),
    "a-wide": ("The same on a 1440-pixel screen (block library)", journey_a_wide),
    "a-drop": ("Write and publish a post with a photo (drag and drop)", journey_a_drop),
    "b": ("Schedule a post", journey_b),
    "c": ("Update a published post", journey_c),
    "d": ("Restore an old version of a live post", journey_d),
    "e-heic": ("Upload a HEIC photo from the editor", journey_e_heic),
    "e-48mp": ("Upload a 48-megapixel photo from the editor", journey_e_big),
    "f": ("Tag a post with an existing tag from the suggestions", journey_f),
    "f-most-used": ("Tag a post with a tag from the Most used list", journey_f_most_used),
    "g": ("Approve a held comment", journey_g),
    "h-editor": ("Close comments on one post (editor's Discussion panel)", journey_h_editor),
    "j": ("Be warned on leaving with unsaved changes", journey_j),
    # The same again from the layout a practised writer may have set once.
    "a-practised": ("a, pre-publish check turned off", from_practised_layout(journey_a)),
    "a-wide-practised": (
        "a-wide, pre-publish check turned off",
        from_practised_layout(journey_a_wide),
    ),
    "a-drop-practised": (
        "a-drop, pre-publish check turned off",
        from_practised_layout(journey_a_drop),
    ),
    "b-practised": ("b, pre-publish check turned off", from_practised_layout(journey_b)),
    "f-practised": ("f, Tags panel left open", from_practised_layout(journey_f, tag="tag2")),
    "f-most-used-practised": (
        "f-most-used, Tags panel left open",
        from_practised_layout(journey_f_most_used, tag3="tag4"),
    ),
    "h-editor-practised": (
        "h-editor, Discussion panel left open",
        from_practised_layout(journey_h_editor, close_editor="close_editor2"),
    ),
}


def sign_in_and_dismiss_guide(context):
    """Sign in and close the first-run guide: a one-off, before any counting."""
    page = context.new_page()
    page.goto(f"{WP}/wp-login.php")
    page.fill("#user_login", USERNAME)
    page.fill("#user_pass", PASSWORD)
    page.click("#wp-submit")
    page.wait_for_url("**/wp-admin/**")
    page.goto(f"{WP}/wp-admin/post-new.php")
    page.get_by_role("dialog", name="Welcome to the block editor").wait_for()
    page.get_by_role("button", name="Close dialog").click()
    # Let the editor store "guide seen" with the user's preferences before leaving.
    page.wait_for_timeout(2000)
    page.close()


def run(chosen):
    OUT.mkdir(parents=True, exist_ok=True)
    prepare_server()
    stamp = datetime.now(UTC).strftime("%H%M%S")
    fixtures = {**make_fixtures(stamp), "stamp": stamp}
    say(f"fixtures: {fixtures}")
    results = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        photos = make_photos(Path(folder))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        sign_in_and_dismiss_guide(context)
        for key in chosen:
            title, journey = JOURNEYS[key]
            actions = Actions()
            page = context.new_page()
            started = time.monotonic()
            try:
                outcome = journey(page, actions, fixtures, photos)
            except Exception as error:  # noqa: BLE001 (a failed journey is reported, not hidden)
                outcome = f"FAILED: {type(error).__name__}: {str(error).splitlines()[0]}"
            for open_page in context.pages:
                open_page.screenshot(path=OUT / f"{key}.png")
                open_page.close()
            seconds = time.monotonic() - started
            say(
                f"{key}: {title}: {actions} (+{cursor_clicks(actions)} cursor clicks) "
                f"-> {outcome} ({seconds:.0f} s)"
            )
            results.append((key, title, actions, outcome))
        browser.close()
    write_results(results)


def write_results(results):
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "wordpress"], capture_output=True, text=True
    ).stdout
    lines = [
        f"# WordPress {version} journeys, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "Written by `bench/wordpress_journeys.py`; actions counted with `tests/actions.py`.",
        "",
        "The second count adds the clicks that place the cursor in a block before typing,",
        "for comparison with journeys that count those clicks on their own.",
        "",
        "| journey | actions | with cursor clicks | steps | what WordPress did |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for key, title, actions, outcome in results:
        steps = "; ".join(f"{n}. {step}" for n, step in enumerate(actions.steps, 1))
        said = " ".join(outcome.split()).replace("|", "/")  # one table row, whatever was said
        with_cursor = actions.count + cursor_clicks(actions)
        lines.append(f"| {key}: {title} | {actions.count} | {with_cursor} | {steps} | {said} |")
    path = OUT / "results.md"
    path.write_text("\n".join(lines) + "\n")
    say(f"wrote {path}")


if __name__ == "__main__":
    wanted = sys.argv[1:] or list(JOURNEYS)
    unknown = [key for key in wanted if key not in JOURNEYS]
    if unknown:
        sys.exit(f"unknown journeys {unknown}; choose from {list(JOURNEYS)}")
    run([key for key in JOURNEYS if key in wanted])
