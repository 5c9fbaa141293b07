"""Workarounds for gaps in Django that visitors could otherwise turn into a 500 (docs/security.md).

Nothing here imports any of the site's apps: it sits below them all.
"""
