"""Population screening as a page: runs, chunks, results, downloads and retention.

Design (docs/rights-engine.md, "Screening page"): a run is stored whole in one transaction
(the households of an upload as engine input, or the families of a caseload), then its page
processes it in chunks: every htmx poll (or a "Doorgaan" button without JavaScript) advances
one chunk inside one transaction that locks the run row, so two tabs never process a chunk
twice and a stopped browser just pauses the run. No task queue, nothing running after the
request: it works under gunicorn as it is.

Who sees what: only the coordinator who started a run opens it. Uploaded rows are theirs;
caseload families are shown (reasons, downloads) only while the policy still grants them the
`rights` category, and every family shown or exported leaves an audit event. A caseload
family's engine input holds only the fields of the categories the runner is granted for it
(without `contact`, no postcode or municipality: its local rights stay unknown). The network
summary shows no right for fewer than three households (`core.small_groups`).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core import small_groups
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.core.spreadsheet import SafeDictWriter, safe_cell
from brug.families.models import Family, Member
from brug.rights import selectors
from brug.rights.engine import (
    OUTPUT_COLUMNS,
    PERIODS,
    FactValidationError,
    household_data,
    missed_rows,
    read_households_csv,
    read_households_xlsx,
    screen,
    validate_household,
)
from brug.rights.engine.questions import YEARLY_FACTOR
from brug.rights.models import (
    FamilyFact,
    RightClaim,
    RunSource,
    RunStatus,
    ScreeningHousehold,
    ScreeningRow,
    ScreeningRun,
)

RETENTION_DAYS = 30  # a run (input, results, errors) is deleted this long after it started
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_HOUSEHOLDS = 20_000
UPLOAD_CHUNK = 500  # households per poll: engine only, ~0.3 ms each
CASELOAD_CHUNK = 50  # families per poll: database reads and an audit event each
PURPOSE = gettext_noop("rechtenonderzoek: screening op gemiste rechten")
PAGE_SIZE = 25  # households with reasons per page


class ScreeningRefused(Exception):
    """The upload cannot be screened at all; `errors` are (row, column, Dutch message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = errors
        super().__init__("; ".join(m for _r, _c, m in errors))


# -- starting a run ---------------------------------------------------------------------------

def run_from_upload(*, actor, upload, on: date) -> ScreeningRun:
    """Read an uploaded CSV/XLSX and store the run whole, or refuse it (nothing stored)."""
    if not policy.can_screen_rights(actor):
        raise PermissionError
    name = (upload.name or "").lower()
    if upload.size > MAX_UPLOAD_BYTES:
        raise ScreeningRefused([(1, "", _("Het bestand is groter dan 5 MB."))])
    cat = selectors.catalogue()
    if name.endswith(".xlsx"):
        read = read_households_xlsx(upload, on, cat)
    elif name.endswith(".csv"):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScreeningRefused(
                [(1, "", _("Het bestand is geen UTF-8-tekst. Bewaar het als CSV UTF-8."))]
            ) from None
        if "\x00" in text:  # PostgreSQL stores no NUL character in text
            raise ScreeningRefused([(1, "", _("Het bestand bevat een ongeldig teken (NUL). "
                                             "Bewaar het opnieuw als CSV UTF-8."))])
        read = read_households_csv(io.StringIO(text), on, cat)
    else:
        raise ScreeningRefused([(1, "", _("Kies een bestand dat eindigt op .csv of .xlsx."))])
    errors = [(e.row, e.column, e.message) for e in read.errors]
    if not read.households:
        raise ScreeningRefused(errors or [(1, "", _("Het bestand bevat geen gezinnen."))])
    if len(read.households) > MAX_HOUSEHOLDS:
        raise ScreeningRefused(
            [(1, "", _("Het bestand bevat meer dan %(n)s gezinnen.") % {"n": MAX_HOUSEHOLDS})]
        )
    purge_expired()
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            created_by=actor, on=on, source=RunSource.UPLOAD, file_name=upload.name[:200],
            total=len(read.households), errors=errors)
        ScreeningHousehold.objects.bulk_create(
            ScreeningHousehold(run=run, position=i, household_id=hid[:100],
                               data=household_data(household))
            for i, (hid, household, _line) in enumerate(read.households))
        audit_record(actor=actor, family_id=None, category=Category.RIGHTS,
                     action=AuditAction.CREATE,
                     detail=gettext_noop("rechtenscreening van een opgeladen bestand"))
    return run


