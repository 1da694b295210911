"""The kansarmoede-index form: nothing pre-selected; a screening can be corrected."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.screening.models import DeprivationScreening
from tests.conftest import login

KEYS = ("income", "education", "work", "stimulation", "housing", "health")
TODAY = timezone.localdate()


def _answers(**overrides):
    answers = dict.fromkeys(KEYS, "not_weak")
    answers.update(overrides)
    return {f"c_{k}": v for k, v in answers.items()}


def test_no_answer_is_pre_selected(world, as_alice):
    page = as_alice.get(reverse("screening:kansarmoede", args=[world.family.pk])).content.decode()
    radios = re.findall(r'<input type="radio" name="c_[a-z]+"[^>]*>', page)
    assert len(radios) == 18
    assert not [r for r in radios if "checked" in r]


def test_an_unanswered_criterion_is_asked_not_counted_as_unknown(world, as_alice):
    url = reverse("screening:kansarmoede", args=[world.family.pk])
    data = _answers()
    del data["c_health"]
    response = as_alice.post(url, {"screened_on": TODAY.isoformat(), **data})
    assert response.status_code == 200
    assert "Kies een antwoord" in response.content.decode()
    assert not DeprivationScreening.objects.exists()


def _screened(world, as_alice):
    url = reverse("screening:kansarmoede", args=[world.family.pk])
    response = as_alice.post(url, {"screened_on": TODAY.isoformat(), **_answers()})
    assert response.status_code == 302
    return DeprivationScreening.objects.get()


def test_a_screening_is_corrected_recomputed_and_audited(world, as_alice):
    screening = _screened(world, as_alice)
    assert screening.outcome == "not_kansarm"
    edit = reverse("screening:screening-edit", args=[world.family.pk, screening.pk])
    tab = as_alice.get(reverse("screening:kansarmoede", args=[world.family.pk])).content.decode()
    assert edit in tab
    form = as_alice.get(edit).content.decode()
    assert re.search(r'name="c_income" value="not_weak"[^>]*checked', form)
    response = as_alice.post(edit, {"screened_on": TODAY.isoformat(), "version": 1,
                                    **_answers(income="weak", work="weak", housing="weak")})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert (screening.outcome, screening.weak_count, screening.version) == ("kansarm", 3, 2)
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="change",
                                     detail="kansarmoede-screening verbeterd").exists()
    # A form read at version 1 does not overwrite version 2.
    response = as_alice.post(edit, {"screened_on": TODAY.isoformat(), "version": 1,
                                    **_answers()})
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
    screening.refresh_from_db()
    assert screening.outcome == "kansarm"


def test_who_may_not_change_household_can_not_correct(world, as_alice):
    screening = _screened(world, as_alice)
    edit = reverse("screening:screening-edit", args=[world.family.pk, screening.pk])
    for worker in (world.charlie, world.vera):
        client = login(worker)
        assert client.get(edit).status_code in (403, 404)
        assert client.post(edit, {"screened_on": TODAY.isoformat(), "version": 1,
                                  **_answers(income="weak")}).status_code in (403, 404)
    screening.refresh_from_db()
    assert screening.version == 1
