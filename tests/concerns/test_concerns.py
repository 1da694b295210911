"""Concerns about a child's safety: who sees them, what the family reads, the reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from brug.concerns import services
from brug.concerns.models import Concern
from brug.consent import family_log
from brug.core.models import AuditEvent
from tests.conftest import give_consent, login, make_worker

TODAY = timezone.localdate()


def _concern(world, **extra):
    fields = dict(observed_on=TODAY, seen="Blauwe plek op de arm van de baby",
                  decision="report_vk", decision_reason="Advies van het VK",
                  consulted=",vk,")
    fields.update(extra)
    return services.concern_record(actor=world.alice, family=world.family,
                                   concern=Concern(**fields))


def _log_text(family) -> str:
    log = family_log.access_log(family)
    return " ".join(line.sentence for m in log.months for g in m.organisations for line in g.lines)


def test_recording_a_concern_writes_its_audit_event_in_the_concern_category(world):
    concern = _concern(world)
    event = AuditEvent.objects.filter(family_id=world.family.pk).order_by("-id").first()
    assert (event.category, event.action, event.detail, event.purpose) == (
        "concern", "create", f"zorg {concern.pk}", "zorg vastgelegd")


def test_the_family_reads_a_concern_it_is_told_about(world):
    _concern(world)
    assert "een zorg over de veiligheid van jullie kind" in _log_text(world.family)


def test_a_withheld_concern_stays_out_of_the_family_log_until_the_decision_is_lifted(world):
    told = _concern(world)
    hidden = _concern(world, family_told="withheld", withheld_reason="Vader is gewelddadig",
                      review_on=TODAY + timedelta(days=14))
    # A worker opens the hidden concern: that read is withheld too.
    login(world.alice).get(reverse("concerns:detail", args=[hidden.pk]))
    visible = family_log.family_events(world.family.pk)
    assert not visible.filter(detail=f"zorg {hidden.pk}").exists()
    assert visible.filter(detail=f"zorg {told.pk}").exists()
    # The workers' own audit tab still has every event.
    assert AuditEvent.objects.filter(detail=f"zorg {hidden.pk}").count() == 2
    services.concern_review(actor=world.alice, concern=hidden, expected_version=hidden.version,
                            keep_withheld=False, reason="Vader is verhuisd",
                            next_review_on=None)
    assert family_log.family_events(world.family.pk).filter(
        detail=f"zorg {hidden.pk}").count() == 3


def test_a_withheld_concern_needs_a_reason_and_a_review_date(world):
    with pytest.raises(ValidationError) as err:
        _concern(world, family_told="withheld")
    assert set(err.value.message_dict) == {"withheld_reason", "review_on"}
    assert not Concern.objects.exists()


def test_a_partner_with_every_consent_gets_404_and_cannot_record(world):
    concern = _concern(world)
    give_consent(world.family, world.partner_org,
                 ["identity", "contact", "household", "domain_notes", "plan", "rights"],
                 world.alice)
    client = login(world.charlie)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert client.get(reverse("concerns:tab", args=[world.family.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.concern_record(actor=world.charlie, family=world.family, concern=Concern(
            observed_on=TODAY, seen="x", decision="no_action", decision_reason="x"))


def test_a_volunteer_assigned_to_the_family_does_not_see_concerns(world):
    concern = _concern(world)
    world.family.contact_worker = world.vera
    world.family.save()
    give_consent(world.family, world.volunteer_org, ["identity", "household"], world.alice)
    assert login(world.vera).get(
        reverse("concerns:detail", args=[concern.pk])).status_code == 404


def test_a_network_coordinator_sees_open_concerns_with_overdue_reviews_first(world):
    _concern(world)
    hidden = _concern(world, family_told="withheld", withheld_reason="Gevaar",
                      review_on=TODAY + timedelta(days=1))
    Concern.objects.filter(pk=hidden.pk).update(review_on=TODAY - timedelta(days=2))
    response = login(world.cora).get(reverse("concerns:open"))
    assert response.status_code == 200
    rows = response.context["concerns"]
    assert [c.pk for c in rows][0] == hidden.pk and rows[0].overdue
    # The coordinator of the hub sees no name the family did not share with the hub.
    assert "Gezin Test" not in response.content.decode()
    assert AuditEvent.objects.filter(purpose="open zorgen bekijken").count() == 2
    assert login(world.alice).get(reverse("concerns:open")).status_code == 404


def test_the_coordinator_reviews_and_keeps_the_decision_with_a_next_date(world):
    hidden = _concern(world, family_told="withheld", withheld_reason="Gevaar",
                      review_on=TODAY + timedelta(days=1))
    client = login(world.cora)
    response = client.post(reverse("concerns:review", args=[hidden.pk]), {
        "version": hidden.version, "keep_withheld": "1", "reason": "Nog steeds gevaar",
        "next_review_on": (TODAY + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.withheld and hidden.review_on == TODAY + timedelta(days=30)
    assert hidden.reviews.get().keep_withheld


def test_a_review_without_a_next_date_is_refused_with_a_message(world):
    hidden = _concern(world, family_told="withheld", withheld_reason="Gevaar",
                      review_on=TODAY + timedelta(days=1))
    response = login(world.alice).post(reverse("concerns:review", args=[hidden.pk]), {
        "version": hidden.version, "keep_withheld": "1", "reason": "Nog steeds"})
    assert response.status_code == 200
    assert "Kies een datum na vandaag" in response.content.decode()
    assert not hidden.reviews.exists()


def test_a_stale_review_is_refused(world):
    hidden = _concern(world, family_told="withheld", withheld_reason="Gevaar",
                      review_on=TODAY + timedelta(days=1))
    response = login(world.alice).post(reverse("concerns:review", args=[hidden.pk]), {
        "version": hidden.version - 1, "keep_withheld": "0", "reason": "Mag nu"})
    assert response.status_code == 200
    hidden.refresh_from_db()
    assert hidden.withheld and not hidden.reviews.exists()


def test_recording_through_the_page_and_closing(world):
    client = login(world.alice)
    response = client.post(reverse("concerns:create", args=[world.family.pk]), {
        "observed_on": TODAY.isoformat(), "seen": "Kind huilt veel en is mager",
        "consulted_choices": ["vk", "team"], "decision": "extra_support",
        "decision_reason": "CKG inschakelen", "family_told": "told"})
    assert response.status_code == 302, response.content.decode()[:2000]
    concern = Concern.objects.get()
    assert concern.consulted_list == ["vk", "team"]
    response = client.post(reverse("concerns:close", args=[concern.pk]),
                           {"version": concern.version, "closing_note": "Het gaat beter"})
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closing_note == "Het gaat beter"


def test_a_partner_at_home_reads_but_does_not_record(world):
    concern = _concern(world)
    paula = make_worker("paula", world.home, "partner")
    client = login(paula)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code == 200
    assert client.get(reverse("concerns:create", args=[world.family.pk])).status_code == 403
