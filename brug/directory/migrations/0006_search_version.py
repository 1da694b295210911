"""Formerly: the directory's statement triggers of `brug.core.versions` (domain "directory"),
which served only the result pages kept per data version (removed in issue 12).

No operations any more; 0007 drops the triggers on databases that ran it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_change_log"), ("core", "0002_data_versions")]
    operations = []
