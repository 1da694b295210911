"""Drop what the removed `brug.core.versions` installed (PostgreSQL only): the trigger
function (CASCADE takes any statement trigger left on an app's table), the version table and
the UNLOGGED table of kept results."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS brug_data_changed() CASCADE")
    schema_editor.execute("DROP TABLE IF EXISTS brug_data_version")
    schema_editor.execute("DROP TABLE IF EXISTS brug_kept")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_per_network"),
        ("directory", "0007_drop_search_caching_triggers"),
        ("signals", "0005_drop_bundle_version_triggers"),
        ("trajectories", "0007_drop_roster_triggers"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
