"""The full-text search document of a post, stored by PostgreSQL in a generated column."""

from django.contrib.postgres.search import SearchVector
from django.db.models import Func

SEARCH_CONFIG = "english"


class PostgresOnly(Func):
    """Compile to the wrapped expression on PostgreSQL and to NULL on other databases."""

    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def search_document():
    """Return the weighted document of a post: title above excerpt above body."""
    # Tags and entities in the body are token types the English configuration ignores.
    return PostgresOnly(
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("excerpt", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
