"""A pregnant mother signalled by Kind en Gezin, coached by the perinatal coach, her baby born:
the coach's trajectory runs to at least 6 months after the birth, and a childcare place is
allocated with its reason (issue 17's story)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import dateformat, timezone

from brug.childcare.models import ChildcareRules, Offer, OfferStatus, Provider
from brug.consent.models import Mandate
from brug.network.models import Organisation
from brug.perinatal.models import Pregnancy
from brug.trajectories import rules
from brug.trajectories import services as trajectory_services
from brug.trajectories.models import Trajectory
from tests.conftest import PASSWORD, make_family, make_worker
from tests.trajectories.factories import make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_follows_a_mother_to_six_months_after_the_birth(world, live_server, phone):
    today = timezone.localdate()
    kg = Organisation.objects.create(network=world.network, name="Kind en Gezin Test",
                                     short_name="K&G", kind="kind_en_gezin")
    nadia = make_worker("nadia", kg, "supporter", "Nadia Claes")
    family = make_family(kg, nadia, name="Gezin Lambrecht")
    family.members.filter(role="child").delete()
    coach = make_programme(world, "Perinatale coach", youngest_max_age_months=6,
                           runs_until_youngest_age_months=6)
    page = phone
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # 1. Signalled by Kind en Gezin: register the pregnancy.
    due = today + timedelta(days=40)
    page.goto(f"{live_server.url}/gezinnen/{family.pk}/zwangerschap/nieuw/")
    page.fill("input[name=due_date]", due.isoformat())
    page.select_option("select[name=signalled_by]", "kind_en_gezin")
    page.select_option("select[name=signalled_by_organisation]", str(kg.pk))
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"**/gezinnen/{family.pk}/zwangerschap/")
    assert "De zwangerschap is aangemeld." in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    pregnancy = Pregnancy.objects.get(family=family)
    # 2. Coached: the mother agrees (mandate), the coach's trajectory opens before the birth.
    Mandate.objects.create(family=family, given_by=family.members.get(role="parent"),
                           given_on=today, form="oral", scope="Een vaste coach",
                           recorded_by=nadia)
    trajectory = trajectory_services.trajectory_open(
        actor=nadia, family=family, programme=coach, responsible=nadia, started_on=today)
    assert trajectory.planned_end_on == rules.add_months(due, 6)
    # 3. The baby is born, early: record the birth on the phone.
    born = today - timedelta(days=2)
    page.goto(f"{live_server.url}/gezinnen/{family.pk}/zwangerschap/")
    page.get_by_role("link", name="Geboorte vastleggen").click()
    page.fill("input[name=born_on]", born.isoformat())
    page.fill("input[name=first_name]", "Lou")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(f"**/gezinnen/{family.pk}/zwangerschap/")
    # 4. The trajectory runs to at least 6 months after the birth, and the page says so.
    end = rules.add_months(born, 6)
    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    assert trajectory.planned_end_on == end
    assert rules.age_in_months(born, end) == 6
    body = page.content()
    assert "De geboorte is vastgelegd." in body
    assert f"gepland tot {dateformat.format(end, 'j F Y')}" in body
    assert pregnancy.expected_child.__class__.objects.get(pk=pregnancy.expected_child_id) \
        .birth_date == born
    # 5. A childcare place: the coach registers the request with the mother (assisted
    #    registration, her consent to the desk given with it), on the phone.
    ChildcareRules.objects.create(network=world.network, priority_share=25,
                                  desk_organisation=world.hub)
    Provider.objects.create(network=world.network, name="Kinderopvang Het Nest",
                            municipality="Teststad", neighbourhood="Noord", baby_places=1,
                            toddler_places=1)
    lou = family.members.get(first_name="Lou")
    mother = family.members.get(role="parent")
    page.goto(f"{live_server.url}/gezinnen/{family.pk}/kinderopvang/aanvraag/nieuw/")
    page.check(f"input[name=children][value='{lou.pk}']")
    page.fill("input[name=start_date]", (today + timedelta(days=60)).isoformat())
    page.fill("input[name=days_per_week]", "4")
    page.fill("input[name=municipality]", "Teststad")
    page.fill("input[name=neighbourhood]", "Noord")
    page.fill("textarea[name=reasons]", "Mama start een opleiding.")
    page.check("input[name=ground_codes][value=single_parent]")
    page.select_option("select[name=consent_given_by]", str(mother.pk))
    page.get_by_role("button", name="Aanvraag bewaren").click()
    page.wait_for_url(f"**/gezinnen/{family.pk}/kinderopvang/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # 6. The desk (the network's coordinator) sees the allocation proposal with its reason, at
    #    360 px, and makes the offer.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", "cora")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/kinderopvang/")
    card = page.locator("li.card", has_text="Kinderopvang Het Nest")
    assert "Gezin Lambrecht" in card.inner_text()
    reasons = card.locator("ul.reasons").inner_text()
    assert "voorrang" in reasons.lower() and "alleenstaande ouder" in reasons.lower()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Voorstel maken").click()
    page.wait_for_url("**/kinderopvang/")
    assert "Het voorstel is gemaakt" in page.content()
    offer = Offer.objects.get(family=family)
    assert offer.status == OfferStatus.PROPOSED
    # 7. The family accepts: the coach records it on the offer, which says why.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/gezinnen/{family.pk}/kinderopvang/")
    page.get_by_role("link", name="Kinderopvang Het Nest").click()
    assert "Waarom dit voorstel" in page.content()
    assert "alleenstaande ouder" in page.locator("main").inner_text().lower()
    page.check("input[name=decision][value=accept]")
    page.get_by_role("button", name="Beslissing bewaren").click()
    page.wait_for_load_state()
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.ACCEPTED
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
