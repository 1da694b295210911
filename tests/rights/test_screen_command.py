"""manage.py rights_screen over a worker's families and over a CSV with a bad row."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from brug.core.models import AuditAction, AuditEvent
from brug.families.models import Member
from tests.conftest import give_consent, make_family

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("rights_screen", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_screen_worker_families_with_audit(world, tmp_path):
    other = make_family(world.home, world.bob, "Gezin Twee")
    hidden = make_family(world.partner_org, world.charlie, "Gezin Partner")
    give_consent(hidden, world.home, ["identity"], world.charlie)  # no rights category
    # A family the engine refuses (three parents) is reported, not fatal.
    broken = make_family(world.home, world.alice, "Gezin Fout")
    for name in ("X", "Y"):
        Member.objects.create(family=broken, role="parent", first_name=name)
    out_file = tmp_path / "gemist.csv"
    errors_file = tmp_path / "fouten.csv"
    stdout, stderr = run("--worker", "alice", "--out", str(out_file),
                         "--errors", str(errors_file))
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    ids = {r["household_id"] for r in rows}
    assert str(world.family.pk) in ids and str(other.pk) in ids
    assert str(hidden.pk) not in ids
    assert any(r["reasons"] for r in rows)
    assert "rij" in stderr and str(broken.pk) in stderr
    assert str(broken.pk) in errors_file.read_text(encoding="utf-8")
    exported = set(AuditEvent.objects.filter(action=AuditAction.EXPORT, category="rights")
                   .values_list("family_id", flat=True))
    assert exported == {world.family.pk, other.pk, broken.pk}
    assert "3 households" not in stdout  # the broken family is not screened
    assert "2 households screened" in stdout


def test_screen_csv_with_bad_row_carries_on(world, tmp_path):
    today = timezone.localdate()
    child = (today - timedelta(days=800)).isoformat()
    future = (today + timedelta(days=30)).isoformat()
    src = tmp_path / "in.csv"
    src.write_text(
        "household_id,children_birth_dates,postcode,yearly_income,receives_leefloon\n"
        f"a1,{child},9000,14000,nee\n"
        f"b2,{future},9000,14000,nee\n"
        f"c3,{child},9000,-5,ja\n"
        f"d4,{child};{child},2000,30000,\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "gemist.xlsx"
    stdout, stderr = run("--csv", str(src), "--out", str(out_file))
    sheet = load_workbook(out_file).active
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ids == {"a1", "d4"}
    assert "rij 3" in stderr and "rij 4" in stderr
    assert "2 households screened" in stdout
