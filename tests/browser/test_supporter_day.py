"""A supporter's day on a 360 px phone (issue 14): Today, today's home visit logged as a
contact in one tap, a photo of a letter attached to the dossier, and the bell telling her that
a partner accepted her referral."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from brug.appointments.models import AppointmentStatus
from brug.core.models import AuditAction, AuditEvent
from brug.documents.models import Document
from brug.notifications.models import Kind, Notification
from brug.referrals import services as referral_services
from brug.trajectories.models import Contact
from tests.appointments.factories import make_appointment
from tests.conftest import PASSWORD
from tests.documents.factories import png_bytes
from tests.network_world import make_service
from tests.trajectories.factories import trajectory_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _own_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path, "base_url": None}}}
    return tmp_path


@pytest.fixture
def page(browser):
    """A touch phone 360 px wide, from the shared headless Chromium."""
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _fits(page) -> None:
    """Nothing wider than the phone: no sideways scrolling during a visit."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _begun_today():
    """A start that lies in the past and still today (local time)."""
    now = timezone.localtime()
    midnight = timezone.make_aware(datetime.combine(now.date(), time.min))
    return max(now - timedelta(minutes=30), midnight + timedelta(seconds=1)) - now


def test_a_supporters_day_on_a_phone(world, live_server, page, _own_storage):
    trajectory_world(world)  # an open trajectory, one earlier contact today
    visit = make_appointment(world, starts_in=_begun_today(), minutes=50, kind="home_visit")
    visit_day = timezone.localdate(visit.starts_at)
    # Alice referred the family to the CAW; Charlie accepted it (the service notifies Alice).
    service = make_service(world.network, org=world.partner_org, name="Woonbegeleiding CAW")
    referral = referral_services.referral_send(
        actor=world.alice, family=world.family, service=service, question="Zoekt een woning",
        categories=["identity"], urgency="normal", consent_given_by=world.parent)
    referral_services.referral_accept(actor=world.charlie, referral=referral)
    assert list(Notification.objects.filter(recipient=world.alice)
                .values_list("kind", flat=True)) == [Kind.REFERRAL_ACCEPTED]

    # Log in: Brug opens on Today, with today's home visit.
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Vandaag" in page.title()
    _fits(page)
    tab_url = f"/gezinnen/{world.family.pk}/afspraken/"
    item = page.locator(f"main a[href='{tab_url}']").first
    assert "Gezin Test" in item.inner_text()
    assert f"{timezone.localtime(visit.starts_at):%H:%M} huisbezoek" in page.inner_text("main")
    # The bell counts the accepted referral (fetched by htmx after the page).
    page.wait_for_selector("#bell-count.bell-count")
    assert page.inner_text("#bell-count").split()[0] == "1"

    # Open the appointment; it has begun, so it can be logged as a contact in one tap.
    item.click()
    page.wait_for_url(f"**{tab_url}")
    _fits(page)
    page.fill("form.inline-log input[name=minutes]", "40")
    button = page.get_by_role("button", name="Gebeurd: noteer als contact")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    button.click()
    page.wait_for_selector("text=Het contact is bewaard.")
    _fits(page)
    visit.refresh_from_db()
    assert visit.status == AppointmentStatus.DONE
    logged = Contact.objects.exclude(pk=world._traj.contact.pk).get(family=world.family)
    assert (logged.happened_on, logged.kind, logged.minutes) == (visit_day, "home_visit", 40)
    assert logged.trajectory_id == world._traj.trajectory.pk and logged.worker == world.alice

    # Attach a photo of a letter to the dossier (a PNG sent under a .jpg name: the content
    # decides the type).
    page.goto(f"{live_server.url}/gezinnen/{world.family.pk}/documenten/")
    page.click("text=Document toevoegen")
    _fits(page)
    page.fill("input[name=title]", "Brief van de huisbaas")
    page.select_option("select[name=category]", "domain_notes")
    page.set_input_files("input[name=file]", files=[
        {"name": "foto-brief.jpg", "mimeType": "image/jpeg", "buffer": png_bytes()}])
    page.click("button:has-text('Document bewaren')")
    page.wait_for_url(f"**/gezinnen/{world.family.pk}/documenten/")
    assert "Brief van de huisbaas" in page.inner_text("main")
    _fits(page)
    document = Document.objects.get(family=world.family)
    assert (document.category, document.content_type, document.original_name) == (
        "domain_notes", "image/png", "foto-brief.png")
    assert (_own_storage / document.storage_name).read_bytes() == png_bytes()
    assert AuditEvent.objects.filter(family_id=world.family.pk, category="domain_notes",
                                     action=AuditAction.CREATE,
                                     actor=world.alice.user).count() == 1

    # The bell, then the notification: it names the family and opens the referral.
    page.click("a.bell")
    page.wait_for_url("**/meldingen/")
    _fits(page)
    line = page.locator("ul.notifications li.unread a")
    assert line.inner_text() == "Doorverwijzing van Gezin Test aanvaard"
    line.click()
    page.wait_for_url(f"**/doorverwijzingen/{referral.pk}/")
    _fits(page)
    assert "aanvaard" in page.inner_text("#referral-status")
    assert Notification.objects.get(recipient=world.alice).read_at is not None
    page.wait_for_selector("#bell-count:not(.bell-count)", state="attached")
    assert page.inner_text("#bell-count") == ""
