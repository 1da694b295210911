"""Trajectory pages through HTTP: access, bad input, the family's version, the agenda."""

from datetime import timedelta
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.consent.models import Mandate
from brug.core.models import AuditEvent
from brug.trajectories import selectors
from brug.trajectories.models import Contact, Goal, Programme, Trajectory
from tests.conftest import give_consent, login, make_family, make_worker
from tests.trajectories.factories import make_programme, trajectory_world

TODAY = timezone.localdate()


@pytest.fixture
def t(world):
    return trajectory_world(world)


def test_it_records_a_home_visit_in_under_a_minute(world, t, as_alice):
    url = reverse("trajectories:contact-add", args=[world.family.pk])
    form = as_alice.get(url)
    assert form.status_code == 200
    response = as_alice.post(url, {"kind": "home_visit", "happened_on": TODAY.isoformat(),
                                   "minutes": "50", "trajectory": t.trajectory.pk,
                                   "category": "plan", "note": "Brief OCMW samen gelezen"})
    assert response.status_code == 302
    tab = as_alice.get(reverse("trajectories:tab", args=[world.family.pk])).content.decode()
    assert "95 minuten in 2 contacten" in tab
    assert "Brief OCMW samen gelezen" in tab


@pytest.mark.parametrize("day,minutes,message", [
    (TODAY + timedelta(days=2), "30", "Dit contact ligt in de toekomst"),
    (TODAY, "-1", "kan niet negatief zijn"),
    (TODAY, "1500", "hoogstens 24 uur")])
