"""Demo content and accounts for trying ceoblog (`make run`): never for a real site.

It sits at the top, beside the project: it loads posts, comments and the roles of every app.
"""
