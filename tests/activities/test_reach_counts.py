"""The reach report reads kept counts per group and calendar period (`ReachCount`, cached
under the network's reach token): they give exactly the numbers of a straightforward count of
the raw rows, small groups are never shown, and a change through the services recounts its
periods at once."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from brug.activities import reach, services
from brug.activities.models import (
    Activity,
    Attendance,
    Neighbourhood,
    ReachCount,
    ReachVersion,
    Session,
)
from brug.core import small_groups
from tests.conftest import make_family

START, WEEKS = date(2025, 10, 6), 26  # a Monday; sessions until early April 2026


@pytest.fixture
def dataset(world):
    """Three neighbourhoods, six activities (one without a neighbourhood), a weekly session
    each for half a year (some cancelled, with anonymous counts), and twelve families who come
    back in several months, to several activities of one neighbourhood."""
    network = world.network
    hoods = [Neighbourhood.objects.create(network=network, name=name, young_children=children)
             for name, children in (("Molenhoek", 200), ("Kouter", 120), ("Dok", 0))]
    activities = [Activity.objects.create(network=network, name=f"Activiteit {i}",
                                          kind="spelotheek", place="Buurthuis",
                                          neighbourhood=hoods[i % 3] if i < 5 else None)
                  for i in range(6)]
    families = [make_family(world.home, world.alice, name=f"Gezin P{i}") for i in range(12)]
    for a_index, activity in enumerate(activities):
        for week in range(WEEKS):
            day = START + timedelta(weeks=week, days=a_index % 4)
            session = Session.objects.create(
                activity=activity, network=network, neighbourhood=activity.neighbourhood,
                on_date=day, starts_at=time(10), ends_at=time(12),
                cancelled=(week + a_index) % 9 == 4,
                anonymous_families=0 if a_index == 3 or (a_index, week < 4) == (4, True)
                else (week * 3 + a_index) % 5,
                anonymous_adults=(week + 2 * a_index) % 4,
                anonymous_children=(week * 5 + a_index) % 7)
            # Activity 3 gets only two known families and no anonymous ones: a small group
            # in every period. Activity 4 one or two of three families per session (anonymous
            # families lift some sessions to three). The others a handful of the twelve.
            # In its first four weeks (October 2025) activity 4 has two known families only.
            pool = {3: families[:2], 4: families[2:4] if week < 4 else families[2:5]}.get(
                a_index, families)
            for k, family in enumerate(pool):
                if (week * 7 + k * 3 + a_index) % 5 in (0, 2) and not session.cancelled:
                    Attendance.objects.create(
                        session=session, family=family, children=(k + week) % 3,
                        network=network, activity=activity,
                        neighbourhood=activity.neighbourhood, on_date=day,
                        recorded_by=world.alice)
    return network


def _truth(network_id: int, date_from: date, date_to: date, key: str) -> dict:
    """Per group: (families, sessions, adult visits, child visits), counted row by row."""
    groups: dict = {}

    def group(value):
        return groups.setdefault(value, {"families": set(), "peak": 0, "sessions": 0,
                                         "adults": 0, "children": 0})

    for a in Attendance.objects.filter(network_id=network_id, on_date__gte=date_from,
                                       on_date__lte=date_to):
        g = group(getattr(a, f"{key}_id"))
        g["families"].add(a.family_id)
        g["adults"] += 1
        g["children"] += a.children
    for s in Session.objects.filter(network_id=network_id, on_date__gte=date_from,
                                    on_date__lte=date_to, cancelled=False):
        g = group(getattr(s, f"{key}_id"))
        g["sessions"] += 1
        g["peak"] = max(g["peak"], s.anonymous_families)
        g["adults"] += s.anonymous_adults
        g["children"] += s.anonymous_children
    return {k: (len(g["families"]) + g["peak"], g["sessions"], g["adults"], g["children"])
            for k, g in groups.items()}


P = reach.Period.parse
PERIODS = [
    P("2025"),       # the first three months (a year's counts, not a sum of months)
    P("2025-K4"),    # one quarter
    P("2025-11"),    # one whole month
    P("2026"),       # the rest of the sessions
    P("2025-10"),    # a month where activity 4 is hidden
    P("2024"),       # nothing
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_the_kept_counts_equal_a_row_by_row_count_of_the_raw_rows(dataset, period):
    """Including the k >= 3 rule: a group under three families is kept in the table but never
    reaches the report."""
    assert reach.rebuild(dataset.pk) > 0
    reach.changed(dataset.pk)
    for key in ("activity", "neighbourhood"):
        truth = _truth(dataset.pk, period.start, period.last, key)
        kept = {r.group_id: (r.families, r.sessions, r.adults, r.children)
                for r in ReachCount.objects.filter(network=dataset, grouping=key,
                                                   grain=period.grain, starts=period.start)}
        assert kept == {k: v for k, v in truth.items() if k is not None}
        expected = {k: v for k, v in truth.items() if small_groups.shown(v[0])}
        for _attempt in ("counted", "cached"):
            if key == "activity":
                rows = reach.by_activity(dataset.pk, period)
                assert [r.label for r in rows] == sorted(r.label for r in rows)
            else:
                rows = [r for r in reach.by_neighbourhood(dataset.pk, period) if r.shown]
            got = {r.key: (r.families, r.sessions, r.adult_visits, r.child_visits)
                   for r in rows}
            assert got == {k: v for k, v in expected.items() if k is not None}


def test_families_of_a_period_are_not_the_sum_of_its_months(dataset):
    """Families come back month after month: a quarter counts each once."""
    reach.rebuild(dataset.pk)
    quarter = P("2025-K4")
    months = [P("2025-10"), P("2025-11"), P("2025-12")]

    def families(period):
        return {r.key: r.families for r in reach.by_neighbourhood(dataset.pk, period)
                if r.shown}

    whole = families(quarter)
    assert whole
    for hood, n in whole.items():
        assert n < sum(families(m).get(hood, 0) for m in months)
        assert n == _truth(dataset.pk, quarter.start, quarter.last, "neighbourhood")[hood][0]


def test_a_period_is_a_calendar_month_quarter_or_year():
    assert P("2026-K4") == reach.Period("quarter", date(2026, 10, 1))
    assert P("2026-K4").last == date(2026, 12, 31)
    assert P("2024-02").last == date(2024, 2, 29)
    assert P("2026").last == date(2026, 12, 31) and P("2026").key == "2026"
    assert P("2026-03").key == "2026-03" and P("2026-k2").key == "2026-K2"
    for bad in ("", "26", "2026-13", "2026-K5", "2026-1", "abcd", "2026-03-01", "1850"):
        assert P(bad) is None
    choices = reach.periods_before(date(2026, 2, 10), years=1)
    assert [p.key for p in choices] == ["2026", "2026-K1", "2025-K4", "2025-K3", "2025-K2",
                                        "2026-02", "2026-01", "2025-12", "2025-11",
                                        "2025-10", "2025-09", "2025-08", "2025-07",
                                        "2025-06", "2025-05", "2025-04", "2025-03"]


def test_the_dataset_holds_what_the_comparison_needs(dataset):
    """Families in several months at one activity and at several activities of one
    neighbourhood, a small group hidden, anonymous families adding to known ones."""
    whole = _truth(dataset.pk, START, START + timedelta(weeks=WEEKS), "activity")
    months = {(a.activity_id, a.family_id, a.on_date.month)
              for a in Attendance.objects.filter(network=dataset)}
    pairs = {(a, f) for a, f, _m in months}
    assert len(months) > 2 * len(pairs)
    hood_pairs = set(Attendance.objects.values_list("neighbourhood_id", "family_id"))
    assert len(hood_pairs) < len(pairs)
    small = Activity.objects.get(name="Activiteit 3").pk
    assert whole.pop(small)[0] == 2
    assert all(small_groups.shown(v[0]) for v in whole.values())
    # On some days anonymous families lift a group of fewer than three known families.
    lifted = 0
    for day in (START + timedelta(days=d) for d in range(7 * WEEKS)):
        known: dict = {}
        for a, f in Attendance.objects.filter(on_date=day).values_list("activity", "family"):
            known.setdefault(a, set()).add(f)
        lifted += sum(len(known.get(k, ())) < 3 <= v[0]
                      for k, v in _truth(dataset.pk, day, day, "activity").items())
    assert lifted > 3
    # Activity 4 is hidden in a month the comparison asks for, shown in another.
    four = Activity.objects.get(name="Activiteit 4").pk
    assert _truth(dataset.pk, P("2025-10").start, P("2025-10").last, "activity")[four][0] < 3
    assert _truth(dataset.pk, P("2025-11").start, P("2025-11").last, "activity")[four][0] >= 3


def test_the_cache_never_holds_a_group_under_three_families(dataset):
    reach.rebuild(dataset.pk)
    reach.changed(dataset.pk)
    small = Activity.objects.get(name="Activiteit 3").pk
    period = P("2025-K4")
    assert 0 < _truth(dataset.pk, period.start, period.last, "activity")[small][0] < 3
    assert small not in {r.key for r in reach.by_activity(dataset.pk, period)}
    token = ReachVersion.objects.get(network=dataset).token
    cached = cache.get(f"activities:reach:{dataset.pk}:{token}:activity:{period.key}")
    assert cached is not None and len(cached) == 5 and small not in cached


@pytest.fixture
def hood(world):
    return Neighbourhood.objects.create(network=world.network, name="Molenhoek",
                                        young_children=200)


@pytest.fixture
def activity(world, hood):
    return services.activity_create(actor=world.alice, activity=Activity(
        name="Speel-en-ontmoet", kind="speel_en_ontmoet", place="Buurthuis",
        neighbourhood=hood), organisers=[world.home])


def test_every_change_through_the_services_shows_in_the_next_report(world, activity, hood,
                                                                    django_assert_num_queries):
    today = timezone.localdate()
    month = reach.Period.of("month", today)
    services.sessions_generate(actor=world.alice, activity=activity, first=today, until=today,
                               every_weeks=1, starts_at=time(10), ends_at=time(12))
    session = Session.objects.get(activity=activity)
    families = [make_family(world.home, world.alice, name=f"Gezin C{i}") for i in range(4)]
    rows = [services.attendance_record(actor=world.alice, session=session, family=f)
            for f in families[:3]]

    def numbers():
        return [(r.families, r.sessions, r.adult_visits, r.child_visits)
                for r in reach.by_activity(world.network.pk, month)]

    assert numbers() == [(3, 1, 3, 0)]
    with django_assert_num_queries(2):  # the token and the activities; counts cached
        assert numbers() == [(3, 1, 3, 0)]
    services.attendance_record(actor=world.alice, session=session, family=families[3],
                               children=2)
    assert numbers() == [(4, 1, 4, 2)]
    services.attendance_remove(actor=world.alice, attendance=rows[0])
    assert numbers() == [(3, 1, 3, 2)]
    session.refresh_from_db()
    session.anonymous_families, session.anonymous_adults = 2, 3
    services.session_update(actor=world.alice, session=session,
                            expected_version=session.version)
    assert numbers() == [(5, 1, 6, 2)]
    services.sessions_generate(actor=world.alice, activity=activity, first=today, until=today,
                               every_weeks=1, starts_at=time(14), ends_at=time(16))
    assert numbers() == [(5, 2, 6, 2)]
    # The activity moves to another neighbourhood: today's sessions follow it.
    other = Neighbourhood.objects.create(network=world.network, name="Kouter",
                                         young_children=100)
    by_hood = {r.label: r.shown for r in reach.by_neighbourhood(world.network.pk, month)}
    assert by_hood == {"Molenhoek": True, "Kouter": False}
    activity.neighbourhood = other
    services.activity_update(actor=world.alice, activity=activity, organisers=[world.home],
                             expected_version=activity.version)
    by_hood = {r.label: (r.shown, r.families) for r in reach.by_neighbourhood(
        world.network.pk, month)}
    assert by_hood == {"Molenhoek": (False, 0), "Kouter": (True, 5)}
    # What the services kept is what a recount of everything gives.
    def kept():
        return sorted(ReachCount.objects.values_list(
            "grouping", "group_id", "grain", "starts", "families", "sessions", "adults",
            "children"))

    by_services = kept()
    assert len(by_services) == 6  # the activity and Kouter, per month, quarter and year
    reach.rebuild(world.network.pk)
    assert kept() == by_services


def test_a_move_recounts_every_coming_period_of_both_neighbourhoods(world, activity, hood):
    today = timezone.localdate()
    past = today - timedelta(days=400)
    services.sessions_generate(actor=world.alice, activity=activity, first=past,
                               until=past + timedelta(weeks=1), every_weeks=1,
                               starts_at=time(10), ends_at=time(12))
    services.sessions_generate(actor=world.alice, activity=activity, first=today,
                               until=today + timedelta(days=70), every_weeks=2,
                               starts_at=time(10), ends_at=time(12))
    families = [make_family(world.home, world.alice, name=f"Gezin M{i}") for i in range(3)]
    for session in Session.objects.filter(activity=activity):
        for family in families:
            services.attendance_record(actor=world.alice, session=session, family=family)
    other = Neighbourhood.objects.create(network=world.network, name="Kouter",
                                         young_children=100)
    activity.neighbourhood = other
    services.activity_update(actor=world.alice, activity=activity, organisers=[world.home],
                             expected_version=activity.version)
    kept = sorted(ReachCount.objects.values_list("grouping", "group_id", "grain", "starts",
                                                 "families", "sessions", "adults"))
    reach.rebuild(world.network.pk)
    assert sorted(ReachCount.objects.values_list(
        "grouping", "group_id", "grain", "starts", "families", "sessions", "adults")) == kept
    last_year = reach.Period.of("year", past)
    assert {r.label: r.shown for r in reach.by_neighbourhood(world.network.pk, last_year)} \
        == {"Molenhoek": True, "Kouter": False}
    coming = reach.Period.of("month", today + timedelta(days=70))
    assert {r.label: r.shown for r in reach.by_neighbourhood(world.network.pk, coming)} \
        == {"Molenhoek": False, "Kouter": True}


def _kept_rows():
    return sorted(ReachCount.objects.values_list(
        "grouping", "group_id", "grain", "starts", "families", "sessions", "adults",
        "children"))


def test_attendance_adjusts_its_periods_in_place_exactly(world, activity, hood):
    """`attendance_record` and `attendance_remove` adjust the kept counts of their six
    periods (activity and neighbourhood; month, quarter, year) instead of recounting them: a
    family counts once per period however often it comes, and leaves a period only with its
    last visit there. After every step the kept rows equal a recount of everything."""
    other = services.activity_create(actor=world.alice, activity=Activity(
        name="Spelotheek", kind="spelotheek", place="Bib", neighbourhood=hood),
        organisers=[world.home])
    for a in (activity, other):  # two sessions in one month, one in the next (same quarter)
        services.sessions_generate(actor=world.alice, activity=a, first=date(2025, 4, 7),
                                   until=date(2025, 5, 5), every_weeks=2,
                                   starts_at=time(10), ends_at=time(12))
    sessions = list(Session.objects.filter(activity=activity).order_by("on_date"))
    elsewhere = Session.objects.filter(activity=other).order_by("on_date").first()
    families = [make_family(world.home, world.alice, name=f"Gezin I{i}") for i in range(3)]

    def same_as_a_recount():
        by_services = _kept_rows()
        reach.rebuild(world.network.pk)
        assert _kept_rows() == by_services
        return by_services

    rows = []
    for session, family, children in [(sessions[0], families[0], 2),
                                      (sessions[1], families[0], 1),   # again, same month
                                      (sessions[2], families[0], 0),   # next month
                                      (elsewhere, families[0], 1),     # other activity
                                      (sessions[0], families[1], 3),
                                      (sessions[2], families[2], 0)]:
        with CaptureQueriesContext(connection) as done:
            rows.append(services.attendance_record(actor=world.alice, session=session,
                                                   family=family, children=children))
        # No recount: one statement adjusts the six kept rows, nothing counts distinct.
        assert _reach_statements(done) == ["UPDATE"]
        assert not any("DISTINCT" in q["sql"] for q in done.captured_queries)
        same_as_a_recount()
    def april():
        return ReachCount.objects.values_list("families", "adults", "children").get(
            grouping="activity", group_id=activity.pk, grain="month", starts=date(2025, 4, 1))

    assert april() == (2, 3, 6)
    quarter = ReachCount.objects.get(grouping="neighbourhood", group_id=hood.pk,
                                     grain="quarter", starts=date(2025, 4, 1))
    assert (quarter.families, quarter.adults) == (3, 6)
    for row in (rows[1], rows[0], rows[4], rows[3]):
        services.attendance_remove(actor=world.alice, attendance=row)
        same_as_a_recount()
    assert april() == (0, 0, 0)  # its two sessions are still counted


def test_a_period_left_empty_loses_its_row_and_a_missing_row_is_recounted(world, activity):
    """A cancelled session's attendance is the only thing its period counts: removing it
    leaves no row, as a recount does. A row missing (data written around the services) is
    recounted, not adjusted."""
    services.sessions_generate(actor=world.alice, activity=activity, first=date(2025, 3, 3),
                               until=date(2025, 3, 3), every_weeks=1, starts_at=time(10),
                               ends_at=time(12))
    session = Session.objects.get(activity=activity)
    family = make_family(world.home, world.alice, name="Gezin Leeg")
    row = services.attendance_record(actor=world.alice, session=session, family=family)
    session.cancelled = True
    services.session_update(actor=world.alice, session=session,
                            expected_version=session.version)
    assert ReachCount.objects.filter(sessions=0).count() == 6
    services.attendance_remove(actor=world.alice, attendance=row)
    assert not ReachCount.objects.exists()
    session.cancelled = False
    services.session_update(actor=world.alice, session=session,
                            expected_version=session.version)
    ReachCount.objects.filter(grain="year").delete()
    services.attendance_record(actor=world.alice, session=session, family=family)
    by_services = _kept_rows()
    reach.rebuild(world.network.pk)
    assert _kept_rows() == by_services
    assert len(by_services) == 6


@pytest.mark.parametrize("period", [P("2025-K4"), P("2025-10")], ids=lambda p: p.key)
def test_a_page_of_activities_is_that_slice_of_all_of_them(dataset, period,
                                                           django_assert_max_num_queries):
    """The page reads its activities' ids in name order and makes rows of its own slice
    only; together the pages are exactly `by_activity` (small groups left out, not shown
    as gaps), and a bad or too large page number is the first or the last page."""
    reach.rebuild(dataset.pk)
    reach.changed(dataset.pk)
    everything = [(r.key, r.families, r.sessions) for r in reach.by_activity(dataset.pk,
                                                                             period)]
    assert 0 < len(everything) < 6  # activity 3 (and in October 4) is never shown
    pages, number = [], 1
    while True:
        with django_assert_max_num_queries(4):  # token, counts, ids, the page's rows
            page = reach.activity_page(dataset.pk, period, number, per_page=2)
        assert len(page.object_list) <= 2
        pages += [(r.key, r.families, r.sessions) for r in page.object_list]
        if not page.has_next():
            break
        number += 1
    assert pages == everything and page.paginator.num_pages == (len(everything) + 1) // 2
    assert reach.activity_page(dataset.pk, period, 99, per_page=2).number == number
    assert reach.activity_page(dataset.pk, period, "x", per_page=2).number == 1
    hood = Neighbourhood.objects.get(name="Molenhoek")
    assert [r.key for r in reach.activity_page(dataset.pk, period, 1, per_page=10,
                                               neighbourhood_id=hood.pk).object_list] \
        == [r.key for r in reach.by_activity(dataset.pk, period, neighbourhood_id=hood.pk)]


def test_a_sessions_counts_adjust_its_periods_in_place_exactly(world, activity, hood):
    """`session_update` adjusts the six periods by the difference: anonymous visits, the
    session itself when (un)cancelled, and the busiest session's anonymous families — which
    can fall back to another session's when this one drops. Each step equals a recount."""
    services.sessions_generate(actor=world.alice, activity=activity, first=date(2025, 6, 2),
                               until=date(2025, 7, 7), every_weeks=1, starts_at=time(10),
                               ends_at=time(12))
    sessions = list(Session.objects.filter(activity=activity).order_by("on_date"))
    family = make_family(world.home, world.alice, name="Gezin S")
    services.attendance_record(actor=world.alice, session=sessions[0], family=family)
    for session, counts in [(sessions[0], dict(anonymous_families=4, anonymous_adults=5,
                                               anonymous_children=6)),
                            (sessions[1], dict(anonymous_families=2, anonymous_adults=2)),
                            (sessions[5], dict(anonymous_families=7)),       # July
                            (sessions[0], dict(anonymous_families=1)),       # peak falls to 2
                            (sessions[1], dict(cancelled=True)),             # and to 1
                            (sessions[0], dict(cancelled=True)),             # attendance stays
                            (sessions[1], dict(cancelled=False, anonymous_families=3))]:
        session.refresh_from_db()
        for name, value in counts.items():
            setattr(session, name, value)
        with CaptureQueriesContext(connection) as done:
            services.session_update(actor=world.alice, session=session,
                                    expected_version=session.version)
        assert _reach_statements(done) in (["UPDATE"], ["UPDATE", "DELETE"])
        assert not any("DISTINCT" in q["sql"] for q in done.captured_queries)
        by_services = _kept_rows()
        reach.rebuild(world.network.pk)
        assert _kept_rows() == by_services
    june = ReachCount.objects.values_list("families", "sessions", "adults").get(
        grouping="neighbourhood", group_id=hood.pk, grain="month", starts=date(2025, 6, 1))
    assert june == (1 + 3, 4, 1 + 2)  # five June sessions, one cancelled


