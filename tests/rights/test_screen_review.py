"""The screening page, reviewed: uploads with values no person means get a Dutch answer, never
a 500; a family named in the results is a read of its identity too."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from brug.rights.models import ScreeningRun
from tests.conftest import login

pytestmark = pytest.mark.django_db

HEADER = "household_id,children_birth_dates,postcode,yearly_income,receives_leefloon\n"
ROWS = [
    "a1,2024-01-01,9000,NaN,nee",
    "a2,2024-01-01,9000,1e309,nee",
    "a3,2024-01-01,9000,-Infinity,nee",
    "a4,9999-12-31,9000,14000,nee",
    "a5,0001-01-01,9000,14000,nee",
    "a6,2024-01-01,9000,99999999999999999999999999999,nee",
    "a7,2024-01-01,99999999999999999999,14000,nee",
    "x" * 10_000 + ",2024-01-01,9000,14000,nee",
    "a9,2024-01-01,9000," + "9" * 5000 + ",nee",
    "a10,2024-01-01,9000,14000," + "y" * 10_000,
    "a11,2024-01-01;2024-02-30,9000,14000,nee",
    "a12,2024-01-01,9000,1_000,nee",
]


@pytest.mark.parametrize("row", ROWS, ids=range(len(ROWS)))
def test_a_csv_with_extreme_values_gets_no_500(world, row):
    client = login(world.cora)
    response = client.post(reverse("rights:screen"), {
        "source": "upload",
        "upload-file": SimpleUploadedFile("g.csv", (HEADER + row + "\n").encode())})
    assert response.status_code in (302, 400)
    run = ScreeningRun.objects.first()
    if run is not None:
        while run.status != "done":
            assert client.post(reverse("rights:screen-step", args=[run.pk])).status_code == 302
            run.refresh_from_db()
        for name in ("rights:screen-run", "rights:screen-csv", "rights:screen-xlsx",
                     "rights:screen-errors"):
            assert client.get(reverse(name, args=[run.pk])).status_code == 200


def test_a_csv_with_a_nul_character_inside_gets_a_dutch_answer(world):
    response = login(world.cora).post(reverse("rights:screen"), {
        "source": "upload",
        "upload-file": SimpleUploadedFile("g.csv", (HEADER + "a\x001,2024-01-01,9000,1,nee\n")
                                          .encode())})
    assert response.status_code == 400 and "ongeldig teken" in response.content.decode()
    assert not ScreeningRun.objects.exists()


def test_nan_is_not_a_number_in_an_upload(world):
    client = login(world.cora)
    response = client.post(reverse("rights:screen"), {
        "source": "upload", "upload-file": SimpleUploadedFile(
            "g.csv", (HEADER + "a1,2024-01-01,9000,NaN,nee\nok,2024-01-01,9000,14000,nee\n")
            .encode())})
    assert response.status_code == 302
    run = ScreeningRun.objects.get()
    assert run.total == 1 and [e[1] for e in run.errors] == ["yearly_income"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e308, "=1+1", "9999-12-31",
                                   10**30, -5])
def test_an_xlsx_with_extreme_values_gets_no_500(world, value):
    wb = Workbook()
    ws = wb.active
    ws.append(["household_id", "children_birth_dates", "postcode", "yearly_income"])
    ws.append(["x1", "2024-01-01", 9000, value])
    ws.append(["x2", value, 9000, 14000])
    ws.append([value, "2024-01-01", value, 14000])
    buf = io.BytesIO()
    wb.save(buf)
    client = login(world.cora)
    response = client.post(reverse("rights:screen"), {
        "source": "upload", "upload-file": SimpleUploadedFile("g.xlsx", buf.getvalue())})
    assert response.status_code in (302, 400)
    run = ScreeningRun.objects.first()
    if run is not None:
        while run.status != "done":
            client.post(reverse("rights:screen-step", args=[run.pk]))
            run.refresh_from_db()
        for name in ("rights:screen-run", "rights:screen-csv", "rights:screen-xlsx",
                     "rights:screen-errors"):
            assert client.get(reverse(name, args=[run.pk])).status_code == 200


def test_a_family_named_in_the_results_is_a_read_of_its_identity(world):
    from django.utils import timezone

    from brug.core.models import AuditAction, AuditEvent
    from brug.rights import screening
    from tests.conftest import give_consent, make_family

    give_consent(world.family, world.hub, ["identity", "rights"], world.alice)
    unnamed = make_family(world.home, world.alice, "Gezin Zonder Naam")
    give_consent(unnamed, world.hub, ["rights"], world.alice)
    for family in (world.family, unnamed):  # a missed right for each (income and a child)
        from brug.rights import services as rights_services

        rights_services.fact_record(actor=world.alice, family=family, key="yearly_income",
                                    value=9000)
    run = screening.run_from_caseload(actor=world.cora, subject=world.alice,
                                      on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=world.cora, run_id=run.pk)
    assert set(run.rows.values_list("family_id", flat=True)) == {world.family.pk, unnamed.pk}
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    page = login(world.cora).get(reverse("rights:screen-run", args=[run.pk])).content.decode()
    assert world.family.display_name in page and "Gezin Zonder Naam" not in page
    read = set(AuditEvent.objects.filter(id__gt=before, action=AuditAction.VIEW)
               .values_list("family_id", "category"))
    assert read == {(world.family.pk, "rights"), (world.family.pk, "identity"),
                    (unnamed.pk, "rights")}
