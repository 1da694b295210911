"""The Today page's "Mijn afspraken" section and the dossier overview's next appointment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.appointments import today as section
from brug.core import today
from tests.appointments.factories import make_appointment
from tests.conftest import give_consent, login

pytestmark = pytest.mark.django_db


def _shown(worker, day):
    """The section as the Today page shows it: labelled, and None when it has nothing."""
    found = {s.key: result for s, result in
             today.sections_for(worker, day, labels=policy.family_label_grants)}
    return found.get("appointments")


def test_today_lists_my_appointments_of_the_week_and_those_still_to_log(world):
    day = timezone.localdate()
    make_appointment(world, starts_in=timedelta(days=2))
    make_appointment(world, starts_in=-timedelta(days=2))  # not logged yet
    make_appointment(world, starts_in=timedelta(days=20))  # beyond the week
    result = _shown(world.alice, day)
    assert [i.urgency for i in result.items] == ["overdue", "normal"]
    assert all(i.label == "Gezin Test" for i in result.items)
    assert section.appointments(world.bob, day).items == []  # not among its workers
    assert _shown(world.bob, day) is None
    body = login(world.alice).get(reverse("today:home")).content.decode()
    assert "Mijn afspraken" in body and "nog niet als contact genoteerd" in body


def test_today_shows_the_neutral_label_without_identity_and_nothing_without_plan(world):
    consent = give_consent(world.family, world.partner_org, ["plan"], world.alice)
    make_appointment(world, workers=[world.alice, world.charlie])
    day = timezone.localdate()
    [item] = _shown(world.charlie, day).items
    assert item.label != "Gezin Test" and str(world.family.pk) in item.label
    consent.withdrawn_on = timezone.now()
    consent.save()
    assert _shown(world.charlie, day) is None


def test_the_section_spends_a_constant_number_of_queries(world, django_assert_max_num_queries):
    for days in range(1, 6):
        make_appointment(world, starts_in=timedelta(days=days))
    with django_assert_max_num_queries(4):
        assert len(section.appointments(world.alice, timezone.localdate()).items) == 5


def test_the_dossier_overview_names_the_next_appointment(world):
    make_appointment(world, starts_in=timedelta(days=1))
    body = login(world.alice).get(reverse("families:detail", args=[world.family.pk]))
    assert "Volgende afspraak" in body.content.decode()
    assert "huisbezoek" in body.content.decode()