def caseload_families(actor, subject):
    """The families of `subject`'s caseload whose rights `actor` may see."""
    from brug.core import assignment

    caseload = Family.objects.filter(assignment.assigned_q(subject))
    return policy.families_granting(actor, caseload, Category.RIGHTS).order_by("pk")


def run_from_caseload(*, actor, subject, on: date) -> ScreeningRun:
    if not policy.can_screen_rights(actor):
        raise PermissionError
    family_ids = list(caseload_families(actor, subject).values_list("pk", flat=True))
    purge_expired()
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            created_by=actor, on=on, source=RunSource.CASELOAD, subject=subject,
            total=len(family_ids), status=RunStatus.RUNNING if family_ids else RunStatus.DONE)
        ScreeningHousehold.objects.bulk_create(
            ScreeningHousehold(run=run, position=i, household_id=str(fid), family_id=fid)
            for i, fid in enumerate(family_ids))
        audit_record(actor=actor, family_id=None, category=Category.RIGHTS,
                     action=AuditAction.CREATE,
                     detail=gettext_noop("rechtenscreening van de gezinnen van een medewerker"))
    return run


def runs_of(actor) -> list[ScreeningRun]:
    """The actor's own recent runs (nobody else's)."""
    return list(ScreeningRun.objects.filter(created_by=actor).select_related("subject")[:10])


# -- processing -------------------------------------------------------------------------------

def run_get(actor, run_id: int) -> ScreeningRun:
    """The run, for its creator only (others: 404, like every object they may not see)."""
    if not policy.can_screen_rights(actor):
        raise Http404
    run = ScreeningRun.objects.filter(pk=run_id, created_by=actor).first()
    if run is None:
        raise Http404
    return run


def _caseload_inputs(actor, items: list[ScreeningHousehold], on: date, errors: list):
    """Engine households of caseload items the actor may (still) see; each read is audited."""
    ids = [i.family_id for i in items]
    granted = set(policy.families_granting(actor, Family.objects.filter(pk__in=ids),
                                           Category.RIGHTS).values_list("pk", flat=True))
    families = {f.pk: f for f in Family.objects.filter(pk__in=granted).prefetch_related(
        Prefetch("members", queryset=Member.objects.order_by("id")))}
    # Each family's facts only in the categories the actor is granted for it (the postcode
    # and municipality are `contact`): a run does not decide on what its runner may not see.
    categories = policy.categories_by_family(actor, families.values(), day=on)
    facts: dict[int, dict] = defaultdict(dict)
    for row in FamilyFact.objects.filter(family_id__in=granted).order_by(
            "family_id", "key", "-recorded_at", "-id"):
        facts[row.family_id].setdefault(row.key, row)
    claims: dict[int, dict] = defaultdict(dict)
    for c in RightClaim.objects.filter(family_id__in=granted):
        claims[c.family_id][c.right_id] = c
    cat = selectors.catalogue()
    out = []
    for item in items:
        family = families.get(item.family_id)
        if family is None:
            continue  # no longer visible: skipped, nothing read
        audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS,
                     action=AuditAction.EXPORT, purpose=PURPOSE)
        dossier = selectors.build_household_input(
            family, list(family.members.all()), facts[family.pk], claims[family.pk], on,
            categories=categories[family.pk], names=False)
        try:
            household = validate_household(dossier.data, on, known_rights=cat.by_id)
        except FactValidationError as exc:
            errors.extend([item.household_id, f, m] for f, m in exc.errors)
            continue
        out.append((item, household))
    return out


_PERIOD_BY_LABEL = {label: key for key, label in PERIODS.items()}


