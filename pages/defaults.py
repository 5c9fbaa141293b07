"""The accessibility statement's first text, used by the data migration and if the row is lost."""

from datetime import date

# The day the statement and the checks behind it were first written.
PREPARED_ON = date(2026, 11, 22)

INTRODUCTION = """
<p>This statement applies to the chief executive's blog on the council intranet: its posts,
archives, tag and author pages, sign-in page and this statement.</p>

<h2>Using this blog</h2>
<p>The council wants as many members of staff as possible to be able to read and take part in
this blog. For example, you should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using your browser or device settings</li>
<li>zoom in up to 400% without the text spilling off the screen</li>
<li>read every page on a phone as narrow as 320 pixels without scrolling sideways</li>
<li>move around the whole blog using only a keyboard</li>
<li>use the blog with a screen reader, including recent versions of NVDA, JAWS and VoiceOver</li>
<li>print a post without the menus and sidebar, with the post's address at the bottom</li>
</ul>
<p>The text is written to be as plain as we can make it. Animations are switched off if your
device asks for reduced motion.</p>

<h2>How accessible this blog is</h2>
<p>Most of the blog is fully accessible. We know some parts are not:</p>
<ul>
<li>some older posts, copied from the previous blog, have images without a text description,
headings in the wrong order or links such as "click here"</li>
<li>the pages editors use to write posts are the standard administration pages of the software
the blog is built with, and have not been checked to the same standard as the pages staff
read</li>
</ul>

<h2>Feedback and contact information</h2>
<p>If you need something on this blog in a different format, such as large print, an audio
recording or plain text, raise a request with the IT service desk and ask for it to be passed
to the internal communications team. Tell us the address of the page and the format you
need. We will reply within 5 working days.</p>

<h2>Reporting accessibility problems with this blog</h2>
<p>We are always looking to improve the accessibility of this blog. If you find a problem that
is not listed on this page, or you think we are not meeting the accessibility requirements,
raise a request with the IT service desk and ask for it to be passed to the internal
communications team. Say which page you were on, what you were trying to do and what
assistive technology, if any, you were using.</p>

<h2>Enforcement procedure</h2>
<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public
Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
"accessibility regulations"). If you are not happy with how we respond to your complaint,
<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support
Service (EASS)</a>.</p>
"""

NON_ACCESSIBLE_CONTENT = """
<h2>Non-accessible content</h2>
<p>The content listed below is non-accessible for the following reasons.</p>

<h3>Non-compliance with the accessibility regulations</h3>
<ul>
<li>Some images in posts published before this blog moved to its current software have no
text alternative, so people using a screen reader cannot tell what they show. This fails
WCAG 2.2 success criterion 1.1.1 (non-text content). We add descriptions when we find them
or are told about them.</li>
<li>Some of those older posts use headings out of order or as decoration, which fails
success criterion 1.3.1 (info and relationships), and some have links whose text does not
say where they go, which fails success criterion 2.4.4 (link purpose, in context). We
correct them as we find them.</li>
</ul>

<h3>Disproportionate burden</h3>
<p>We are not claiming that fixing any of the problems above would be a disproportionate
burden.</p>

<h3>Content that is not within the scope of the accessibility regulations</h3>
<p>Documents attached to posts before 23 September 2018, such as PDF and Word files, are not
essential to the services the council provides and are exempt. If you need one in another
format, ask us as described above.</p>

<h2>What we are doing to improve accessibility</h2>
<p>Every change to the blog's software is checked before it goes live: each kind of page is
opened in a real web browser, tested with the axe accessibility engine against the WCAG 2.2
A and AA rules and checked with the Nu HTML Checker, at phone and desktop widths. A person
also checks that the main tasks, such as finding and reading a post, can be done with a
keyboard alone. Editors are asked to give every image a text description and to use
headings in order.</p>

<h2>How this blog was tested</h2>
<p>The blog was last tested on 22 November 2026 by the team that maintains it, using the
automated checks described above in the Chromium browser and manual keyboard checks of
finding and reading posts.</p>
"""


def default_statement_fields():
    """Return the field values of the statement as first written."""
    return {
        "introduction": INTRODUCTION.strip(),
        "compliance": "partial",
        "non_accessible_content": NON_ACCESSIBLE_CONTENT.strip(),
        "prepared_on": PREPARED_ON,
        "reviewed_on": PREPARED_ON,
    }
