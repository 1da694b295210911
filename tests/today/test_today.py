"""The Today page: every worker's home, its sections through the policy, the menu count,
the coordinator's team view, and a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.core.models import AuditEvent
from brug.families.models import Member
from brug.portal.models import PortalMessage
from brug.referrals.models import Referral
from brug.rights.models import RightClaim
from brug.trajectories.models import Programme, Review, Trajectory
from tests.conftest import give_consent, login, make_family
from tests.network_world import make_service

TODAY = timezone.localdate()


def _overdue_trajectory(world, family, responsible, days=90):
    programme = Programme.objects.get_or_create(network=world.network, name="Basis")[0]
    tr = Trajectory.objects.create(programme=programme, family=family, responsible=responsible,
                                   started_on=TODAY - timedelta(days=200),
                                   planned_end_on=TODAY + timedelta(days=200))
    Review.objects.create(trajectory=tr, due_on=TODAY - timedelta(days=days))
    tr.conferences.create(due_by=TODAY - timedelta(days=5), first=True)
    return tr


def _fill(world, n, start=0):
    for i in range(start, start + n):
        family = make_family(world.home, world.alice, name=f"Gezin {i}")
        _overdue_trajectory(world, family, world.alice)
        give_consent(family, world.partner_org, ["identity"], world.alice,
                     valid_until=TODAY + timedelta(days=3))
        Member.objects.create(family=family, role="expected_child",
                              due_date=TODAY + timedelta(days=20))
        RightClaim.objects.create(family=family, right_id="x", status="applied",
                                  status_on=TODAY - timedelta(weeks=8))
        PortalMessage.objects.create(family=family, text="Hallo", to_worker=world.alice)
        _referral(world, family)


def _referral(world, family, days=20):
    if not hasattr(world, "_service"):
        world._service = make_service(world.network, org=world.partner_org)
    service = world._service
    return Referral.objects.create(family=family, from_worker=world.alice,
                                   from_organisation=world.home, service=service,
                                   to_organisation=world.partner_org, question="?",
                                   categories=",identity,",
                                   sent_at=timezone.now() - timedelta(days=days))


def test_today_is_the_home_page_and_the_family_list_moved(world, as_alice):
    assert reverse("today:home") == "/"
    assert reverse("families:list") == "/gezinnen/"
    page = as_alice.get("/").content.decode()
    assert "Vandaag" in page and "Niets dringends vandaag." in page
    assert "Gezin Test" in as_alice.get("/gezinnen/").content.decode()


def test_a_supporter_sees_what_needs_her(world, as_alice):
    _fill(world, 2)
    page = as_alice.get("/").content.decode()
    for title in ("Evaluaties", "Casusoverleg", "Toestemmingen die aflopen",
                  "Doorverwijzingen zonder antwoord", "Aanvragen van rechten zonder beslissing",
                  "Verwachte geboortes", "Berichten van gezinnen"):
        assert title in page, title
    assert "Gezin 0" in page and "Gezin 1" in page
    # 2 families x (review, conference, consent, referral, claim, birth, message)
    assert as_alice.get("/").context["needs_me"] == 14
    # The menu's count on every other page, fetched after it.
    assert 'hx-get="/vandaag/teller/"' in as_alice.get("/gezinnen/").content.decode()
    assert ">14<" in as_alice.get(reverse("today:counter")).content.decode()


def test_a_partner_sees_referrals_waiting_for_her_under_a_neutral_label(world):
    _referral(world, world.family)
    charlie = login(world.charlie)
    page = charlie.get("/").content.decode()
    assert "Doorverwijzingen die op jouw antwoord wachten" in page
    assert "Gezin Test" not in page  # no identity shared with the CAW
    assert policy.neutral_label(world.family.pk) in page
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    assert "Gezin Test" in charlie.get("/").content.decode()
    # Another organisation's partner sees nothing of it.
    assert "Gezin Test" not in login(world.olga).get("/").content.decode()
    assert login(world.olga).get("/").context["needs_me"] == 0


def test_items_only_where_the_category_is_granted(world):
    """Charlie is responsible in a trajectory of another organisation's family that shares
    only `identity`: the review is not shown to him."""
    _overdue_trajectory(world, world.family, world.charlie)
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    charlie = login(world.charlie)
    assert "Evaluaties" not in charlie.get("/").content.decode()
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    assert "Evaluaties" in charlie.get("/").content.decode()


def test_today_records_no_read_per_family_like_the_lists(world, as_alice):
    _fill(world, 2)
    before = AuditEvent.objects.count()
    as_alice.get("/")
    assert AuditEvent.objects.count() == before


def test_today_query_count_does_not_grow(world, as_alice, django_assert_num_queries):
    _fill(world, 2)
    as_alice.get("/")
    with CaptureQueriesContext(connection) as ctx:
        as_alice.get("/")
    _fill(world, 6, start=2)
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = as_alice.get("/").content.decode()
    assert "Gezin 7" in page
    print(f"Today for a supporter: {len(ctx.captured_queries)} queries")


def test_the_families_of_all_sections_are_checked_and_labelled_in_one_batch(world, as_alice):
    """Reviews, conferences, consents, births, claims, messages and referrals all name the
    same families: one read of those families for the page, not one per section."""
    _fill(world, 3)
    with CaptureQueriesContext(connection) as ctx:
        page = as_alice.get("/").content.decode()
    for title in ("Evaluaties", "Casusoverleg", "Toestemmingen die aflopen",
                  "Verwachte geboortes", "Berichten van gezinnen",
                  "Doorverwijzingen zonder antwoord"):
        assert title in page
    assert page.count("Gezin 2") >= 6
    label_reads = [q["sql"] for q in ctx.captured_queries
                   if q["sql"].startswith('SELECT "families_family"."id"')
                   and '"families_family"."display_name"' in q["sql"]
                   and 'WHERE "families_family"."id" IN (' in q["sql"]]
    assert len(label_reads) == 1, label_reads


def test_the_agenda_keeps_the_networks_overdue_counts_a_few_minutes(world):
    """The counts are the network's, the same for each of its coordinators: two grouped reads
    over all its open trajectories, not run again on every agenda view."""
    _overdue_trajectory(world, world.family, world.alice)
    cora = login(world.cora)
    cora.get(reverse("trajectories:agenda"))
    with CaptureQueriesContext(connection) as ctx:
        agenda = cora.get(reverse("trajectories:agenda")).content.decode()
    assert "1 evaluatie is te laat." in agenda
    assert not [q for q in ctx.captured_queries if 'COUNT("trajectories_review"."id")' in q["sql"]]


def test_the_coordinator_sees_the_team_and_the_agenda_says_so(world):
    _overdue_trajectory(world, world.family, world.alice)
    cora = login(world.cora)
    page = cora.get(reverse("today:team")).content.decode()
    assert "Alice Aerts" in page and reverse("today:team-worker", args=[world.alice.pk]) in page
    assert "Alice Aerts" in cora.get("/").content.decode()
    agenda = cora.get(reverse("trajectories:agenda")).content.decode()
    assert "1 evaluatie is te laat." in agenda and "Niets dringends deze week." not in agenda
    # Her page: the counts, but the items only through Cora's own access (none: the HvK
    # has no consent of the family).
    detail = cora.get(reverse("today:team-worker", args=[world.alice.pk])).content.decode()
    assert "Gezin Test" not in detail
    give_consent(world.family, world.hub, ["identity", "plan"], world.alice)
    detail = cora.get(reverse("today:team-worker", args=[world.alice.pk])).content.decode()
    assert "Gezin Test" in detail


def test_only_coordinators_see_a_team(world, as_alice):
    assert as_alice.get(reverse("today:team")).status_code == 404
    assert as_alice.get(reverse("today:team-worker", args=[world.bob.pk])).status_code == 404
    other = world.network.__class__.objects.create(name="Ander netwerk")
    from brug.network.models import Organisation
    from tests.conftest import make_worker

    org = Organisation.objects.create(network=other, name="X", short_name="X", kind="other")
    stranger = make_worker("zed", org, "supporter", "Zed")
    cora = login(world.cora)
    assert cora.get(reverse("today:team-worker", args=[stranger.pk])).status_code == 404


def test_the_menu_counter_builds_only_the_sections_that_count(world):
    """The counter is fetched after every page: a coordinator's team counts (network-wide),
    the day's appointments and the notifications count for nothing there and are not read."""
    from unittest import mock

    _overdue_trajectory(world, world.family, world.alice)
    supporter_coordinator = login(world.alice)
    world.alice.roles = ",supporter,coordinator,"
    world.alice.save()
    assert "Alice Aerts" in supporter_coordinator.get("/").content.decode()  # the team section
    needs_me = supporter_coordinator.get("/").context["needs_me"]
    assert needs_me == 2  # her own overdue review and case conference
    cache.clear()  # Today kept its count for the counter; count afresh here
    with mock.patch("brug.today.selectors.team_table", side_effect=AssertionError("team")):
        counter = supporter_coordinator.get(reverse("today:counter"))
    assert counter.status_code == 200
    assert f">{needs_me}<" in counter.content.decode()


