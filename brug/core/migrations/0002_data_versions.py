"""The version table, its trigger function and the shared table of kept results behind
`brug.core.versions` (PostgreSQL only)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from brug.core import versions

    versions.install(schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS brug_data_changed() CASCADE")
        schema_editor.execute("DROP TABLE IF EXISTS brug_data_version")
        schema_editor.execute("DROP TABLE IF EXISTS brug_kept")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
