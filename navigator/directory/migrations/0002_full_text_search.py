"""Full-text search over services' name, description and keywords, in each database's own way.

PostgreSQL: a GIN index on the same tsvector expression that `selectors.search_services`
builds with SearchVector (so the planner can use it). SQLite: an FTS5 table, with the Porter
stemmer, kept in step with directory_service by triggers; its rowid is the service's rowid.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE INDEX directory_service_search ON directory_service USING GIN (
        to_tsvector(
            'english'::regconfig,
            COALESCE(name, '') || ' ' || COALESCE(description, '') || ' '
            || COALESCE(keywords, '')
        )
    );
    """
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS directory_service_search;"]

SQLITE = [
    """
    CREATE VIRTUAL TABLE directory_service_fts USING fts5(
        service_id UNINDEXED, name, description, keywords, tokenize = 'porter unicode61'
    );
    """,
    """
    INSERT INTO directory_service_fts (rowid, service_id, name, description, keywords)
    SELECT rowid, id, name, description, keywords FROM directory_service;
    """,
    """
    CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
        INSERT INTO directory_service_fts (rowid, service_id, name, description, keywords)
        VALUES (new.rowid, new.id, new.name, new.description, new.keywords);
    END;
    """,
    """
    CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.rowid;
    END;
    """,
    """
    CREATE TRIGGER directory_service_fts_update AFTER UPDATE ON directory_service BEGIN
        DELETE FROM directory_service_fts WHERE rowid = old.rowid;
        INSERT INTO directory_service_fts (rowid, service_id, name, description, keywords)
        VALUES (new.rowid, new.id, new.name, new.description, new.keywords);
    END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS directory_service_fts_update;",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete;",
    "DROP TRIGGER IF EXISTS directory_service_fts_insert;",
    "DROP TABLE IF EXISTS directory_service_fts;",
]


def run(statements_by_vendor: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
