"""Who WordPress's authors and commenters became in ceoblog, remembered from import to import.

A person is found again by who they were in WordPress (an author's login, a commenter's email
address or name), never by what their ceoblog account is called now: an editor may have
corrected the account's username or email since the first import.
"""

import hashlib

from wordpress.models import ImportedPerson


def identity_hash(kind, identity):
    return hashlib.sha256(f"{kind}\n{identity}".encode()).hexdigest()


class People:
    """The people already imported from one WordPress site, and those met for the first time."""

    def __init__(self, source):
        self.source = source

    def find(self, kind, identities):
        """Return {identity: user} for those of the identities imported before."""
        hashes = {identity_hash(kind, identity): identity for identity in identities}
        if not hashes:
            return {}
        rows = ImportedPerson.objects.filter(
            source=self.source, kind=kind, identity_hash__in=list(hashes)
        ).select_related("user")
        return {hashes[row.identity_hash]: row.user for row in rows}

    def remember(self, kind, pairs):
        """Record which user each (identity, user) pair's WordPress person became."""
        ImportedPerson.objects.bulk_create(
            [
                ImportedPerson(
                    source=self.source,
                    kind=kind,
                    identity=identity[:255],
                    identity_hash=identity_hash(kind, identity),
                    user=user,
                )
                for identity, user in pairs
            ],
            batch_size=500,
        )