def _reach_statements(done) -> list[str]:
    """The kinds of statement a write sent to the kept counts. PostgreSQL changes the rows
    in one UPDATE; elsewhere `reach._update_each` reads and updates a row at a time, and
    those runs count as the one UPDATE (a recount would still show its INSERT/DELETE)."""
    kinds = [q["sql"].split()[0] for q in done.captured_queries
             if "activities_reachcount" in q["sql"]]
    if connection.vendor == "postgresql":
        return kinds
    merged: list[str] = []
    for kind in kinds:
        if kind == "SELECT" or (kind == "UPDATE" and merged[-1:] == ["UPDATE"]):
            continue
        merged.append(kind)
    return merged


def _same_as_a_recount(network_id):
    by_services = _kept_rows()
    reach.rebuild(network_id)
    assert _kept_rows() == by_services
    return by_services


def test_sessions_generated_add_to_their_periods_without_a_recount(world, activity, hood):
    """A series adds its sessions to the periods of its activity and neighbourhood: the
    existing rows are raised, periods without a row get one, nothing is counted distinct.
    After every step the kept rows equal a recount of everything."""
    family = make_family(world.home, world.alice, name="Gezin R")
    bare = services.activity_create(actor=world.alice, activity=Activity(
        name="Zonder wijk", kind="spelotheek", place="Bib"), organisers=[world.home])
    for target, first, until, every, hour in [
            (activity, date(2025, 11, 3), date(2025, 11, 17), 1, 10),  # new periods
            (activity, date(2025, 11, 5), date(2026, 2, 4), 2, 14),   # across a year's end
            (activity, date(2025, 11, 3), date(2025, 11, 24), 1, 10),  # two taken, one new
            (bare, date(2025, 12, 1), date(2026, 1, 5), 1, 9)]:       # no neighbourhood
        with CaptureQueriesContext(connection) as done:
            services.sessions_generate(actor=world.alice, activity=target, first=first,
                                       until=until, every_weeks=every,
                                       starts_at=time(hour), ends_at=time(hour + 1))
        assert "DELETE" not in _reach_statements(done)
        assert not any("DISTINCT" in q["sql"] for q in done.captured_queries)
        _same_as_a_recount(world.network.pk)
        if target is activity and hour == 10 and until.day == 17:
            session = Session.objects.filter(activity=activity).order_by("on_date").first()
            services.attendance_record(actor=world.alice, session=session, family=family,
                                       children=2)
            session.anonymous_families = 2
            services.session_update(actor=world.alice, session=session,
                                    expected_version=session.version)
    november = ReachCount.objects.values_list("families", "sessions", "adults").get(
        grouping="neighbourhood", group_id=hood.pk, grain="month", starts=date(2025, 11, 1))
    assert november == (1 + 2, 4 + 2, 1)
    assert ReachCount.objects.get(grouping="activity", group_id=bare.pk, grain="year",
                                  starts=date(2026, 1, 1)).sessions == 1


