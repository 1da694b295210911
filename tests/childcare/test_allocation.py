"""The allocation module: reserved places, order, ties and the exact reasons."""

import time
from datetime import date

from brug.childcare.allocation import (
    BABY,
    TODDLER,
    Provider,
    Request,
    Rules,
    age_group,
    allocate,
    reserved_places,
)

RULES = Rules(priority_share=25, grounds=("single_parent", "low_income", "foster"))
D1, D2, D3 = date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)


def prov(pid, baby=0, toddler=0, it=True, hood="Noord", name=None):
    return Provider(pid, {BABY: baby, TODDLER: toddler}, it, "Demostad", hood, name or f"P{pid}")


def req(rid, on, needs=(BABY,), grounds=(), **kw):
    kw.setdefault("municipality", "Demostad")
    return Request(rid, on, tuple(needs), frozenset(grounds), **kw)


def test_age_groups():
    on = date(2026, 9, 1)
    assert age_group(None, on) == BABY
    assert age_group(date(2025, 3, 2), on) == BABY  # 17 months
    assert age_group(date(2025, 3, 1), on) == TODDLER  # 18 months
    assert age_group(date(2023, 9, 2), on) == TODDLER
    assert age_group(date(2023, 9, 1), on) is None  # 3 years


def test_reserved_share_is_rounded_up():
    assert reserved_places(4, 25) == 1
    assert reserved_places(5, 25) == 2
    assert reserved_places(1, 20) == 1
    assert reserved_places(0, 30) == 0


def test_priority_family_gets_the_reserved_place_before_an_earlier_request():
    a = allocate([req(1, D1), req(2, D3, grounds=["single_parent"])], [prov(10, baby=1)], RULES)
    assert [p.request_id for p in a.proposals] == [2]
    p = a.proposals[0]
    assert p.priority and p.reasons[0].params["grounds"] == ["single_parent"]
    assert p.reasons[1].params == {"date": "2026-03-05", "rank": 1, "total": 1}
    w = a.waiting[0]
    assert (w.request_id, w.position, w.priority) == (1, 1, False)
    assert w.reasons[0].text.startswith("Geen vrije plaats")
    assert w.reasons[0].params == {"groups": ["baby"], "providers": ["P10"]}


def test_free_price_providers_reserve_nothing():
    a = allocate([req(1, D1), req(2, D3, grounds=["low_income"])], [prov(10, baby=1, it=False)],
                 RULES)
    assert [p.request_id for p in a.proposals] == [1]
    assert a.reserved[10] == {BABY: 0, TODDLER: 0}


def test_ties_on_the_date_go_to_the_lower_request_number():
    a = allocate([req(7, D1), req(3, D1)], [prov(10, baby=4)], Rules(0, ()))
    assert [p.request_id for p in a.proposals] == [3, 7]
    a = allocate([req(7, D1), req(3, D1)], [prov(10, baby=1)], Rules(0, ()))
    assert [p.request_id for p in a.proposals] == [3]
    assert a.waiting[0].request_id == 7


def test_grounds_not_enabled_by_the_network_give_no_priority():
    a = allocate([req(1, D1), req(2, D2, grounds=["hospital_staff"])], [prov(10, baby=1)], RULES)
    assert [p.request_id for p in a.proposals] == [1]
    assert not a.waiting[0].priority


def test_several_grounds_do_not_outrank_an_earlier_priority_family():
    a = allocate([req(1, D2, grounds=["single_parent", "low_income", "foster"]),
                  req(2, D1, grounds=["foster"])], [prov(10, baby=1)], RULES)
    assert [p.request_id for p in a.proposals] == [2]


def test_left_over_reserved_places_go_to_everyone():
    a = allocate([req(1, D1), req(2, D2)], [prov(10, baby=2)], RULES)
    assert [p.request_id for p in a.proposals] == [1, 2]
    assert not any(p.priority for p in a.proposals)


def test_a_priority_family_without_a_reserved_place_competes_by_date():
    # 4 places, 1 reserved; three priority families, the first takes the reserved place.
    reqs = [req(1, D1, grounds=["foster"]), req(2, D2, grounds=["foster"]), req(3, D1),
            req(4, D3, grounds=["foster"]), req(5, D3)]
    a = allocate(reqs, [prov(10, baby=4)], RULES)
    assert [(p.request_id, p.priority) for p in a.proposals] == [
        (1, True), (3, False), (2, False), (4, False)]
    assert [w.request_id for w in a.waiting] == [5]


def test_waiting_list_puts_priority_first_then_by_date():
    reqs = [req(1, D1), req(2, D3, grounds=["low_income"]), req(3, D2, grounds=["foster"])]
    a = allocate(reqs, [], RULES)
    assert [(w.request_id, w.position) for w in a.waiting] == [(3, 1), (2, 2), (1, 3)]
    assert a.waiting[0].reasons[1].params["grounds"] == ["foster"]
    assert a.waiting[0].reasons[0].text.startswith("Geen opvang die past")


def test_family_choices_in_order_and_refused_providers_skipped():
    providers = [prov(10, baby=1), prov(11, baby=1), prov(12, baby=1)]
    a = allocate([req(1, D1, preferred=(12, 11), refused=frozenset({12}))], providers, RULES)
    p = a.proposals[0]
    assert p.provider_id == 11
    assert p.reasons[-1].params == {"provider": "P11", "rank": "2"}


def test_without_choices_the_neighbourhood_first_then_the_municipality():
    providers = [prov(10, baby=1, hood="Zuid"), prov(11, baby=1, hood="Noord")]
    a = allocate([req(1, D1, neighbourhood="noord"), req(2, D2, neighbourhood="Noord")],
                 providers, Rules(0, ()))
    assert [(p.request_id, p.provider_id) for p in a.proposals] == [(1, 11), (2, 10)]
    assert a.proposals[0].reasons[-1].text.startswith("%(provider)s ligt in de wijk")
    assert "gemeente" in a.proposals[1].reasons[-1].text


def test_income_tariff_only_and_siblings_need_all_places_at_one_provider():
    providers = [prov(10, baby=1, toddler=1, it=False), prov(11, baby=1, toddler=0),
                 prov(12, baby=1, toddler=1)]
    a = allocate([req(1, D1, needs=(BABY, TODDLER), income_tariff_only=True)], providers,
                 Rules(0, ()))
    assert a.proposals[0].provider_id == 12
    assert a.proposals[0].places == ((BABY, 1), (TODDLER, 1))


def test_a_request_without_a_child_of_childcare_age_waits_with_that_reason():
    a = allocate([req(1, D1, needs=())], [prov(10, baby=1)], RULES)
    assert a.waiting[0].reasons[0].text.startswith("Geen kind in de leeftijd")


def test_deterministic_whatever_the_input_order():
    reqs = [req(i, date(2026, 1, 1 + i % 20), grounds=["foster"] if i % 4 == 0 else [])
            for i in range(1, 60)]
    providers = [prov(p, baby=3, toddler=2) for p in range(100, 105)]
    assert allocate(reqs, providers, RULES) == allocate(list(reversed(reqs)), providers, RULES)


def test_two_thousand_requests_over_two_hundred_providers_in_under_two_seconds():
    from bench.bench_allocation import build

    reqs, providers = build(2000, 200)
    start = time.perf_counter()
    a = allocate(reqs, providers, RULES)
    assert time.perf_counter() - start < 2
    assert len(a.proposals) + len(a.waiting) == 2000
