"""Demo comments for trying ceoblog: a dozen discussed posts, replies, an official reply."""

from datetime import timedelta
from itertools import cycle

from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.models import Comment
from comments.services import post_comments_close

# Invented staff who comment; they cannot sign in.
DEMO_COMMENTERS = [
    ("priya.patel", "Priya", "Patel"),
    ("tom.okafor", "Tom", "Okafor"),
    ("grace.whitfield", "Grace", "Whitfield"),
    ("sam.hughes", "Sam", "Hughes"),
    ("dev.sharma", "Dev", "Sharma"),
    ("helen.marsh", "Helen", "Marsh"),
]

TOP_LEVEL = [
    "Thank you for this. It is good to read about the work going on in other directorates.",
    "Our team read this together at Monday's huddle. It was a lift after a very busy week.",
    "Could the slides from the session be shared on the intranet? Several of us could not "
    "attend because of the rota.",
    "Really pleased to see the depot crews mentioned. They were out before six every day.",
    "A question from the libraries team: will the changes apply to part-time staff too?",
    "I joined the council three months ago and these posts help me understand the bigger "
    "picture.\n\nPlease keep them coming.",
    "The wellbeing pages have more on this: https://intranet.example/wellbeing/ for anyone "
    "who has not found them yet.",
    "Well done to everyone in customer services. The phone queues this winter were long and "
    "the team stayed patient throughout.",
    "It would help to know the dates for the next round of staff roadshows.",
    "Lovely to see the apprentices' project recognised. They worked hard on it.",
    "We tried the new booking system in our office this week and it has saved a lot of "
    "back-and-forth emails.",
    "Thanks for being open about the budget position. It is easier to plan when we know.",
]

REPLIES = [
    "Agreed, it made a real difference to our week as well.",
    "The roadshow dates are on the events page; the first one is in the north of the county.",
    "Yes, part-time colleagues are included. Your line manager has the details.",
    "Seconded. Thank you to everyone who covered the extra shifts.",
]

OFFICIAL_REPLY = (
    "Thank you for asking. The slides will be on the intranet's news pages by Friday, and "
    "every session is being recorded so that colleagues on shifts can watch later."
)

PENDING = (
    "I have a suggestion about the car park at County Hall; can it be raised at the next forum?"
)
HIDDEN = [
    ("Buy cheap watches at www.example.com/offers now!!!", Comment.Status.SPAM),
    ("Off-topic grumble about the vending machines.", Comment.Status.REJECTED),
]

COMMENTED_POSTS = 12
CLOSED_EMPTY_POSTS = 3


def _commenter(username, first_name, last_name):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@ceoblog.example",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _comment(post, author, body, *, hours, status=Comment.Status.APPROVED, **fields):
    """Get or create one demo comment, so that loading twice adds nothing."""
    existing = Comment.objects.filter(post=post, author=author, body=body).first()
    if existing is not None:
        return existing
    # After the post went out, but never in the future for a post published recently.
    created_at = min(post.published_at + timedelta(hours=hours), timezone.now())
    comment = Comment(
        post=post, author=author, body=body, created_at=created_at, status=status, **fields
    )
    comment.full_clean()
    comment.save()
    return comment


def demo_comments_load(*, posts, reader, moderator, office):
    """Add demo comments to the newest published posts and close comments on a few."""
    posts = list(posts[: COMMENTED_POSTS + CLOSED_EMPTY_POSTS])
    commented, closed_empty = posts[:COMMENTED_POSTS], posts[COMMENTED_POSTS:]
    people = cycle([_commenter(*person) for person in DEMO_COMMENTERS])
    texts = cycle(TOP_LEVEL)
    replies = cycle(REPLIES)
    approval = {"moderated_by": moderator, "moderated_at": timezone.now()}
    for index, post in enumerate(commented):
        first = None
        for number in range(1 + index % 3):
            comment = _comment(post, next(people), next(texts), hours=2 + number * 5, **approval)
            first = first or comment
        if index % 2 == 0:
            _comment(post, next(people), next(replies), hours=20, parent=first, **approval)
    if commented:
        question = _comment(commented[0], reader, TOP_LEVEL[2], hours=1, **approval)
        _comment(commented[0], office, OFFICIAL_REPLY, hours=26, parent=question, is_official=True)
    if len(commented) > 1:
        _comment(commented[1], reader, PENDING, hours=30, status=Comment.Status.PENDING)
    if len(commented) > 2:
        for body, status in HIDDEN:
            _comment(commented[2], next(people), body, hours=40, status=status, **approval)
    # One discussed post closed, to show comments staying visible once closed.
    post_comments_close(posts=[*commented[3:4], *closed_empty])
    return Comment.objects.filter(post__in=posts).count()
