from django.core.management.base import BaseCommand

from brug.demo import loader as demo
from brug.portal import demo as portal_demo


class Command(BaseCommand):
    help = "Load the fictional demo network 'Huis van het Kind Demostad' (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=50)

    def handle(self, *args, **options):
        ctx = demo.load(families=options["families"])
        if ctx is None:
            self.stdout.write("The demo network is already loaded.")
        else:
            self.stdout.write(f"Loaded {len(ctx.families)} fictional families.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, name, org, roles in demo.WORKERS:
            self.stdout.write(f"  {username:<12} {name} — {roles} at {org.upper()}")
        from brug.portal.models import FamilyAccount

        account = (FamilyAccount.objects.select_related("family")
                   .filter(user__username=portal_demo.PORTAL_LOGIN).first())
        if account is not None:
            self.stdout.write("")
            self.stdout.write(f"Family portal login at /gezin/ ({account.family.display_name}, "
                              f"language {account.language}):")
            self.stdout.write(f"  {portal_demo.PORTAL_LOGIN:<12} PIN {portal_demo.PORTAL_PIN}")
