"""Drop the "roster" statement triggers 0006 installed (PostgreSQL only; nothing elsewhere).

The caseload's roster is no longer kept per version of these tables, so nothing listens
to the version the triggers raised.
"""

from django.db import migrations

TABLES = ["network_organisation", "network_worker", "trajectories_programme"]


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_roster_version ON {table}")


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0006_roster_version")]
    operations = [migrations.RunPython(drop_triggers, migrations.RunPython.noop)]
