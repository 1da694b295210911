"""Remove the statement triggers `0004_bundle_version` installed on PostgreSQL: every table of
this app and the directory tables the bundle showed raised the "signals" data version, which
nothing reads any more (the bundle is computed per request)."""

from django.db import migrations

TABLES = [
    "signals_action", "signals_actionplan", "signals_collectivedimensioncount",
    "signals_collectivesignal", "signals_collectivesignal_reports",
    "signals_collectivesignalevent", "signals_meeting", "signals_signal",
    "signals_signaldimension", "signals_suggestioncount",
    "directory_provider", "directory_service", "directory_accessibilityreport",
    "directory_accessibilityscore",
]


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_signals_version ON {table}")


class Migration(migrations.Migration):
    dependencies = [("signals", "0004_bundle_version")]
    operations = [migrations.RunPython(drop_triggers, migrations.RunPython.noop)]
