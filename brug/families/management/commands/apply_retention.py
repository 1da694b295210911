from django.conf import settings
from django.core.management.base import BaseCommand

from brug.core import retention
from brug.families.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise dossiers whose mandate ended more than RETENTION_YEARS ago "
        "(run daily from cron)."
    )

    def handle(self, *args, **options):
        count = apply_retention()
        self.stdout.write(
            f"{count} dossier(s) anonymised (retention period: {settings.RETENTION_YEARS} years)."
        )
        purged = retention.run_purges()
        self.stdout.write(f"{purged} expired item(s) purged (e.g. rights screening runs).")
