from django.conf import settings
from django.core.management.base import BaseCommand

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
