"""One way of writing dates and times across the site's admin: "16 May 2013, 10:15"."""

# Django's British formats mix "16 May 2013, 10:15 a.m." and "16/05/2013 10:15"; the team reads
# one form everywhere (lists, history, read-only fields), so the short forms are the long ones.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
