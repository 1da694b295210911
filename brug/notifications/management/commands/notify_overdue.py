"""Daily: one notification per open review past its date (docs/notifications.md)."""

from django.core.management.base import BaseCommand

from brug.notifications.services import notify_overdue_reviews


class Command(BaseCommand):
    help = "Notify the responsible worker of every overdue review, once per review."

    def handle(self, *args, **options):
        created = notify_overdue_reviews()
        self.stdout.write(f"{created} notification(s) created.")
