"""A migration operation for full-text search on PostgreSQL.

It adds a `search_vector` column that PostgreSQL itself keeps up to date (a
generated column: no triggers, nothing for the application to forget), a GIN
index on it, and a trigram index on the title for "Did you mean". On SQLite
it does nothing: search there falls back to simpler matching.

The column is not a model field, so the ORM never writes to it; queries
refer to it by name (see cyscp.search). The weights are fixed by the
migration: to change what is searched, add a migration that removes and
adds the column again.

PostgreSQL will not change the type of a column that a generated column reads
("cannot alter type of a column used by a generated column"). A migration
that changes a searched field (a longer title's max_length, say) passes on
SQLite and in `makemigrations --check`, then fails on PostgreSQL. In such a
migration, drop the column first (RunSQL "ALTER TABLE ... DROP COLUMN
search_vector", PostgreSQL only), then the AlterField, then AddSearchVector
again with the same fields.
"""

from django.db.migrations.operations.base import Operation

COLUMN = "search_vector"


class AddSearchVector(Operation):
    reversible = True

    def __init__(self, model_name: str, fields: dict[str, tuple[str, ...]]):
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {
                "model_name": self.model_name,
                "fields": self.fields,
            },
        )

    def state_forwards(self, app_label, state):
        pass  # the column is the database's business, not the models'

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        table = model._meta.db_table
        weighted = []
        for weight, names in sorted(self.fields.items()):
            text = " || ' ' || ".join(
                f"coalesce({quote(model._meta.get_field(name).column)}, '')" for name in names
            )
            weighted.append(f"setweight(to_tsvector('english'::regconfig, {text}), '{weight}')")
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({' || '.join(weighted)}) STORED"
        )
        # Keep the vector in the table row (compressed if need be) rather than
        # out of line in TOAST: ranking reads it for every match, and fetching
        # it from TOAST made ranking several times slower on long reviews.
        schema_editor.execute(f"ALTER TABLE {quote(table)} ALTER COLUMN {COLUMN} SET STORAGE MAIN")
        schema_editor.execute(
            f"CREATE INDEX {quote(table + '_search')} ON {quote(table)} USING GIN ({COLUMN})"
        )
        schema_editor.execute(
            f"CREATE INDEX {quote(table + '_title_trgm')} ON {quote(table)} "
            f"USING GIN ({quote('title')} gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        table = model._meta.db_table
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(table + '_title_trgm')}")
        schema_editor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {COLUMN}")

    def describe(self):
        return f"Add a full-text search column to {self.model_name} (PostgreSQL only)"
