"""The warm handover: consent, joint contact, history as agreed, old access until a date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.consent import handover
from brug.consent.models import Handover, SharingConsent
from brug.core.models import AuditEvent
from brug.families.models import Note
from tests.conftest import login

TODAY = timezone.localdate()


def _start(world, **extra):
    args = dict(actor=world.alice, family=world.family, to_worker=world.charlie,
                given_by=world.parent, categories=["identity", "household", "plan"],
                joint_contact_on=TODAY, old_access_until=TODAY + timedelta(days=30),
                reason="Het kind wordt 3: VONK stopt")
    args.update(extra)
    return handover.handover_start(**args)


def test_starting_needs_the_familys_consent_and_gives_the_new_organisation_what_was_agreed(world):
    started = _start(world)
    access = policy.access_for(world.charlie, world.family)
    assert access.categories == frozenset({"identity", "household", "plan"})
    assert started.consent.given_by == world.parent
    assert AuditEvent.objects.filter(detail="overdracht naar CAW").exists()


def test_without_categories_or_a_joint_contact_nothing_is_stored(world):
    with pytest.raises(ValidationError) as err:
        _start(world, categories=[], joint_contact_on=TODAY - timedelta(days=1))
    assert {"categories", "joint_contact_on"} <= set(err.value.message_dict)
    assert not Handover.objects.exists() and not SharingConsent.objects.exists()


def test_completing_moves_the_family_keeps_unshared_notes_and_ends_old_access_on_the_date(world):
    Note.objects.create(family=world.family, author=world.alice, organisation=world.home,
                        category="domain_notes", text="Schulden")
    Note.objects.create(family=world.family, author=world.alice, organisation=world.home,
                        category="plan", text="Doel: kinderopvang")
    started = _start(world)
    handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    assert world.family.organisation == world.partner_org
    assert world.family.contact_worker == world.charlie
    # The new organisation is home now; a domain note the family did not pass on stays with
    # the old organisation (confidential to it), the plan note moves along.
    new = policy.access_for(world.charlie, world.family)
    assert new.home
    shown = policy.visible_notes(world.charlie, world.family, new, Note.objects.all())
    assert list(shown.values_list("text", flat=True)) == ["Doel: kinderopvang"]
    # The old organisation reads along until the agreed date, not after.
    assert policy.access_for(world.alice, world.family).any
    later = TODAY + timedelta(days=31)
    assert not policy.access_for(world.alice, world.family, day=later).any


def test_completing_before_the_joint_contact_is_refused(world):
    started = _start(world, joint_contact_on=TODAY + timedelta(days=3))
    with pytest.raises(ValidationError):
        handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    assert world.family.organisation == world.home


def test_the_page_starts_and_completes_a_handover(world):
    client = login(world.alice)
    url = reverse("consent:handover", args=[world.family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "to_worker": world.charlie.pk, "given_by": world.parent.pk,
        "categories": ["identity", "plan"], "joint_contact_on": TODAY.isoformat(),
        "old_access_until": (TODAY + timedelta(days=14)).isoformat(),
        "reason": "Perinatale coach → Kind en Gezin"})
    assert response.status_code == 302
    started = Handover.objects.get()
    response = client.post(reverse("consent:handover-complete",
                                   args=[world.family.pk, started.pk]))
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == "completed"


def test_a_partner_cannot_start_a_handover(world):
    assert login(world.charlie).get(
        reverse("consent:handover", args=[world.family.pk])).status_code == 404
