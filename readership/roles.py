"""Who sees the readership page: the communications team and the approvers.

Collected with every other app's GRANTS by accounts/roles.py. The page shows daily totals only
(never what one person read), so seeing it is the view permission of DailyReads.
"""

from posts.roles import COMMUNICATIONS

# approvals/roles.py's APPROVERS: approvals sits on readership's own layer, so it is named here
# rather than imported (tests/test_readership_permissions.py checks the group gets it).
APPROVERS = "Approvers"

VIEW_READERSHIP = "readership.view_dailyreads"

GRANTS = {
    COMMUNICATIONS: [VIEW_READERSHIP],
    APPROVERS: [VIEW_READERSHIP],
}
