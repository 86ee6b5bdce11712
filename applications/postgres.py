"""Database pieces that exist only on PostgreSQL (the `make run` default is SQLite)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper


def trigram_index(field, *, name):
    """A trigram index on UPPER(field): it serves ``field__icontains``, which PostgreSQL
    runs as ``UPPER(field::text) LIKE UPPER('%term%')``."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex that builds the index only on PostgreSQL; other databases keep the model
    state but no index (they have no trigram operator class)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
