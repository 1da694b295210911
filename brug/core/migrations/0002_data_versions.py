"""Formerly installed the version table, its trigger function and the shared table of kept
results of `brug.core.versions`, removed in issue 12 (docs/architecture.md, "Removed").
0006_drop_data_versions drops them from databases that ran the old version of this step."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = []
