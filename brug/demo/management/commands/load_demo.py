from django.core.management.base import BaseCommand

from brug.demo import loader as demo


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
