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
        "reason": "Perinatale coach → Kind en Gezin", "history": "all"})
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


# --- The history boundary (policy rule 11) ---------------------------------------------

CUT = TODAY - timedelta(days=100)


def _contact(world, day, category="plan", worker=None, note=""):
    from brug.trajectories.models import Contact

    worker = worker or world.alice
    return Contact.objects.create(family=world.family, happened_on=day, minutes=30,
                                  worker=worker, organisation=worker.organisation,
                                  category=category, note=note)


def _contacts_seen(worker, family):
    from brug.trajectories import selectors

    access = policy.access_for(worker, family)
    return {c.note for c in selectors.contacts_visible(worker, family, access)}


def test_the_new_organisation_reads_the_history_from_the_agreed_date_on(world):
    _contact(world, CUT - timedelta(days=1), note="voor de grens")
    _contact(world, CUT, note="op de grens")
    _contact(world, TODAY - timedelta(days=2), note="recent")
    started = _start(world, history_since=CUT)
    assert started.consent.history_since == CUT
    # While the handover runs (by consent), and after it (as the family's organisation).
    assert _contacts_seen(world.charlie, world.family) == {"op de grens", "recent"}
    handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    assert world.family.handed_over_on == TODAY and world.family.history_since == CUT
    assert _contacts_seen(world.charlie, world.family) == {"op de grens", "recent"}
    # The contact before the cut-off does not open by its address either.
    from django.http import Http404

    from brug.trajectories import selectors
    from brug.trajectories.models import Contact

    old = Contact.objects.get(note="voor de grens")
    with pytest.raises(Http404):
        selectors.contact_get(world.charlie, world.family,
                              policy.access_for(world.charlie, world.family), old.pk)
    # The old organisation keeps reading its whole history until the agreed date.
    assert _contacts_seen(world.alice, world.family) == {"voor de grens", "op de grens",
                                                         "recent"}


def test_after_the_handover_old_records_only_in_the_agreed_categories(world):
    _contact(world, TODAY - timedelta(days=5), category="plan", note="plan oud")
    _contact(world, TODAY - timedelta(days=5), category="rights", note="rechten oud")
    started = _start(world)  # all history, identity/household/plan
    assert started.consent.history_since is None
    handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    # New records of the new organisation and of anyone after the handover: all categories.
    _contact(world, TODAY, category="rights", worker=world.charlie, note="rechten nieuw")
    assert _contacts_seen(world.charlie, world.family) == {"plan oud", "rechten nieuw"}


def test_documents_and_the_audit_trail_follow_the_boundary(world):
    from datetime import datetime

    from brug.consent import selectors as consent_selectors
    from brug.documents import selectors as document_selectors
    from brug.documents.models import Document

    before = timezone.make_aware(datetime.combine(CUT - timedelta(days=10), datetime.min.time()))
    doc = Document.objects.create(family=world.family, category="plan", title="Oud plan",
                                  original_name="a.pdf", content_type="application/pdf",
                                  size=1, storage_name="t/old.pdf", uploaded_by=world.alice,
                                  organisation=world.home)
    Document.objects.filter(pk=doc.pk).update(uploaded_at=before)
    Document.objects.create(family=world.family, category="plan", title="Nieuw plan",
                            original_name="b.pdf", content_type="application/pdf", size=1,
                            storage_name="t/new.pdf", uploaded_by=world.alice,
                            organisation=world.home)
    from unittest import mock

    from brug.core.audit import audit_record
    from brug.core.models import AuditAction

    with mock.patch("brug.core.audit.timezone.now", return_value=before):
        old_event = audit_record(actor=world.alice, family_id=world.family.pk,
                                 category="plan", action=AuditAction.VIEW)
    handover.handover_complete(actor=world.alice, handover=_start(world, history_since=CUT))
    world.family.refresh_from_db()
    access = policy.access_for(world.charlie, world.family)
    titles = {d.title for d in document_selectors.for_family(world.family, access,
                                                             world.charlie)}
    assert titles == {"Nieuw plan"}
    page = consent_selectors.audit_page(world.family, 1, worker=world.charlie, access=access)
    shown = {e.pk for e in page.object_list}
    assert old_event.pk not in shown and shown  # the handover's own events are there
    # Without the grant's limits (the old organisation): everything.
    page = consent_selectors.audit_page(world.family, 1, worker=world.alice,
                                        access=policy.access_for(world.alice, world.family))
    assert old_event.pk in {e.pk for e in page.object_list}


def test_the_page_asks_which_history_and_refuses_a_missing_date(world):
    client = login(world.alice)
    url = reverse("consent:handover", args=[world.family.pk])
    data = {"to_worker": world.charlie.pk, "given_by": world.parent.pk,
            "categories": ["identity", "plan"], "joint_contact_on": TODAY.isoformat(),
            "old_access_until": (TODAY + timedelta(days=14)).isoformat(),
            "reason": "VONK stopt", "history": "from"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Handover.objects.exists()
    assert "Kies vanaf welke datum" in response.content.decode()
    response = client.post(url, {**data, "history_since": CUT.isoformat()})
    assert response.status_code == 302
    assert Handover.objects.get().consent.history_since == CUT
    page = client.get(url).content.decode()
    assert "geschiedenis vanaf" in page
