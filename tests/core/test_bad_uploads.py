"""CSV imports of issues 16-17 (neighbourhood figures, schools) with values no person means:
a Dutch answer, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

BAD = ["\x00", "NaN", "1e309", "-Infinity", "99999999999999999999", "x" * 10_000, "=1+1",
       "9999-12-31"]


@pytest.mark.parametrize("value", BAD, ids=range(len(BAD)))
def test_the_neighbourhood_import_answers_bad_values_in_dutch(world, value):
    client = login(world.cora)
    for line in (f"{value};10;5", f"Wijk;{value};5", f"Wijk;10;{value}"):
        response = client.post(reverse("activities:neighbourhoods"), {
            "action": "import", "year": "2026",
            "file": SimpleUploadedFile("w.csv", f"wijk;kinderen;pct\n{line}\n".encode())})
        assert response.status_code < 500


@pytest.mark.parametrize("value", BAD, ids=range(len(BAD)))
def test_the_school_import_answers_bad_values_in_dutch(world, value):
    client = login(world.cora)
    good = ["School", "OCMW Test", "200", "30", "2025-2026", "", "4"]
    for i in range(len(good)):
        cells = list(good)
        cells[i] = value
        text = "school;organisatie;leerlingen;ses_pct;schooljaar;vorm;uren\n" + ";".join(cells)
        response = client.post(reverse("schools:import"), {
            "file": SimpleUploadedFile("s.csv", (text + "\n").encode())})
        assert response.status_code < 500
