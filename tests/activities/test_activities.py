"""Group activities: sessions, attendance with consent, registrations and the waiting list,
the reach report with k >= 3, and who may do what."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from brug.activities import reach, services
from brug.activities.models import (
    Activity,
    Attendance,
    Neighbourhood,
    Registration,
    RegistrationEvent,
    Session,
)
from brug.core.models import AuditAction, AuditEvent
from brug.network.models import Network
from tests.conftest import give_consent, login, make_family


@pytest.fixture
def hood(world):
    return Neighbourhood.objects.create(network=world.network, name="Molenhoek",
                                        young_children=200)


@pytest.fixture
def activity(world, hood):
    return services.activity_create(actor=world.alice, activity=Activity(
        name="Speel-en-ontmoet", kind="speel_en_ontmoet", place="Buurthuis",
        neighbourhood=hood, capacity=2), organisers=[world.home, world.partner_org])


@pytest.fixture
def session(world, activity):
    today = timezone.localdate()
    services.sessions_generate(actor=world.alice, activity=activity, first=today, until=today,
                               every_weeks=1, starts_at=time(10), ends_at=time(12))
    return Session.objects.get(activity=activity)


def test_sessions_follow_a_biweekly_rule_and_are_not_made_twice(world, activity):
    first = date(2026, 1, 5)
    made = services.sessions_generate(actor=world.alice, activity=activity, first=first,
                                      until=first + timedelta(weeks=6), every_weeks=2,
                                      starts_at=time(10), ends_at=time(12))
    assert made == 4
    assert list(Session.objects.filter(activity=activity).values_list("on_date", flat=True)) \
        == [first + timedelta(weeks=k) for k in (0, 2, 4, 6)]
    again = services.sessions_generate(actor=world.alice, activity=activity, first=first,
                                       until=first + timedelta(weeks=6), every_weeks=1,
                                       starts_at=time(10), ends_at=time(12))
    assert again == 3  # only the weeks in between


def test_a_known_familys_attendance_needs_consent_to_share_it(world, session):
    # The partner organisation co-organises, but the family shared nothing with it.
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.charlie, session=session, family=world.family)
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    with pytest.raises(ValidationError):  # the name alone is not the participation
        services.attendance_record(actor=world.charlie, session=session, family=world.family)
    give_consent(world.family, world.partner_org, ["identity", "contact"], world.alice)
    row = services.attendance_record(actor=world.charlie, session=session, family=world.family,
                                     children=2)
    assert row.children == 2 and row.neighbourhood_id == session.neighbourhood_id
    assert AuditEvent.objects.filter(family_id=world.family.pk, category="contact",
                                     action=AuditAction.CREATE).exists()


def test_the_session_page_shows_only_families_the_worker_may_see(world, session):
    other = make_family(world.home, world.alice, name="Gezin Verborgen")
    services.attendance_record(actor=world.alice, session=session, family=world.family)
    services.attendance_record(actor=world.alice, session=session, family=other)
    give_consent(world.family, world.partner_org, ["identity", "contact"], world.alice)
    page = login(world.charlie).get(f"/activiteiten/sessie/{session.pk}/").content.decode()
    assert "Gezin Test" in page and "Gezin Verborgen" not in page
    assert "Nog 1 gezin dat zijn deelname niet met jou deelt." in page
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.VIEW,
                                     actor_id=world.charlie.user_id).exists()
    assert not AuditEvent.objects.filter(family_id=other.pk, action=AuditAction.VIEW,
                                         actor_id=world.charlie.user_id).exists()


def test_who_may_open_an_activity(world, activity, session):
    for allowed in (world.alice, world.charlie):
        assert login(allowed).get(f"/activiteiten/{activity.pk}/").status_code == 200
    for refused in (world.olga, world.vera, world.adam, world.cora):
        assert login(refused).get(f"/activiteiten/{activity.pk}/").status_code == 404
    activity.volunteers.add(world.vera)
    assert login(world.vera).get(f"/activiteiten/sessie/{session.pk}/").status_code == 200


def test_the_waiting_list_is_ordered_and_promoted_when_a_place_frees_up(world, activity):
    families = [make_family(world.home, world.alice, name=f"Gezin {n}") for n in "ABCD"]
    regs = [services.registration_add(actor=world.alice, activity=activity, family=f)
            for f in families]
    assert [r.status for r in regs] == ["registered", "registered", "waiting", "waiting"]
    promoted = services.registration_cancel(actor=world.alice, registration=regs[0],
                                            expected_version=regs[0].version)
    assert [p.pk for p in promoted] == [regs[2].pk]  # first come, first served
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[regs[2].pk] == "registered" and statuses[regs[3].pk] == "waiting"
    history = list(RegistrationEvent.objects.filter(registration=regs[2])
                   .values_list("status", flat=True))
    assert history == ["waiting", "registered"]


def test_capacity_is_never_exceeded_and_a_larger_capacity_promotes(world, activity):
    for name in ("Leila", "Hanne", "Mira"):
        services.registration_add(actor=world.alice, activity=activity, first_name=name)
    assert Registration.objects.filter(status="registered").count() == 2
    activity.capacity = 3
    services.activity_update(actor=world.alice, activity=activity, organisers=[world.home],
                             expected_version=activity.version)
    assert Registration.objects.filter(status="registered").count() == 3


def test_a_registration_is_a_known_family_or_a_first_name_only(world, activity):
    with pytest.raises(ValidationError):
        services.registration_add(actor=world.alice, activity=activity, first_name="Leila Amrani")
    with pytest.raises(ValidationError):
        services.registration_add(actor=world.alice, activity=activity)
    with pytest.raises(PermissionDenied):
        services.registration_add(actor=world.olga, activity=activity, first_name="Leila")


def _attend(world, session, count):
    for i in range(count):
        family = make_family(world.home, world.alice, name=f"Gezin R{i}")
        services.attendance_record(actor=world.alice, session=session, family=family)


def test_reach_hides_groups_under_three_families(world, hood, session):
    month = reach.Period.of("month", session.on_date)
    _attend(world, session, 2)
    assert reach.by_activity(world.network.pk, month) == []
    row = reach.by_neighbourhood(world.network.pk, month)[0]
    assert not row.shown and row.families == 0 and row.not_reached
    _attend(world, session, 1)
    row = reach.by_neighbourhood(world.network.pk, month)[0]
    assert row.shown and row.families == 3 and row.per_100 == 1.5


def test_anonymous_families_count_as_at_least_the_busiest_session(world, activity):
    monday = date(2026, 3, 2)
    services.sessions_generate(actor=world.alice, activity=activity, first=monday,
                               until=monday + timedelta(weeks=1), every_weeks=1,
                               starts_at=time(10), ends_at=time(12))
    for s, n in zip(Session.objects.filter(activity=activity), (4, 2), strict=True):
        s.anonymous_families, s.anonymous_adults, s.anonymous_children = n, n, 2 * n
        services.session_update(actor=world.alice, session=s, expected_version=s.version)
    rows = reach.by_activity(world.network.pk, reach.Period.parse("2026-03"))
    assert [(r.families, r.adult_visits, r.child_visits) for r in rows] == [(4, 6, 12)]


def test_reach_page_chart_and_export_for_coordinators(world, hood, session):
    _attend(world, session, 3)
    Neighbourhood.objects.create(network=world.network, name="Nieuwe Dok", young_children=300,
                                 deprivation_pct="36.4")
    client = login(world.cora)
    page = client.get("/activiteiten/bereik/").content.decode()
    assert "Wie bereiken we niet?" in page and "Nieuwe Dok" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    # No decimal comma in an SVG attribute; the values people read are written as the table's.
    assert 'width="' in svg and not re.search(r'="[^"]*,', svg)
    assert ">1,5</text>" in svg  # 3 families per 200 young children
    export = client.get("/activiteiten/bereik.csv").content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("wijk;")
    assert "Molenhoek;200;" in export
    month = reach.Period.of("month", session.on_date)
    page = client.get(f"/activiteiten/bereik/?period={month.key}&per=activity")
    assert "Speel-en-ontmoet" in page.content.decode()
    assert f'<option value="{month.key}" selected>' in page.content.decode()
    other_year = reach.Period.of("year", session.on_date).previous()
    page = client.get(f"/activiteiten/bereik/?period={other_year.key}&per=activity")
    assert "Speel-en-ontmoet" not in page.content.decode()
    for bad in ("1999", "2026-K9", "x" * 300):  # not offered: a message, the default period
        page = client.get("/activiteiten/bereik/", {"period": bad})
        assert page.status_code == 200 and "Molenhoek" in page.content.decode()
    for other in (world.alice, world.vera, world.adam):
        assert login(other).get("/activiteiten/bereik/").status_code == 404
        assert login(other).get("/activiteiten/bereik.csv").status_code == 404


def test_the_activity_table_pages_and_filters_by_neighbourhood(world, hood, session,
                                                               monkeypatch):
    from brug.activities import views

    _attend(world, session, 3)
    other = Neighbourhood.objects.create(network=world.network, name="Kouter")
    second = services.activity_create(actor=world.alice, activity=Activity(
        name="Oudergroep", kind="oudergroep", place="Kouterhuis", neighbourhood=other),
        organisers=[world.home])
    services.sessions_generate(actor=world.alice, activity=second, first=session.on_date,
                               until=session.on_date, every_weeks=1, starts_at=time(14),
                               ends_at=time(16))
    for i in range(4):
        services.attendance_record(
            actor=world.alice, session=Session.objects.get(activity=second),
            family=make_family(world.home, world.alice, name=f"Gezin O{i}"))
    monkeypatch.setattr(views, "REACH_PAGE", 1)
    client = login(world.cora)
    month = reach.Period.of("month", session.on_date).key

    def shown(**query):
        page = client.get("/activiteiten/bereik/", {"period": month, "per": "activity",
                                                    **query}).content.decode()
        return [name for name in ("Oudergroep", "Speel-en-ontmoet") if f"<strong>{name}<"
                in page], page

    names, page = shown()
    assert names == ["Oudergroep"] and "1 / 2" in page and "page=2" in page
    assert 'name="neighbourhood"' in page and "activiteiten in de wijk" in page
    # Per neighbourhood the filter would do nothing: not shown, the other fields labelled.
    per_hood = client.get("/activiteiten/bereik/", {"period": month,
                                                    "neighbourhood": hood.pk}).content.decode()
    assert 'name="neighbourhood"' not in per_hood and "activiteiten in de wijk" not in per_hood
    assert '<label for="id_period">' in per_hood and '<label for="id_per">' in per_hood
    assert shown(page=2)[0] == ["Speel-en-ontmoet"]
    assert shown(page="x")[0] == ["Oudergroep"]
    assert shown(neighbourhood=hood.pk)[0] == ["Speel-en-ontmoet"]
    # A neighbourhood of another network: a message, the other choices kept, all activities.
    elsewhere = Network.objects.create(name="Ander netwerk")
    foreign = Neighbourhood.objects.create(network=elsewhere, name="Elders")
    names, page = shown(neighbourhood=foreign.pk)
    assert names == ["Oudergroep"] and "1 / 2" in page and 'class="errorlist' in page
    # The export has every row, whatever the page.
    export = client.get("/activiteiten/bereik.csv", {"period": month, "per": "activity",
                                                     "page": 2}).content.decode("utf-8-sig")
    assert "Oudergroep" in export and "Speel-en-ontmoet" in export


def test_neighbourhood_figures_import_all_or_nothing(world):
    from brug.activities.services import neighbourhoods_import

    text = "wijk;kinderen;kansarmoede\nCentrum;410;18,5\nKouter;220;9.8\n"
    assert neighbourhoods_import(actor=world.cora, text=text, year=2025) == 2
    assert Neighbourhood.objects.get(name="Centrum").deprivation_pct == pytest.approx(18.5)
    with pytest.raises(ValidationError) as exc:
        neighbourhoods_import(actor=world.cora, text="Centrum;500;10\nDok;veel;3\n")
    assert "Regel 2" in exc.value.messages[0]
    assert Neighbourhood.objects.get(name="Centrum").young_children == 410  # nothing stored
    with pytest.raises(PermissionDenied):
        neighbourhoods_import(actor=world.alice, text=text)


def test_the_reach_report_counts_in_a_fixed_number_of_queries(world, hood, session,
                                                              django_assert_max_num_queries):
    _attend(world, session, 5)
    year = reach.Period.of("year", session.on_date)
    with django_assert_max_num_queries(3):
        reach.by_neighbourhood(world.network.pk, year)
    with django_assert_max_num_queries(3):
        reach.by_activity(world.network.pk, year)


def test_attendance_can_be_removed_and_the_removal_is_audited(world, session):
    row = services.attendance_record(actor=world.alice, session=session, family=world.family)
    response = login(world.alice).post(
        f"/activiteiten/sessie/{session.pk}/aanwezig/{row.pk}/schrappen/")
    assert response.status_code == 302 and not Attendance.objects.exists()
    assert AuditEvent.objects.filter(family_id=world.family.pk,
                                     action=AuditAction.DELETE).exists()
