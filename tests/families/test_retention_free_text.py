"""Retention clears every free text about the family in every app, and keeps the counts."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

from brug.consent.models import Mandate, SharingConsent
from brug.core.retention import ERASED
from brug.families.models import Note
from brug.families.retention import apply_retention
from brug.referrals import services as referral_services
from brug.referrals.models import Referral
from brug.rights.models import FamilyFact, RightClaim, RightClaimEvent
from brug.screening.models import DeprivationScreening, RightsAssessment
from brug.signals import bundle
from brug.signals import services as signal_services
from brug.signals.models import CollectiveSignal, Signal
from brug.trajectories.models import (
    CaseConference,
    Contact,
    Goal,
    Review,
    Trajectory,
    TrajectoryExtension,
)
from tests.conftest import give_consent, make_family
from tests.network_world import make_service
from tests.trajectories.factories import make_programme

TODAY = timezone.localdate()
MARK = "GEHEIM"


def _secret(what: str) -> str:
    return f"{MARK} {what}"


def _texts_containing(mark: str) -> list[tuple[str, str, str]]:
    """Every text, character or JSON value holding `mark`, in every table of Brug."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("brug."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        if not fields:
            continue  # values_list() of no fields would give every field
        for row in model._default_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                if value is not None and mark in str(value):
                    found.append((model.__name__, name, str(value)))
    return found


def _fill_dossier(world):
    family, alice = world.family, world.alice
    programme = make_programme(world, "Basis", review_every_months=3, duration_months=12,
                               max_extensions=1, extension_months=6)
    trajectory = Trajectory.objects.create(
        programme=programme, family=family, responsible=alice,
        started_on=TODAY - timedelta(days=60), closed_on=TODAY, closing_reason="other",
        status="closed", closing_note=_secret("closing_note"),
        override_reason=_secret("override_reason"))
    TrajectoryExtension.objects.create(trajectory=trajectory, extended_on=TODAY, months=6,
                                       reason=_secret("extension"), by=alice)
    Contact.objects.create(family=family, trajectory=trajectory, kind="home_visit",
                           happened_on=TODAY, minutes=45, worker=alice,
                           organisation=world.home, note=_secret("contact"))
    Goal.objects.create(trajectory=trajectory, life_domain="huisvesting",
                        family_wording=_secret("family_wording"),
                        worker_wording=_secret("worker_wording"),
                        who_does_what=_secret("who_does_what"),
                        created_by=alice, organisation=world.home)
    Review.objects.create(trajectory=trajectory, due_on=TODAY, held_on=TODAY,
                          summary=_secret("review"))
    CaseConference.objects.create(trajectory=trajectory, held_on=TODAY, parents_present=False,
                                  no_parents_reason=_secret("no_parents_reason"),
                                  minutes=_secret("minutes"),
                                  parents_comment=_secret("parents_comment"))
    DeprivationScreening.objects.create(family=family, screened_on=TODAY, outcome="kansarm",
                                        note=_secret("screening"), recorded_by=alice)
    RightsAssessment.objects.create(family=family, assessed_on=TODAY,
                                    note=_secret("assessment"), recorded_by=alice)
    FamilyFact.objects.create(family=family, key="municipality", value=_secret("gemeente"),
                              recorded_by=alice)
    FamilyFact.objects.create(family=family, key="yearly_income", value=18000,
                              recorded_by=alice)
    claim = RightClaim.objects.create(family=family, right_id="groeipakket_basisbedrag",
                                      status="applied", status_on=TODAY, note=_secret("claim"))
    RightClaimEvent.objects.create(claim=claim, status="applied", happened_on=TODAY,
                                   note=_secret("claim_event"), recorded_by=alice)
    service = make_service(world.network, org=world.partner_org)
    referral = referral_services.referral_send(
        actor=alice, family=family, service=service, question=_secret("question"),
        categories=["identity"], urgency="normal", consent_given_by=world.parent)
    Referral.objects.filter(pk=referral.pk).update(
        decline_reason=_secret("decline"), withdraw_reason=_secret("withdraw"),
        outcome_note=_secret("outcome"), status="closed", outcome="helped")
    consent = give_consent(family, world.partner_org, ["plan"], alice,
                           withdrawn_reason=_secret("withdrawn"))
    SharingConsent.objects.filter(pk=consent.pk).update(purpose=_secret("purpose"))
    Note.objects.create(family=family, author=alice, organisation=world.home,
                        text=_secret("note"))
    # Barriers of this family and of three others behind one collective signal.
    collective = CollectiveSignal.objects.create(network=world.network, title="Huurwaarborg",
                                                 created_by=world.cora)
    others = [make_family(world.home, alice, f"Gezin {i}") for i in range(3)]
    for i, f in enumerate([family, *others]):
        barrier = signal_services.barrier_record(actor=alice, family=f, signal=Signal(
            service=service, life_domain="huisvesting", observed_on=TODAY - timedelta(days=i),
            description=_secret("barrier") if f == family else f"Waarborg te hoog {i}",
            collective=collective), dimensions=["betaalbaar"])
        signal_services.barrier_release(actor=world.cora, signal=barrier,  # quoted from now
                                        description=barrier.description,
                                        expected_version=barrier.version)
    Contact.objects.create(family=others[0], kind="phone", happened_on=TODAY, minutes=10,
                           worker=alice, organisation=world.home, note="Ander gezin: blijft")
    # The mandate ended long ago.
    Mandate.objects.filter(pk=world.mandate.pk).update(
        given_on=TODAY - timedelta(days=7 * 366), ended_on=TODAY - timedelta(days=6 * 366),
        end_reason=_secret("end_reason"), scope=_secret("scope"))
    return trajectory


