"""PostgreSQL: keep each entry's tsvector in its heap row (storage MAIN) instead of TOASTing it.

Every relevance search ranks its window of 1,001 matches with ts_rank_cd, and testing a row
with @@ outside the GIN index (walking an index in id or date order) needs the row's tsvector
too. A tsvector of the benchmark's documents is about 3.6 kB and does not compress, so under the
default storage (EXTENDED) it lives in the TOAST table: reading it costs a TOAST index lookup
and two chunks, five buffers instead of one (at 1,000,000 entries, 1,001 rankings read 4,000
buffers). MAIN keeps it in the row unless the row would not fit in a page; the wide ``body`` and
``tokens`` columns are still moved out first. The heap grows (about two entries per page).

ALTER ... SET STORAGE applies to rows written from then on. Existing rows move when they are
rewritten: ``gongkai search reindex`` rewrites every entry, or, faster, ``VACUUM FULL
search_entry`` (which locks the table while it runs). Nothing changes on SQLite.
"""

from django.db import migrations

POSTGRES_FORWARD = ["ALTER TABLE search_entry ALTER COLUMN tsv SET STORAGE MAIN"]
POSTGRES_BACKWARD = ["ALTER TABLE search_entry ALTER COLUMN tsv SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
