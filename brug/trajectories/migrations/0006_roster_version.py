"""Once installed the statement triggers under which the caseload's roster was kept.

The roster is read on every page now (see docs/trajectories.md); 0007 drops the triggers
from databases that ran this migration before. The file stays so that the migration graph
of deployed databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0005_caseload_kept_totals"), ("core", "0002_data_versions"),
                    ("network", "0001_initial")]
    operations = []