def _year(value: str, period_label: str) -> Decimal | None:
    """An output amount per year (the same factors as the question order)."""
    if value == "":
        return None
    factor = YEARLY_FACTOR.get(_PERIOD_BY_LABEL.get(period_label, "once"), 1.0)
    return (Decimal(value) * Decimal(str(factor))).quantize(Decimal("0.01"))


def advance(*, actor, run_id: int) -> ScreeningRun:
    """Process the next chunk of the run (one transaction, the run row locked)."""
    run_get(actor, run_id)
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE:
            return run
        size = UPLOAD_CHUNK if run.source == RunSource.UPLOAD else CASELOAD_CHUNK
        items = list(run.households.filter(done=False).order_by("position")[:size])
        cat = selectors.catalogue()
        errors = list(run.errors)
        if run.source == RunSource.UPLOAD:
            pairs = []
            for item in items:
                try:
                    pairs.append((item, validate_household(item.data, run.on,
                                                           known_rights=cat.by_id)))
                except FactValidationError as exc:  # the catalogue changed since the upload
                    errors.extend([item.household_id, f, m] for f, m in exc.errors)
        else:
            pairs = _caseload_inputs(actor, items, run.on, errors)
        by_hid = {item.household_id: item for item, _h in pairs}
        results = screen(cat, [(item.household_id, h) for item, h in pairs], run.on)
        new_rows = []
        for row in missed_rows(cat, results, run.on):
            item = by_hid[row["household_id"]]
            new_rows.append(ScreeningRow(
                run=run, household=item, family_id=item.family_id, right_id=row["right_id"],
                status=row["status"], year_low=_year(row["amount_low"], row["period"]),
                year_high=_year(row["amount_high"], row["period"]), row=row))
        ScreeningRow.objects.bulk_create(new_rows)
        ScreeningHousehold.objects.filter(pk__in=[i.pk for i in items]).update(
            done=True, data=None)
        run.processed += len(items)
        run.errors = errors
        if run.processed >= run.total or not items:
            run.processed = run.total
            run.status = RunStatus.DONE
        run.save(update_fields=["processed", "errors", "status"])
    return run


# -- results ----------------------------------------------------------------------------------

def results_by_right(run: ScreeningRun) -> list[dict]:
    """Per right: households likely / possibly missing it and the yearly amounts (at least /
    at most). Only the run's creator sees it; the network summary is the one to share."""
    names = selectors.catalogue().by_id
    rows = (run.rows.order_by().values("right_id")
            .annotate(likely=Count("id", filter=Q(status="likely_entitled")),
                      possibly=Count("id", filter=Q(status="possibly_entitled")),
                      low=Sum("year_low"), high=Sum("year_high")))
    out = []
    for r in rows:
        right = names.get(r["right_id"])
        out.append({**r, "name": right.name if right else r["right_id"],
                    "domain": right.domain_label if right else ""})
    return sorted(out, key=lambda r: (-(r["likely"] + r["possibly"]), r["name"]))


def network_summary(run: ScreeningRun) -> tuple[list[dict], int]:
    """Per right, households likely or possibly missing it, only groups of 3 or more; and how
    many rights were left out because fewer households miss them."""
    names = selectors.catalogue().by_id
    shown = list(small_groups.counted(run.rows.all(), "right_id", unit="household_id",
                                      low=Sum("year_low")))
    hidden = run.rows.values("right_id").distinct().count() - len(shown)
    out = [{**r, "name": names[r["right_id"]].name if r["right_id"] in names else r["right_id"]}
           for r in shown]
    return sorted(out, key=lambda r: (-r["families"], r["name"])), hidden


def _visible_family_ids(actor, run: ScreeningRun) -> set[int]:
    ids = run.households.exclude(family=None).values_list("family_id", flat=True)
    return set(policy.families_granting(actor, Family.objects.filter(pk__in=list(ids)),
                                        Category.RIGHTS).values_list("pk", flat=True))