def test_the_menu_counter_is_kept_a_minute_and_today_counts_afresh(world):
    """The counter is fetched after every page: within a minute it answers from the cache;
    opening Today counts afresh and refreshes what the counter answers."""
    from unittest import mock

    alice = login(world.alice)
    assert ">1<" not in alice.get(reverse("today:counter")).content.decode()
    _overdue_trajectory(world, world.family, world.alice)
    with mock.patch("brug.core.today.sections_for", side_effect=AssertionError("built")):
        kept = alice.get(reverse("today:counter")).content.decode()
    assert "badge" not in kept  # the kept count (nothing needed her a moment ago)
    assert alice.get("/").context["needs_me"] == 2
    assert ">2<" in alice.get(reverse("today:counter")).content.decode()


def test_team_view_query_count_does_not_grow(world, django_assert_num_queries):
    cora = login(world.cora)
    _fill(world, 1)
    cora.get(reverse("today:team"))
    cache.clear()  # count the team afresh (the counts are kept a few minutes)
    with CaptureQueriesContext(connection) as ctx:
        cora.get(reverse("today:team"))
    _fill(world, 4, start=1)
    cache.clear()
    with django_assert_num_queries(len(ctx.captured_queries)):
        cora.get(reverse("today:team"))


def test_the_team_counts_are_kept_a_few_minutes_per_network(world):
    """A coordinator's Today counts the network's overdue work once per few minutes, not on
    every visit; the kept counts are the same numbers."""
    from unittest import mock

    _overdue_trajectory(world, world.family, world.alice)
    cora = login(world.cora)
    first = cora.get(reverse("today:team")).content.decode()
    with mock.patch("brug.core.today.team_counts", side_effect=AssertionError("counted")):
        kept = cora.get(reverse("today:team")).content.decode()
        assert "Alice Aerts" in cora.get("/").content.decode()
    def table(page):
        return page.split("<table", 1)[1].split("</table>", 1)[0]

    assert "Alice Aerts" in table(first) and table(kept) == table(first)
