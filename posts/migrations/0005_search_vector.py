import django.contrib.postgres.search
from django.db import migrations, models

import posts.fulltext

# The GIN index exists only on PostgreSQL, where search_vector holds a tsvector. It is created
# here rather than in Post.Meta.indexes because SQLite cannot build a GIN index, and SQLite
# rebuilds the table (with every Meta index) whenever a later migration alters posts_post.
INDEX_NAME = "post_search_vector_gin"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX_NAME} ON posts_post USING GIN (search_vector)")


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0004_comments_switch"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=posts.fulltext.PostgresOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "title", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "excerpt", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "body", config="english", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
