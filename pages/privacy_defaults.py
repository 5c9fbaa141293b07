"""The privacy notice's first text, used by the data migration and if the row is lost."""

from datetime import date

# The day the notice was first written, with the readership and reactions it describes.
REVIEWED_ON = date(2026, 12, 4)

BODY = """
<p>This notice explains what the chief executive's blog on the council intranet keeps about
you when you read it, react to a post or write a comment, how long it is kept and who can see
it. The council is the data controller. The blog is used only by staff signed in with their
work account.</p>

<h2>What is counted when you read a post</h2>
<p>The first time you open a post, the blog records that you read it: which post, when, your
directorate as your work account gives it, and whether you came from the email alert about the
post. Opening the same post again is not counted again. Nothing else about your reading is
kept: no record of how long you spent, how far you scrolled or which links you followed.</p>
<p>The blog sets no cookie other than the one that keeps you signed in, and uses no tracking
or third-party analytics scripts.</p>

<h2>How long it is kept</h2>
<p>The record that names you is deleted after the period given in the summary below. After
that only daily totals remain: how many people in each directorate first read a post on each
day, and how many of them came from the email alert. The totals name no one.</p>

<h2>Who sees what</h2>
<ul>
<li>The communications team and the chief executive's office (approvers) see totals on the
readership page: how many people read each post, on which days, and from which
directorates.</li>
<li>Any figure for fewer than 10 people shows as "fewer than 10", so a small team cannot be
singled out.</li>
<li>No one can see, on the blog, which posts a named person has read. IT staff who look after
the database can reach the records that name you while they are kept, and do so only to run
and repair the service, under the council's information security policy.</li>
</ul>

<h2>Reactions</h2>
<p>When you press "Thank you" or another reaction under a post, the blog keeps which reaction
you gave to which post, so that it can show it as pressed for you and let you take it back.
Everyone, including the chief executive and the communications team, sees only how many people
gave each reaction, never who. Taking a reaction back deletes it.</p>

<h2>Comments and the emails about them</h2>
<p>A comment is shown with your name to everyone who reads the post. Moderators see comments
waiting for approval. You can be emailed when someone replies to your comment, or when an
official reply is posted on a post you commented on; the post's author, or the communications
team's mailbox, is told about new comments. You choose which of these emails you receive on
your notification settings, and every email has a link that stops it in one click.</p>

<h2>Email alerts and feeds</h2>
<p>If you ask for email alerts or a private feed address on the Follow this blog page, the blog
keeps your choice and the address until you turn it off.</p>

<h2>When you leave the council</h2>
<p>When your account is closed, your name is replaced with "Former member of staff", your
records of reading and your reactions are deleted, and your comments are either kept under the
new name or replaced with a note that they were removed.</p>

<h2>Your rights</h2>
<p>You can ask to see what the blog keeps about you, or ask for it to be corrected or deleted,
by raising a request with the IT service desk for the council's data protection officer. If you
are unhappy with the answer you can complain to the
<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner's Office</a>.</p>
"""


def default_notice_fields():
    return {"body": BODY.strip(), "reviewed_on": REVIEWED_ON}
