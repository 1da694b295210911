"""On PostgreSQL, a trigram index serves the directory's word search (LIKE '%word%').

Skipped on other databases, and skipped (with the search still working, only slower) when the
database user may not create the pg_trgm extension.
"""

from django.db import migrations, transaction


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS service_search_trgm ON directory_service "
                "USING gin (search_text gin_trgm_ops)")
    except Exception:  # noqa: BLE001 — an index is an optimisation, never a blocker
        pass


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS service_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
