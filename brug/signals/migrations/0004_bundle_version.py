"""Once installed the statement triggers of the removed `brug.core.versions` (the kept bundle
pages); nothing now. Kept so that migration histories stay whole;
`0005_drop_bundle_version_triggers` removes the triggers from databases that have them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("signals", "0003_bundle_counts"), ("core", "0002_data_versions"),
                    ("directory", "0006_search_version")]
    operations = []
