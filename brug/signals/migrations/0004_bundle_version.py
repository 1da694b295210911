"""Every write to what the signal bundle shows raises the "signals" version
(`brug.core.versions`): all tables of this app, and the directory's providers, services and
accessibility reports whose names and scores the bundle and the suggestions show. A table
added to this app later needs the trigger too (a test checks it)."""

from django.db import migrations

DIRECTORY_TABLES = ["directory_provider", "directory_service", "directory_accessibilityreport",
                    "directory_accessibilityscore"]


def _tables(apps) -> list[str]:
    own = [m._meta.db_table for m in apps.get_app_config("signals").get_models(
        include_auto_created=True)]
    return sorted(own) + DIRECTORY_TABLES


def forwards(apps, schema_editor):
    from brug.core import versions

    versions.install_triggers(schema_editor, "signals", _tables(apps))


def backwards(apps, schema_editor):
    from brug.core import versions

    versions.remove_triggers(schema_editor, "signals", _tables(apps))


class Migration(migrations.Migration):
    dependencies = [("signals", "0003_bundle_counts"), ("core", "0002_data_versions"),
                    ("directory", "0006_search_version")]
    operations = [migrations.RunPython(forwards, backwards)]
