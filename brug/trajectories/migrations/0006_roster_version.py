"""Every write to what the caseload's roster reads (workers, organisations, programmes)
raises the "roster" version (`brug.core.versions`), under which the roster is kept."""

from django.db import migrations

TABLES = ["network_organisation", "network_worker", "trajectories_programme"]


def forwards(apps, schema_editor):
    from brug.core import versions

    versions.install_triggers(schema_editor, "roster", TABLES)


def backwards(apps, schema_editor):
    from brug.core import versions

    versions.remove_triggers(schema_editor, "roster", TABLES)


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0005_caseload_kept_totals"), ("core", "0002_data_versions"),
                    ("network", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