def households_page(actor, run: ScreeningRun, page: int) -> tuple[list[dict], int]:
    """Households with a missed right and their reasons, `PAGE_SIZE` a page; for a caseload
    only the families the actor may still see in `rights`, each shown family audited."""
    items = run.households.filter(rows__isnull=False).distinct().order_by("position")
    labels: dict[int, str] = {}
    if run.source == RunSource.CASELOAD:
        visible = _visible_family_ids(actor, run)
        items = items.filter(family_id__in=visible)
    pages = max(1, -(-items.count() // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chunk = list(items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE].prefetch_related("rows"))
    if run.source == RunSource.CASELOAD:
        labels = policy.family_labels(actor, [i.family_id for i in chunk], Category.RIGHTS)
        for item in chunk:
            if item.family_id not in labels:
                continue
            # The family's name is shown with its rights: a read of `identity` too.
            named = labels[item.family_id] != policy.neutral_label(item.family_id)
            audit_record(actor=actor, family_id=item.family_id, category=Category.RIGHTS,
                         action=AuditAction.VIEW, purpose=PURPOSE,
                         also=(Category.IDENTITY,) if named else ())
    out = [{"item": i, "label": labels.get(i.family_id, i.household_id),
            "rows": [r.row for r in i.rows.all()]} for i in chunk]
    return out, pages


def _export_rows(actor, run: ScreeningRun) -> list[dict]:
    rows = run.rows.select_related(None).order_by("household__position", "right_id")
    if run.source == RunSource.CASELOAD:
        visible = _visible_family_ids(actor, run)
        rows = rows.filter(family_id__in=visible)
        for fid in sorted(visible & set(rows.values_list("family_id", flat=True))):
            audit_record(actor=actor, family_id=fid, category=Category.RIGHTS,
                         action=AuditAction.EXPORT, purpose=PURPOSE)
    return [r.row for r in rows]


def export_csv(actor, run: ScreeningRun) -> str:
    buf = io.StringIO()
    writer = SafeDictWriter(buf, fieldnames=OUTPUT_COLUMNS)
    writer.writeheader()
    with transaction.atomic():
        writer.writerows(_export_rows(actor, run))
    return buf.getvalue()


def export_xlsx(actor, run: ScreeningRun) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rechten")
    ws.append(list(OUTPUT_COLUMNS))
    with transaction.atomic():
        for row in _export_rows(actor, run):
            ws.append([safe_cell(row.get(c, "")) for c in OUTPUT_COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def errors_of(actor, run: ScreeningRun, *, action: str = AuditAction.VIEW) -> list:
    """The rows the engine refused, as (row, column, message). For a caseload a row names a
    family (its number) and which of its facts are wrong: only families the actor may still
    see in `rights`, like the results, each one shown leaving an audit event (`action`)."""
    if run.source != RunSource.CASELOAD:
        return list(run.errors)
    visible = {str(fid) for fid in _visible_family_ids(actor, run)}
    errors = [row for row in run.errors if str(row[0]) in visible]
    for fid in sorted({int(row[0]) for row in errors}):
        audit_record(actor=actor, family_id=fid, category=Category.RIGHTS, action=action,
                     purpose=PURPOSE)
    return errors


def errors_csv(actor, run: ScreeningRun) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(("rij", "kolom", "melding"))
    with transaction.atomic():
        for row in errors_of(actor, run, action=AuditAction.EXPORT):
            writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


# -- retention --------------------------------------------------------------------------------

def purge_expired(today: date | None = None) -> int:
    """Delete runs older than the retention period (input, results and errors)."""
    now = timezone.now() if today is None else timezone.make_aware(
        datetime.combine(today, time.min))
    cutoff = now - timedelta(days=RETENTION_DAYS)
    expired = ScreeningRun.objects.filter(created_at__lt=cutoff)
    count = expired.count()
    if count:
        expired.delete()
    return count


def family_clear(family_id: int) -> None:
    """A family reaching the end of its retention: its screening results go too."""
    ScreeningRow.objects.filter(family_id=family_id).delete()
    ScreeningHousehold.objects.filter(family_id=family_id).update(data=None)

