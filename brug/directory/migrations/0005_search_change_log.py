"""Formerly: on PostgreSQL, a log of the transactions that changed what the directory search
reads, which served only the per-version caching of search results (removed in issue 12).

No operations any more; 0007 drops what this created on databases that ran it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_indexes")]
    operations = []
