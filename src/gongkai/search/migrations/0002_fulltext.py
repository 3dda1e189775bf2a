"""The full-text part of the index, which differs by database and is not in Django's model state.

SQLite: an FTS5 external-content table over ``search_entry.tokens`` (the text is stored once)
and triggers that keep it in step in the same statement as every insert, update and delete.
unicode61 splits on spaces only here, since ``tokens`` is already segmented and stripped of
punctuation; remove_diacritics 0 keeps letters as they are.

PostgreSQL: a generated tsvector column (the 'simple' configuration: lower-casing only, no
stemming and no stop words) with a GIN index, and an index for the date order with empty dates
last, as the search query asks for it.

On SQLite, any later migration that makes Django rebuild ``search_entry`` (most ALTERs do: new
table, copy, drop, rename) drops these triggers and indexes with the old table; it must run
``SQLITE_FORWARD`` again (``gongkai search verify`` reports a full-text table out of step).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        tokens, content='search_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF tokens ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    # Narrow covering indexes: the wide rows (body, tokens) are never read to filter or sort.
    # By id, for checking the filters of each full-text match:
    """CREATE INDEX search_entry_lookup ON search_entry
        (id, published_date, kind, agency_id, year, validity, category_id)""",
    # By date, for walking the entries newest first:
    """CREATE INDEX search_entry_date_filter ON search_entry
        (published_date, id, kind, agency_id, year, validity, category_id)""",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_date_filter",
    "DROP INDEX IF EXISTS search_entry_lookup",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_entry ADD COLUMN tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED""",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
    """CREATE INDEX search_entry_date_order
        ON search_entry (published_date DESC NULLS LAST, id DESC)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_date_order",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