def _bundle_counts(network_id):
    return [(g.collective.pk, g.families, g.barriers)
            for g in bundle.collective_groups(network_id, bundle.BundleFilter())]


def test_after_retention_no_free_text_of_the_family_remains_anywhere(world, settings):
    settings.RETENTION_YEARS = 5
    trajectory = _fill_dossier(world)
    before = {value for _model, _field, value in _texts_containing(MARK)}
    expected = {_secret(w) for w in (
        "closing_note", "override_reason", "extension", "contact", "family_wording",
        "worker_wording", "who_does_what", "review", "no_parents_reason", "minutes",
        "parents_comment", "screening", "assessment", "gemeente", "claim", "claim_event",
        "question", "decline", "withdraw", "outcome", "purpose", "withdrawn", "note",
        "barrier", "end_reason", "scope")}
    assert expected <= before  # the scan sees them all before
    counts = _bundle_counts(world.network.pk)
    assert counts and counts[0][1] == 4

    assert apply_retention() == 1

    assert _texts_containing(MARK) == []
    # Counts, dates and categories stay.
    assert _bundle_counts(world.network.pk) == counts
    assert Contact.objects.filter(family=world.family, minutes=45).count() == 1
    assert Goal.objects.get(trajectory=trajectory).life_domain == "huisvesting"
    conference = CaseConference.objects.get(trajectory=trajectory)
    assert conference.held_on == TODAY and conference.no_parents_reason == ERASED
    assert Trajectory.objects.get(pk=trajectory.pk).closing_reason == "other"
    assert Referral.objects.get(family=world.family).outcome == "helped"
    assert FamilyFact.objects.get(family=world.family, key="yearly_income").value == 18000
    assert SharingConsent.objects.filter(family=world.family, categories=",plan,").exists()
    # Another family's words are not touched; the bundle no longer quotes an empty text.
    assert Contact.objects.filter(note="Ander gezin: blijft").exists()
    quotes = bundle.collective_groups(world.network.pk, bundle.BundleFilter())[0].descriptions
    assert "" not in quotes and "Waarborg te hoog 1" in quotes
