"""PostgreSQL: the services' tsvector stored in a column kept up to date by a trigger, with a
GIN index on it, in place of the expression index of 0002.

With the expression index, any query the index could not serve (a full-text filter matching
most of the directory, a rank, one match per suggestion source) recomputed to_tsvector for
every row: about a second at 50,000 services. The stored vector is the same expression, so
matches and ranks do not change. A trigger rather than a generated column, because PostgreSQL
refuses to change the type of a column a generated column reads (a later max_length change
would fail). The column is not on the model: Django never writes or reads it, only
`selectors` refers to it in SQL. SQLite keeps its FTS5 table.
"""

from django.db import migrations


def vector(row: str) -> str:
    return (
        f"to_tsvector('english'::regconfig, COALESCE({row}name, '') || ' ' "
        f"|| COALESCE({row}description, '') || ' ' || COALESCE({row}keywords, ''))"
    )


POSTGRESQL = [
    "ALTER TABLE directory_service ADD COLUMN search_vector tsvector;",
    f"""
    CREATE FUNCTION directory_service_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := {vector("NEW.")};
        RETURN NEW;
    END
    $$;
    """,
    """
    CREATE TRIGGER directory_service_search_vector
    BEFORE INSERT OR UPDATE OF name, description, keywords ON directory_service
    FOR EACH ROW EXECUTE FUNCTION directory_service_search_vector();
    """,
    f"UPDATE directory_service SET search_vector = {vector('')};",
    "CREATE INDEX directory_service_search_vector ON directory_service USING GIN (search_vector);",
    "DROP INDEX IF EXISTS directory_service_search;",
    # Statistics of the new column now, not at autovacuum's next pass: without them the
    # planner guesses how many services match a query, and guesses wrong.
    "ANALYZE directory_service;",
]
POSTGRESQL_REVERSE = [
    f"CREATE INDEX directory_service_search ON directory_service USING GIN ({vector('')});",
    "DROP TRIGGER IF EXISTS directory_service_search_vector ON directory_service;",
    "DROP FUNCTION IF EXISTS directory_service_search_vector();",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector;",
]


def run(statements_by_vendor: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_service_navigator_organisation")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL}),
            run({"postgresql": POSTGRESQL_REVERSE}),
        )
    ]
