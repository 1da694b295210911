"""On PostgreSQL, trigram indexes serve the family search (Django's icontains is
UPPER(col) LIKE UPPER('%word%')). Skipped on other databases, and skipped — the search still
works, only slower — when the database user may not create the pg_trgm extension.
"""

from django.db import migrations, transaction


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS family_name_trgm ON families_family "
                "USING gin ((UPPER(display_name::text)) gin_trgm_ops)")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS family_neighbourhood_trgm ON families_family "
                "USING gin ((UPPER(neighbourhood::text)) gin_trgm_ops)")
    except Exception:  # noqa: BLE001 — an index is an optimisation, never a blocker
        pass


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS family_name_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS family_neighbourhood_trgm")


class Migration(migrations.Migration):
    dependencies = [("families", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
