"""E-mail every worker a count of their new notifications, once per notification
(docs/notifications.md). Run daily; running it again sends nothing twice."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from brug.notifications.services import send_digests


class Command(BaseCommand):
    help = "Send the notification e-mails (a count and a link, never a family's details)."

    def add_arguments(self, parser):
        parser.add_argument("--immediate-only", action="store_true",
                            help="Only workers who chose an e-mail at once (a retry of what "
                                 "failed after the change); daily digests wait for a full run.")

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            raise CommandError("SITE_URL is not set: the e-mails need Brug's address for their "
                               "link (e.g. SITE_URL=https://brug.example.be).")
        sent, failed = send_digests(only_immediate=options["immediate_only"])
        self.stdout.write(f"{sent} e-mail(s) sent, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} e-mail(s) could not be sent; they are sent on the "
                               "next run.")