def test_it_explains_bad_contacts_in_dutch(world, as_alice, day, minutes, message):
    response = as_alice.post(reverse("trajectories:contact-add", args=[world.family.pk]), {
        "kind": "phone", "happened_on": day.isoformat(), "minutes": minutes,
        "category": "plan"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_opening_without_mandate_says_so(world, as_alice):
    Mandate.objects.all().delete()
    programme = make_programme(world)
    response = as_alice.post(reverse("trajectories:open", args=[world.family.pk]), {
        "programme": programme.pk, "started_on": TODAY.isoformat(),
        "responsible": world.alice.pk})
    assert "geen mandaat" in response.content.decode()
    assert not Trajectory.objects.exists()


def test_opening_lists_the_rules_not_met_in_plain_dutch(world, as_alice):
    programme = make_programme(world, "TOOM", youngest_max_age_months=48,
                               requires_income_below_poverty=True)
    response = as_alice.post(reverse("trajectories:open", args=[world.family.pk]), {
        "programme": programme.pk, "started_on": TODAY.isoformat(),
        "responsible": world.alice.pk, "monthly_income": "4000"})
    page = response.content.decode()
    assert "Het inkomen van dit gezin ligt erboven" in page
    assert not Trajectory.objects.exists()
    response = as_alice.post(reverse("trajectories:open", args=[world.family.pk]), {
        "programme": programme.pk, "started_on": TODAY.isoformat(),
        "responsible": world.alice.pk, "monthly_income": "1200"})
    assert response.status_code == 302
    assert Trajectory.objects.get().income_check == "below"


def test_score_outside_zero_to_ten_is_refused(world, as_alice):
    url = reverse("screening:assessment-create", args=[world.family.pk])
    page = as_alice.get(url)
    right = page.context["form"].rights[0]
    response = as_alice.post(url, {"assessed_on": TODAY.isoformat(), f"j_{right.pk}": "11"})
    assert "Een score ligt tussen 0 en 10." in response.content.decode()
    response = as_alice.post(url, {"assessed_on": TODAY.isoformat(), f"j_{right.pk}": "7",
                                   "chosen_right": right.pk})
    assert response.status_code == 302
    chart = as_alice.get(reverse("screening:rights", args=[world.family.pk])).content.decode()
    svg = chart[chart.index("<svg"):chart.index("</svg>")]
    assert "<circle" in svg and "script" not in svg


def test_goal_plan_refuses_goals_on_a_closed_trajectory(world, t, as_alice):
    Trajectory.objects.filter(pk=t.trajectory.pk).update(status="closed", closed_on=TODAY,
                                                         closing_reason="other")
    response = as_alice.post(reverse("trajectories:plan", args=[world.family.pk,
                                                                t.trajectory.pk]),
                             {"life_domain": "werk", "family_wording": "Werk vinden",
                              "status": "planned"})
    assert "Dit traject is afgesloten" in response.content.decode()
    assert Goal.objects.count() == 1


def test_family_version_of_the_plan_contains_none_of_the_workers_wording(world, t, as_alice):
    plan = reverse("trajectories:plan", args=[world.family.pk, t.trajectory.pk])
    as_alice.post(plan, {"life_domain": "kinderopvang", "family_wording": "Lina naar de crèche",
                         "family_language": "Nederlands",
                         "worker_wording": "Aanvraag IKT-attest opvolgen via Opgroeien",
                         "who_does_what": "Mama belt de crèche", "status": "planned"})
    as_alice.post(plan, {"life_domain": "huisvesting", "family_wording": "Huisbaas bellen",
                         "worker_wording": "Woonbegeleiding CAW inschakelen",
                         "parent": t.goal.pk, "status": "planned"})
    worker_page = as_alice.get(plan).content.decode()
    assert "Aanvraag IKT-attest opvolgen" in worker_page
    family_page = as_alice.get(reverse("trajectories:plan-family",
                                       args=[world.family.pk, t.trajectory.pk])).content.decode()
    assert "Lina naar de crèche" in family_page and "Huisbaas bellen" in family_page
    assert "Een woning zonder schimmel" in family_page
    for goal in Goal.objects.all():
        assert goal.worker_wording not in family_page


def test_volunteer_sees_only_shared_goals_and_contacts(world, t):
    t.trajectory.involved.add(world.vera)
    give_consent(world.family, world.volunteer_org, ["identity", "plan"], world.alice)
    Goal.objects.create(trajectory=t.trajectory, life_domain="gezondheid",
                        family_wording="Geheim doel", confidential=True,
                        created_by=world.alice, organisation=world.home)
    Contact.objects.create(family=world.family, kind="phone", happened_on=TODAY, minutes=5,
                           worker=world.alice, organisation=world.home, category="household",
                           note="Gezinssituatie besproken")
    client = login(world.vera)
    plan = client.get(reverse("trajectories:plan", args=[world.family.pk, t.trajectory.pk]))
    assert plan.status_code == 200
    assert "Een woning zonder schimmel" in plan.content.decode()
    assert "Geheim doel" not in plan.content.decode()
    tab = client.get(reverse("trajectories:tab", args=[world.family.pk])).content.decode()
    assert "Samen de brief van de huisbaas gelezen" in tab
    assert "Gezinssituatie besproken" not in tab


def test_volunteer_not_involved_sees_nothing(world, t):
    give_consent(world.family, world.volunteer_org, ["identity", "plan"], world.alice)
    client = login(world.vera)
    assert client.get(reverse("trajectories:tab", args=[world.family.pk])).status_code == 404


def test_partner_without_plan_consent_gets_404(world, t):
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    client = login(world.charlie)
    url = reverse("trajectories:plan", args=[world.family.pk, t.trajectory.pk])
    assert client.get(url).status_code == 404


def test_caseload_is_for_coordinators_only(world, as_alice):
    assert as_alice.get(reverse("trajectories:caseload")).status_code == 404
    assert login(world.cora).get(reverse("trajectories:caseload")).status_code == 200
    assert as_alice.get(reverse("trajectories:programmes")).status_code == 404


def test_caseload_shows_counts_against_the_cap(world):
    capped = Programme.objects.create(network=world.network, name="Capped", caseload_cap=2)
    free = Programme.objects.create(network=world.network, name="Vrij")
    for worker, programme, n in ((world.alice, capped, 3), (world.bob, capped, 2),
                                 (world.alice, free, 4)):
        for i in range(n):
            family = make_family(world.home, worker, name=f"Gezin {worker.pk}-{i}")
            Trajectory.objects.create(programme=programme, family=family, responsible=worker,
                                      started_on=TODAY - timedelta(days=10))
    page = login(world.cora).get(reverse("trajectories:caseload")).content.decode()
    rows = {row.split("</td>", 1)[0]: row for row in page.split("<tr")[1:]}
    alice = next(row for name, row in rows.items() if world.alice.display_name in name)
    bob = next(row for name, row in rows.items() if world.bob.display_name in name)
    assert alice.startswith(' class="over"')
    assert '<td data-label="Capped">3/2 <span class="badge warn">boven het maximum</span></td>' \
        in alice
    assert '<td data-label="Vrij">4</td>' in alice
    assert '<td data-label="totaal">7</td>' in alice
    assert not bob.startswith(' class="over"')
    assert '<td data-label="Capped">2/2 <span class="badge">vol</span></td>' in bob
    assert '<td data-label="Vrij"><span class="meta">0</span></td>' in bob


def test_coordinator_configures_a_programme(world):
    client = login(world.cora)
    response = client.post(reverse("trajectories:programme-create"), {
        "name": "GO-team", "referrer_kind_choices": ["police", "kind_en_gezin", "clb"],
        "max_extensions": "0", "case_conference_within_months": "6", "active": "on",
        "expected_child_counts": "on"})
    assert response.status_code == 302
    programme = Programme.objects.get(name="GO-team")
    assert set(programme.referrer_kind_list) == {"police", "kind_en_gezin", "clb"}
    # The rules decide who may enter: who set or changed them stays in the audit trail.
    response = client.post(reverse("trajectories:programme-edit", args=[programme.pk]), {
        "name": "GO-team", "referrer_kind_choices": ["police", "kind_en_gezin", "clb"],
        "max_extensions": "0", "case_conference_within_months": "6", "active": "on",
        "expected_child_counts": "on", "caseload_cap": "12", "version": programme.version})
    assert response.status_code == 302
    events = list(AuditEvent.objects.filter(category="programme").order_by("id")
                  .values_list("action", "detail", "actor_id"))
    assert events == [("create", "programma GO-team", world.cora.user_id),
                      ("change", "programma GO-team: maximum gezinnen per medewerker",
                       world.cora.user_id)]


def _fill(world, n):
    programme = Programme.objects.get_or_create(network=world.network, name="Vol")[0]
    for i in range(n):
        family = make_family(world.home, world.alice, name=f"Gezin {i}")
        tr = Trajectory.objects.create(programme=programme, family=family,
                                       responsible=world.alice,
                                       started_on=TODAY - timedelta(days=200),
                                       planned_end_on=TODAY + timedelta(days=2))
        tr.reviews.create(due_on=TODAY - timedelta(days=3))
        tr.conferences.create(due_by=TODAY - timedelta(days=10), first=True)
        Contact.objects.create(family=family, trajectory=tr, kind="phone", happened_on=TODAY,
                               minutes=10, worker=world.alice, organisation=world.home)
        give_consent(family, world.partner_org, ["identity"], world.alice,
                     valid_until=TODAY + timedelta(days=1))


def _partner_family(world, name="Gezin Partner"):
    """A family of the partner organisation that shares with Alice's, with her contact today:
    the agenda then also asks which categories a consent shares."""
    family = make_family(world.partner_org, world.charlie, name=name)
    give_consent(family, world.home, ["identity", "plan"], world.charlie)
    Contact.objects.create(family=family, kind="phone", happened_on=TODAY, minutes=5,
                           worker=world.alice, organisation=world.home)
    return family


def test_agenda_query_count_does_not_grow(world, as_alice, django_assert_num_queries):
    _fill(world, 2)
    _partner_family(world)
    as_alice.get(reverse("trajectories:agenda"))
    with CaptureQueriesContext(connection) as ctx:
        first = as_alice.get(reverse("trajectories:agenda"))
    _fill(world, 6)
    _partner_family(world, "Gezin Partner 2")
    with django_assert_num_queries(len(ctx.captured_queries)):
        second = as_alice.get(reverse("trajectories:agenda"))
    page = second.content.decode()
    assert page.count("te laat") >= 16 and "Gezin 5" in page and "Gezin Partner 2" in page
    assert first.status_code == 200
    # The agenda's own reads: five lists, this week's minutes, the families' visibility and
    # what consents share with the worker's organisation.
    with django_assert_num_queries(8):
        selectors.agenda_for(world.alice, TODAY)


def test_caseload_query_count_does_not_grow(world, django_assert_num_queries):
    client = login(world.cora)
    _fill(world, 2)
    client.get(reverse("trajectories:caseload"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("trajectories:caseload"))
    for i in range(5):
        make_worker(f"w{i}", world.home, "supporter")
    make_programme(world, "Tweede programma")
    _fill(world, 5)
    # Session, user, the page of workers with their number (COUNT(*) OVER ()), the
    # programmes, the open trajectories and the minutes per worker.
    assert len(ctx.captured_queries) == 6
    with django_assert_num_queries(len(ctx.captured_queries)):
        page = client.get(reverse("trajectories:caseload")).content.decode()
    # Alice: 7 open trajectories, 70 minutes; each cell labelled for the phone's card layout.
    assert ('<td data-label="totaal">7</td><td data-label="minuten (30 dagen)">70</td>'
            in page)
    assert "Tweede programma" in page


def test_agenda_shows_overdue_first_conference(world, t, as_alice):
    t.conference.due_by = TODAY - timedelta(days=1)
    t.conference.save()
    page = as_alice.get(reverse("trajectories:agenda")).content.decode()
    assert "eerste casusoverleg" in page and "te laat" in page
    assert "45 minuten" in page


def test_agenda_leaves_out_families_the_worker_may_no_longer_see(world):
    """A worker of another organisation who follows up a trajectory sees it on the agenda
    while the family's consent runs, and not after the family withdrew it."""
    programme = Programme.objects.create(network=world.network, name="Vol")
    family = make_family(world.home, world.alice, name="Gezin Zichtbaar")
    tr = Trajectory.objects.create(programme=programme, family=family, responsible=world.charlie,
                                   started_on=TODAY - timedelta(days=100),
                                   planned_end_on=TODAY + timedelta(days=200))
    tr.reviews.create(due_on=TODAY - timedelta(days=3))
    consent = give_consent(family, world.partner_org, ["identity", "plan"], world.alice)
    client = login(world.charlie)
    assert "Gezin Zichtbaar" in client.get(reverse("trajectories:agenda")).content.decode()
    consent.withdrawn_on = timezone.now()
    consent.save()
    page = client.get(reverse("trajectories:agenda")).content.decode()
    assert "Gezin Zichtbaar" not in page


def test_caseload_shows_each_worker_against_the_cap(world):
    idle = make_worker("dirk", world.home, "supporter", "Dirk <i>Dewulf</i>")
    mission = make_programme(world, "MISSION", caseload_cap=2)
    for i in range(3):
        family = make_family(world.home, world.alice, name=f"Gezin M{i}")
        Trajectory.objects.create(programme=mission, family=family, responsible=world.alice,
                                  started_on=TODAY - timedelta(days=20),
                                  planned_end_on=TODAY + timedelta(days=200))
        if i < 2:
            Trajectory.objects.create(programme=mission, family=family, responsible=world.bob,
                                      started_on=TODAY - timedelta(days=20),
                                      planned_end_on=TODAY + timedelta(days=200))
        Contact.objects.create(family=family, kind="phone", happened_on=TODAY - timedelta(days=40),
                               minutes=500, worker=world.alice, organisation=world.home)
        Contact.objects.create(family=family, kind="phone", happened_on=TODAY - timedelta(days=3),
                               minutes=25, worker=world.alice, organisation=world.home)
    page = login(world.cora).get(reverse("trajectories:caseload")).content.decode()
    rows = page.split("<tr")[2:]

    def row_of(worker):
        return next(r for r in rows if f"<td>{escape(worker.display_name)} <span" in r)

    alice, bob, idle = row_of(world.alice), row_of(world.bob), row_of(idle)
    assert 'class="over"' in alice and "3/2" in alice and "boven het maximum" in alice
    # 3 open, 75 minutes in 30 days (not the 500s)
    assert '<td data-label="totaal">3</td><td data-label="minuten (30 dagen)">75</td>' in alice
    assert "2/2" in bob and ">vol<" in bob and 'class="over"' not in bob
    assert '<span class="meta">0</span>' in idle
    assert '<td data-label="totaal">0</td><td data-label="minuten (30 dagen)">0</td>' in idle
    assert "<i>Dewulf" not in page  # names are escaped


def test_agenda_lines_escape_what_families_and_workers_typed(world, as_alice):
    programme = make_programme(world, "Prog <b>vet</b>")
    family = make_family(world.home, world.alice, name='Gezin <script>alert("x")</script>')
    tr = Trajectory.objects.create(programme=programme, family=family, responsible=world.alice,
                                   started_on=TODAY - timedelta(days=100),
                                   planned_end_on=TODAY + timedelta(days=2))
    tr.reviews.create(due_on=TODAY - timedelta(days=3))
    Contact.objects.create(family=family, trajectory=tr, kind="phone", happened_on=TODAY,
                           minutes=10, worker=world.alice, organisation=world.home)
    page = as_alice.get(reverse("trajectories:agenda")).content.decode()
    assert "<script>alert" not in page and "<b>vet" not in page
    assert "Gezin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Prog &lt;b&gt;vet&lt;/b&gt;" in page
    assert 'class="overdue"' in page and "te laat" in page and "10 min" in page


def test_the_trajectory_tab_reads_the_mandate_state_with_the_family(world, t, as_alice):
    url = reverse("trajectories:tab", args=[world.family.pk])
    warning = "Er is geen lopend mandaat"
    as_alice.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = as_alice.get(url).content.decode()
    # session, user, the family with its mandate state; the read's audit event (savepoint,
    # head, insert, head, release); trajectories, contacts, minutes per worker.
    assert len(ctx.captured_queries) == 11
    mandate_reads = [q["sql"] for q in ctx.captured_queries if '"consent_mandate"' in q["sql"]]
    assert len(mandate_reads) == 1 and '"families_family"' in mandate_reads[0]
    assert warning not in page and "Contact registreren" in page
    for i in range(5):
        Contact.objects.create(family=world.family, kind="phone", happened_on=TODAY,
                               minutes=5 + i, worker=world.alice, organisation=world.home)
    with CaptureQueriesContext(connection) as ctx:
        as_alice.get(url)
    assert len(ctx.captured_queries) == 11
    # The mandate ended: no running mandate, and the dossier is read-only.
    Mandate.objects.filter(family=world.family).update(ended_on=TODAY)
    page = as_alice.get(url).content.decode()
    assert warning in page and "Contact registreren" not in page
    assert "Alleen lezen" in page


def test_the_trajectory_tab_reads_only_the_columns_it_shows(world, t, as_alice):
    """The tab's trajectories and contacts come with the names they show, not the whole rows
    of the programme, the worker and the organisation; nothing is read again per row."""
    url = reverse("trajectories:tab", args=[world.family.pk])
    as_alice.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = as_alice.get(url).content.decode()
    assert len(ctx.captured_queries) == 11
    reads = {q["sql"].split(" FROM ", 1)[1].split(" ", 1)[0]: q["sql"].split(" FROM ", 1)[0]
             for q in ctx.captured_queries if q["sql"].startswith("SELECT")}
    assert '"trajectories_programme"."description"' not in reads['"trajectories_trajectory"']
    assert '"network_worker"."phone"' not in reads['"trajectories_trajectory"']
    assert '"trajectories_contact"."created_at"' not in reads['"trajectories_contact"']
    assert '"network_organisation"."email"' not in reads['"trajectories_contact"']
    alice, home = world.alice, world.home
    assert "Basis</strong>" in page and f"contactpersoon {alice.display_name}" in page
    assert f"45 min · {alice.display_name} ({home.short_name})" in page
    assert "Samen de brief van de huisbaas gelezen." in page
    assert reverse("trajectories:contact-edit", args=[world.family.pk, t.contact.pk]) in page
