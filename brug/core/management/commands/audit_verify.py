from django.core.management.base import BaseCommand, CommandError

from brug.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exits non-zero when it was tampered with."

    def handle(self, *args, **options):
        count, problems = verify_chain()
        for problem in problems[:50]:
            where = f"event {problem.event_id}" if problem.event_id else "chain"
            self.stderr.write(f"{where}: {problem.message}")
        if problems:
            raise CommandError(
                f"Audit trail NOT intact: {len(problems)} problem(s) in {count} events."
            )
        self.stdout.write(f"Audit trail intact: {count} events checked.")