def test_a_move_carries_its_counts_to_the_new_neighbourhood_exactly(world, activity, hood):
    """An activity moved: the coming sessions and their attendance leave the old
    neighbourhood's periods and join the new one's, without a recount. A family also seen
    at another activity of either neighbourhood stays or counts once; the busiest session's
    anonymous families fall back to another session's. Moved away from any neighbourhood
    and back, too. After every step the kept rows equal a recount of everything."""
    today = timezone.localdate()
    kouter = Neighbourhood.objects.create(network=world.network, name="Kouter",
                                          young_children=100)
    stays = services.activity_create(actor=world.alice, activity=Activity(
        name="Blijft", kind="spelotheek", place="Bib", neighbourhood=hood),
        organisers=[world.home])
    there = services.activity_create(actor=world.alice, activity=Activity(
        name="Daar", kind="spelotheek", place="School", neighbourhood=kouter),
        organisers=[world.home])
    for a in (activity, stays, there):
        services.sessions_generate(actor=world.alice, activity=a,
                                   first=today - timedelta(days=14),
                                   until=today + timedelta(days=42), every_weeks=2,
                                   starts_at=time(10), ends_at=time(12))
    families = [make_family(world.home, world.alice, name=f"Gezin V{i}") for i in range(4)]
    for a, family_indexes in ((activity, (0, 1, 2)), (stays, (0,)), (there, (1,))):
        for n, session in enumerate(Session.objects.filter(activity=a).order_by("on_date")):
            for i in family_indexes:
                if (n + i) % 2 == 0 or a is not activity:
                    services.attendance_record(actor=world.alice, session=session,
                                               family=families[i], children=i)
            # The moved activity's sessions are the busiest of either neighbourhood.
            session.anonymous_families = (n + 1) % 4 * (2 if a is activity else 1)
            session.anonymous_adults = n
            session.cancelled = a is activity and n == 3
            services.session_update(actor=world.alice, session=session,
                                    expected_version=session.version)
    _same_as_a_recount(world.network.pk)
    for to in (kouter, None, hood, kouter):
        activity.refresh_from_db()
        activity.neighbourhood = to
        with CaptureQueriesContext(connection) as done:
            services.activity_update(actor=world.alice, activity=activity,
                                     organisers=[world.home],
                                     expected_version=activity.version)
        assert not any("DISTINCT" in q["sql"] for q in done.captured_queries)
        assert _reach_statements(done).count("UPDATE") == 1
        assert Session.objects.filter(activity=activity, on_date__gte=today,
                                      neighbourhood=to).count() == 4
        _same_as_a_recount(world.network.pk)
    # The past stayed where it was.
    assert Session.objects.filter(activity=activity, neighbourhood=hood).count() == 1
    # A row to be lowered that is missing, or that would fall below zero (data written
    # around the services): recounted, not a database error.
    for out_of_step in (
            lambda: ReachCount.objects.filter(grouping="neighbourhood", group_id=kouter.pk,
                                              grain="year").delete(),
            lambda: ReachCount.objects.filter(grouping="neighbourhood", group_id=hood.pk,
                                              grain="quarter").update(families=0, adults=0)):
        out_of_step()
        activity.refresh_from_db()
        activity.neighbourhood = kouter if activity.neighbourhood == hood else hood
        services.activity_update(actor=world.alice, activity=activity,
                                 organisers=[world.home], expected_version=activity.version)
        _same_as_a_recount(world.network.pk)


def test_a_family_erased_by_retention_leaves_the_counts_as_a_recount_gives(world, activity):
    """Brug's erase is the retention process: the family is anonymised and its attendance
    rows stay (anonymous aggregates of past visits), so the kept counts stay what a recount
    gives. Deleting the family row instead, which would take its attendance along and
    change past figures at the next rebuild, is refused."""
    from django.db.models import ProtectedError

    from brug.families.retention import family_anonymise

    services.sessions_generate(actor=world.alice, activity=activity, first=date(2025, 3, 3),
                               until=date(2025, 3, 17), every_weeks=1, starts_at=time(10),
                               ends_at=time(12))
    families = [make_family(world.home, world.alice, name=f"Gezin W{i}") for i in range(3)]
    for session in Session.objects.filter(activity=activity):
        for family in families:
            services.attendance_record(actor=world.alice, session=session, family=family,
                                       children=1)
    kept = _kept_rows()
    family_anonymise(family=families[0])
    assert Attendance.objects.filter(family=families[0]).count() == 3
    assert _kept_rows() == kept == _same_as_a_recount(world.network.pk)
    with pytest.raises(ProtectedError):
        families[1].delete()
    assert _kept_rows() == kept
