"""The search's data version moves to `brug.core.versions` (domain "directory").

The log of 0005 (one row per writing transaction, counted on every search) grew for ever
and could only be emptied while Brug was stopped; a version row per domain does not grow.
The providers are added: result cards show their names.
"""

from django.db import migrations

TABLES = ["directory_service", "directory_location", "directory_serviceatlocation",
          "directory_language", "directory_provider"]
OLD_TABLES = ["directory_service", "directory_location", "directory_serviceatlocation",
              "directory_language"]


def forwards(apps, schema_editor):
    from brug.core import versions

    if schema_editor.connection.vendor != "postgresql":
        return
    for table in OLD_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_changed ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_search_changed()")
    schema_editor.execute("DROP TABLE IF EXISTS directory_search_change")
    versions.install_triggers(schema_editor, "directory", TABLES)


def backwards(apps, schema_editor):
    from brug.core import versions

    versions.remove_triggers(schema_editor, "directory", TABLES)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_change_log"), ("core", "0002_data_versions")]
    operations = [migrations.RunPython(forwards, backwards)]
