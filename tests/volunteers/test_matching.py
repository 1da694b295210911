"""The framework-free matching: ranking and the reasons in plain Dutch."""

from brug.volunteers.matching import Candidate, Need, norm_set, rank, score

NEED = Need(help_kinds=frozenset({"paperwork"}), languages=norm_set(["Arabisch", "Nederlands"]),
            neighbourhood="noord", municipality="demostad", times=frozenset({"wed_pm"}))


def cand(i, **kw):
    kw.setdefault("municipality", "demostad")
    return Candidate(id=i, **kw)


def test_the_reasons_say_why_in_plain_dutch():
    s = score(cand(1, languages=norm_set(["Arabisch"]), neighbourhoods=frozenset({"noord"}),
                   availability=frozenset({"wed_pm"}), skills=frozenset({"paperwork"}),
                   experience_years=3), NEED)
    assert s.texts() == ["spreekt Arabisch", "woont in de wijk", "woensdagnamiddag vrij",
                         "helpt graag met papieren en administratie", "3 jaar ervaring"]


def test_it_ranks_language_neighbourhood_and_time_above_a_near_miss():
    best = cand(7, languages=norm_set(["Arabisch"]), neighbourhoods=frozenset({"noord"}),
                availability=frozenset({"wed_pm"}))
    other_hood = cand(3, languages=norm_set(["Arabisch"]), neighbourhoods=frozenset({"zuid"}),
                      availability=frozenset({"wed_pm"}))
    nothing = cand(1, municipality="elders")
    ranked = rank([nothing, other_hood, best], NEED)
    assert [s.candidate_id for s in ranked] == [7, 3, 1]
    assert "woont in dezelfde gemeente" in ranked[1].texts()
    assert ranked[2].score == 0 and ranked[2].texts() == []


def test_a_volunteer_without_a_free_place_is_not_suggested():
    full = cand(1, languages=norm_set(["Arabisch"]), free_places=0)
    assert rank([full, cand(2)], NEED) == [rank([cand(2)], NEED)[0]]


def test_ties_keep_a_stable_order_and_the_limit_holds():
    ranked = rank([cand(i) for i in range(20, 0, -1)], NEED, limit=5)
    assert [s.candidate_id for s in ranked] == [1, 2, 3, 4, 5]


def test_reasons_are_translated_through_the_given_function():
    s = score(cand(1, availability=frozenset({"sat_am"})), Need(times=frozenset({"sat_am"})))
    english = {"%(day)s%(part)s vrij": "free on %(day)s %(part)s", "zaterdag": "Saturday",
               "voormiddag": "morning"}
    assert s.texts(lambda t: english.get(t, t)) == ["free on Saturday morning"]
