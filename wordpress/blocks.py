"""Render the block editor's dynamic blocks whose content the export keeps outside the post.

The footnotes block (WordPress 6.3 on) is saved as the comment <!-- wp:footnotes /-->; the notes
themselves are in the post's "footnotes" meta field, as JSON: [{"id": ..., "content": ...}]. Each
reference in the text is <sup data-fn="ID"><a href="#ID" id="ID-link">1</a></sup>; WordPress
shows the notes as a numbered list whose items link back to their references.
"""

import json
import re
from html import escape

FOOTNOTES_BLOCK = re.compile(r"<!--\s*wp:footnotes\b.*?(?:/-->|<!--\s*/wp:footnotes\s*-->)", re.S)


def render_footnotes(html, meta_value):
    """Return html with its footnotes block rendered, and a note if its notes are missing."""
    if not FOOTNOTES_BLOCK.search(html):
        return html, None
    try:
        notes = json.loads(meta_value or "[]")
    except ValueError:
        notes = []
    if not isinstance(notes, list):
        notes = []
    notes = [note for note in notes if isinstance(note, dict) and isinstance(note.get("id"), str)]
    if not notes:
        return html, "its footnotes block has no footnotes in the export: the numbers lead nowhere"
    items = "".join(
        f'<li id="{escape(note["id"])}">{note.get("content") or ""} '
        f'<a href="#{escape(note["id"])}-link">↩︎</a></li>'
        for note in notes
    )
    listing = f"<ol>{items}</ol>"
    return FOOTNOTES_BLOCK.sub(lambda match: listing, html, count=1), None
