"""Screen families for rights they probably miss: a worker's families, or a CSV population.

    manage.py rights_screen --worker cora --out gemist.xlsx [--errors fouten.csv]
    manage.py rights_screen --csv huishoudens.csv --out gemist.csv

Bad rows (impossible facts) are reported and skipped; the rest is screened. Every Brug family
read by the command gets an audit event (export, category rights).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family, Member
from brug.network.models import Worker
from brug.rights import selectors
from brug.rights.engine import (
    FactValidationError,
    RowError,
    missed_rows,
    read_households_csv,
    screen,
    validate_household,
    write_errors_csv,
    write_missed_csv,
    write_missed_xlsx,
)
from brug.rights.models import FamilyFact, RightClaim

PURPOSE = "rechtenonderzoek: screening op gemiste rechten"


class Command(BaseCommand):
    help = "Screen families (of a worker, or from a CSV) for rights they probably miss."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--worker", help="username: screen every family this worker may "
                            "see the rights of")
        source.add_argument("--csv", help="CSV file, one household per row (see "
                            "docs/rights-engine.md)")
        parser.add_argument("--out", required=True, help="output file, .csv or .xlsx")
        parser.add_argument("--errors", help="write row errors to this CSV as well")
        parser.add_argument("--date", type=date.fromisoformat, default=None,
                            help="evaluation date (default: today)")

    def handle(self, *args, **options):
        from django.utils import timezone

        out = options["out"]
        if not out.endswith((".csv", ".xlsx")):
            raise CommandError("--out must end in .csv or .xlsx")
        on = options["date"] or timezone.localdate()
        cat = selectors.catalogue()
        if options["csv"]:
            try:
                read = read_households_csv(options["csv"], on, cat)
            except OSError as exc:
                raise CommandError(f"cannot read {options['csv']}: {exc}") from exc
            households = [(hid, household) for hid, household, _row in read.households]
            errors = list(read.errors)
        else:
            households, errors = self._worker_households(options["worker"], on)
        rows = list(missed_rows(cat, screen(cat, households, on), on))
        count = (write_missed_xlsx if out.endswith(".xlsx") else write_missed_csv)(rows, out)
        for e in errors:
            self.stderr.write(f"rij {e.row}, {e.column}: {e.message}")
        if options["errors"]:
            with open(options["errors"], "w", encoding="utf-8", newline="") as fh:
                write_errors_csv(errors, fh)
        self.stdout.write(f"{len(households)} households screened, {count} rights probably "
                          f"missed, {len(errors)} errors; written to {out}")

    def _worker_households(self, username: str, on: date):
        worker = (Worker.objects.select_related("organisation", "user")
                  .filter(user__username=username).first())
        if worker is None:
            raise CommandError(f"no worker with username {username!r}")
        families = list(
            policy.visible_families(worker, Family.objects.all())
            .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("id")))
            .order_by("id")
        )
        family_ids = [f.pk for f in families]
        facts: dict[int, dict] = defaultdict(dict)
        for row in FamilyFact.objects.filter(family_id__in=family_ids).order_by(
                "family_id", "key", "-recorded_at", "-id"):
            facts[row.family_id].setdefault(row.key, row)
        claims: dict[int, dict] = defaultdict(dict)
        for c in RightClaim.objects.filter(family_id__in=family_ids):
            claims[c.family_id][c.right_id] = c
        households, errors = [], []
        cat = selectors.catalogue()
        for family in families:
            access = policy.access_for(worker, family, day=on)
            if not access.can_view(Category.RIGHTS):
                continue
            audit_record(actor=worker, family_id=family.pk, category=Category.RIGHTS,
                         action=AuditAction.EXPORT, purpose=PURPOSE)
            dossier = selectors.build_household_input(
                family, list(family.members.all()), facts[family.pk], claims[family.pk], on,
                categories=access.categories)
            try:
                household = validate_household(dossier.data, on, known_rights=cat.by_id)
            except FactValidationError as exc:
                errors.extend(RowError(family.pk, field, message) for field, message in exc.errors)
                continue
            households.append((str(family.pk), household))
        return households, errors


