"""The caseload counts open trajectories and minutes from the trajectories and contacts
themselves (docs/trajectories.md), so the totals 0005 kept are dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("trajectories", "0007_drop_roster_triggers"),
    ]

    operations = [
        migrations.DeleteModel(name="OpenCaseload"),
        migrations.DeleteModel(name="WorkerDayMinutes"),
    ]
