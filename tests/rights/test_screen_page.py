"""Population screening as a page: access, upload, chunks, results, downloads, retention."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from brug.core.categories import join_categories
from brug.core.models import AuditAction, AuditEvent
from brug.rights import screening
from brug.rights.models import ScreeningHousehold, ScreeningRow, ScreeningRun
from tests.conftest import give_consent, login, make_family, make_worker

pytestmark = pytest.mark.django_db


def _csv(rows: list[str]) -> SimpleUploadedFile:
    header = "household_id,children_birth_dates,postcode,yearly_income,receives_leefloon\n"
    return SimpleUploadedFile("gezinnen.csv", (header + "\n".join(rows) + "\n").encode())


def _child() -> str:
    return (timezone.localdate() - timedelta(days=800)).isoformat()


def _poor(hid: str) -> str:
    return f"{hid},{_child()},9000,14000,nee"


def _finish(client, run):
    """Poll like htmx until done; returns the number of polls."""
    polls = 0
    while True:
        polls += 1
        response = client.post(reverse("rights:screen-step", args=[run.pk]),
                               HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        run.refresh_from_db()
        if run.status == "done":
            assert response["HX-Refresh"] == "true"
            return polls
        assert 'hx-trigger="load delay:300ms"' in response.content.decode()
        assert polls < 50


def test_only_coordinators_open_the_screening_and_see_it_in_the_menu(world):
    assert login(world.alice).get(reverse("rights:screen")).status_code == 404
    menu = login(world.alice).get(reverse("families:list")).content.decode()
    assert reverse("rights:screen") not in menu
    cora = login(world.cora)
    assert cora.get(reverse("rights:screen")).status_code == 200
    assert reverse("rights:screen") in cora.get(reverse("families:list")).content.decode()


def test_an_upload_runs_in_chunks_with_a_progress_bar_and_results(world, monkeypatch):
    monkeypatch.setattr(screening, "UPLOAD_CHUNK", 2)
    cora = login(world.cora)
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    upload = _csv([_poor("a1"), _poor("a2"), _poor("a3"), f"bad,{future},9000,14000,nee",
                   f"rich,{_child()},9000,900000,nee"])
    response = cora.post(reverse("rights:screen"), {"source": "upload", "upload-file": upload})
    run = ScreeningRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("rights:screen-run",
                                                                   args=[run.pk])
    assert run.total == 4 and run.processed == 0
    assert [e[0] for e in run.errors] == [5]  # the bad row (line 5), with a Dutch message
    page = cora.get(response.url).content.decode()
    assert "<progress" in page and "0 van 4 gezinnen" in page
    assert _finish(cora, run) == 2  # 4 households, 2 a poll
    assert not ScreeningHousehold.objects.filter(run=run, data__isnull=False).exists()
    page = cora.get(response.url).content.decode()
    assert "Resultaten per recht" in page and "Sociale toeslag" in page
    by_right = {r["right_id"]: r for r in screening.results_by_right(run)}
    assert by_right["groeipakket_sociale_toeslag"]["likely"] == 3
    assert by_right["groeipakket_sociale_toeslag"]["low"] > 0
    # The network summary: rights missed by at least 3 households only.
    summary, hidden = screening.network_summary(run)
    assert all(r["families"] >= 3 for r in summary)
    assert "groeipakket_sociale_toeslag" in {r["right_id"] for r in summary}
    per_right = {r["right_id"]: r["likely"] + r["possibly"] for r in by_right.values()}
    assert hidden == sum(1 for n in per_right.values() if n < 3)
    # Reasons per household for the uploader.
    assert "<strong>a1</strong>" in page
    assert "Het gezin woont in Vlaanderen." in page  # the reasons that hold
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, category="rights",
                                     family_id=None).exists()


def test_small_groups_are_never_in_the_network_summary(world):
    run = _run_with(world, [_poor("a1"), _poor("a2")])
    summary, hidden = screening.network_summary(run)
    assert summary == [] and hidden > 0
    page = login(world.cora).get(reverse("rights:screen-run", args=[run.pk])).content.decode()
    assert "niet getoond (minder dan 3 gezinnen)" in page


def _run_with(world, rows):
    run = screening.run_from_upload(actor=world.cora, upload=_csv(rows), on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=world.cora, run_id=run.pk)
    return run


@pytest.mark.parametrize("name,content,message", [
    ("gezinnen.csv", b"naam,postcode\nx,9000\n", "De kolom household_id ontbreekt"),
    ("gezinnen.pdf", b"%PDF", "eindigt op .csv of .xlsx"),
    ("gezinnen.csv", b"household_id\n" + "é".encode("latin-1"), "UTF-8"),
    ("gezinnen.xlsx", b"not a workbook", "geen geldig Excel-bestand"),
    ("gezinnen.csv", b"household_id,postcode\n", "geen gezinnen"),
])
def test_a_bad_file_stores_nothing_and_says_why(world, name, content, message):
    response = login(world.cora).post(reverse("rights:screen"), {
        "source": "upload", "upload-file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ScreeningRun.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(screening, "MAX_UPLOAD_BYTES", 100)
    response = login(world.cora).post(reverse("rights:screen"), {
        "source": "upload", "upload-file": _csv([_poor(f"h{i}") for i in range(5)])})
    assert response.status_code == 400 and "groter dan 5 MB" in response.content.decode()
    assert not ScreeningRun.objects.exists()


def test_xlsx_upload(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["household_id", "children_birth_dates", "postcode", "yearly_income"])
    ws.append(["x1", timezone.localdate() - timedelta(days=800), 9000, 14000])
    ws.append(["x2", "", "12", ""])  # a bad postcode: an error for row 3
    buf = io.BytesIO()
    wb.save(buf)
    run = screening.run_from_upload(
        actor=world.cora, upload=SimpleUploadedFile("g.xlsx", buf.getvalue()),
        on=timezone.localdate())
    assert run.total == 1 and [e[0] for e in run.errors] == [3]


def test_downloads_are_formula_safe(world):
    run = _run_with(world, [_poor("=HYPERLINK(1)"), _poor("ok")])
    cora = login(world.cora)
    text = cora.get(reverse("rights:screen-csv", args=[run.pk])).content.decode()
    ids = {r["household_id"] for r in csv.DictReader(io.StringIO(text))}
    assert ids == {"'=HYPERLINK(1)", "ok"}
    data = cora.get(reverse("rights:screen-xlsx", args=[run.pk])).content
    ws = load_workbook(io.BytesIO(data)).active
    assert {row[0] for row in ws.iter_rows(min_row=2, values_only=True)} == ids


def test_another_coordinator_cannot_open_a_run(world):
    run = _run_with(world, [_poor("a1")])
    other = make_worker("cees", world.hub, "coordinator", "Cees")
    for name in ("rights:screen-run", "rights:screen-csv", "rights:screen-xlsx",
                 "rights:screen-errors"):
        assert login(other).get(reverse(name, args=[run.pk])).status_code == 404
    assert login(other).post(reverse("rights:screen-step", args=[run.pk])).status_code == 404


def test_a_caseload_screens_only_families_the_coordinator_may_see(world):
    shared = world.family  # alice's family, its rights shared with the coordinator's hub
    give_consent(shared, world.hub, ["identity", "rights"], world.alice)
    private = make_family(world.home, world.alice, "Gezin Privé")  # nothing shared
    cora = login(world.cora)
    response = cora.post(reverse("rights:screen"), {"source": "caseload",
                                                    "caseload-worker": world.alice.pk})
    run = ScreeningRun.objects.get()
    assert response.status_code == 302 and run.total == 1
    _finish(cora, run)
    families = set(ScreeningRow.objects.filter(run=run).values_list("family_id", flat=True))
    assert families == {shared.pk}
    exported = set(AuditEvent.objects.filter(action=AuditAction.EXPORT, category="rights")
                   .values_list("family_id", flat=True))
    assert exported == {shared.pk} and private.pk not in exported
    page = cora.get(reverse("rights:screen-run", args=[run.pk])).content.decode()
    assert shared.display_name in page and private.display_name not in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, category="rights",
                                     family_id=shared.pk).exists()


def test_results_of_a_family_no_longer_shared_are_not_shown(world):
    consent = give_consent(world.family, world.hub, ["identity", "rights"], world.alice)
    run = screening.run_from_caseload(actor=world.cora, subject=world.alice,
                                      on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=world.cora, run_id=run.pk)
    assert ScreeningRow.objects.filter(run=run).exists()
    consent.valid_until = timezone.localdate() - timedelta(days=1)
    consent.save()
    cora = login(world.cora)
    page = cora.get(reverse("rights:screen-run", args=[run.pk])).content.decode()
    assert world.family.display_name not in page
    text = cora.get(reverse("rights:screen-csv", args=[run.pk])).content.decode()
    assert len(list(csv.DictReader(io.StringIO(text)))) == 0


def test_runs_are_deleted_after_the_retention_period(world):
    old = _run_with(world, [_poor("a1")])
    fresh = _run_with(world, [_poor("b1")])
    ScreeningRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=screening.RETENTION_DAYS + 1))
    call_command("apply_retention", stdout=io.StringIO())
    assert list(ScreeningRun.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not ScreeningRow.objects.filter(run_id=old.pk).exists()


def test_the_step_works_without_javascript(world):
    run = screening.run_from_upload(actor=world.cora, upload=_csv([_poor("a1")]),
                                    on=timezone.localdate())
    response = login(world.cora).post(reverse("rights:screen-step", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "done" and run.processed == 1


def _caseload_rows(world, run) -> dict[int, list[dict]]:
    """The run's CSV export per family, without the family's number."""
    text = login(world.cora).get(reverse("rights:screen-csv", args=[run.pk])).content.decode()
    rows: dict[int, list[dict]] = {}
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        rows.setdefault(int(row.pop("household_id")), []).append(row)
    return rows


def test_a_caseload_run_decides_nothing_on_contact_data_the_runner_was_not_granted(world):
    """The postcode and municipality are `contact`: a coordinator granted only `rights` for a
    family gets results, summary and downloads that do not depend on them (a local right of
    the family's municipality stays unknown); with `contact` too, the local right is decided."""
    from brug.families.models import Family
    from brug.rights.models import FamilyFact

    demostad = world.family  # alice's family in Demostad (9999), which has a local UiTPAS
    Family.objects.filter(pk=demostad.pk).update(postcode="9999", municipality="Demostad")
    gent = make_family(world.home, world.alice, "Gezin Gent")
    Family.objects.filter(pk=gent.pk).update(postcode="9000", municipality="Gent")
    for family in (demostad, gent):
        for key, value in (("income_band", "lt_15k"), ("receives_leefloon", True),
                           ("has_verhoogde_tegemoetkoming", True)):
            FamilyFact.objects.create(family=family, key=key, value=value,
                                      recorded_by=world.alice)
    consents = [give_consent(f, world.hub, ["rights"], world.alice) for f in (demostad, gent)]

    def run():
        r = screening.run_from_caseload(actor=world.cora, subject=world.alice,
                                        on=timezone.localdate())
        while r.status != "done":
            r = screening.advance(actor=world.cora, run_id=r.pk)
        return r

    rights_only = run()
    rows = _caseload_rows(world, rights_only)
    assert set(rows) == {demostad.pk, gent.pk}
    assert rows[demostad.pk] == rows[gent.pk]  # the postcode changes nothing
    assert "demostad_uitpas_kansentarief" not in {r["right_id"] for r in rows[demostad.pk]
                                                  if r["status"] == "likely_entitled"}
    for right in screening.results_by_right(rights_only):  # both families or neither
        assert right["likely"] in (0, 2) and right["possibly"] in (0, 2), right
    assert not rights_only.errors

    for consent in consents:
        consent.categories = join_categories(["rights", "contact"])
        consent.save()
    with_contact = run()
    rows = _caseload_rows(world, with_contact)
    likely = {pk: {r["right_id"] for r in found if r["status"] == "likely_entitled"}
              for pk, found in rows.items()}
    assert "demostad_uitpas_kansentarief" in likely[demostad.pk]
    assert "demostad_uitpas_kansentarief" not in {r["right_id"] for r in rows[gent.pk]}
