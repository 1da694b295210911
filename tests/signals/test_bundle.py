"""The signal bundle never shows a group of fewer than 3 families — in pages, exports and
through any combination of filters."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from brug.core.domains import LevenswebDomain as LifeDomain
from brug.directory.models import AccessDimension, Provider
from brug.signals import bundle, services
from brug.signals.forms import BundleFilterForm
from brug.signals.models import CollectiveSignal, CollectiveStatus, Meeting, Signal
from tests.conftest import login, make_family
from tests.network_world import make_service


@pytest.fixture
def barriers(world):
    """Families with barriers at two services; some groups are big, some have 1–2 families."""
    rng = random.Random(7)
    w = world
    w.svc_a = make_service(w.network, org=w.partner_org, name="Woonloket")
    w.svc_b = make_service(w.network, org=None, name="Voedselbank", provider_name="Vzw Brood")
    families = [w.family] + [make_family(w.home, w.alice, f"Gezin {i}") for i in range(6)]
    today = timezone.localdate()
    w.collective = CollectiveSignal.objects.create(network=w.network, title="Huurwaarborg",
                                                   created_by=w.cora)
    w.small = CollectiveSignal.objects.create(network=w.network, title="Klein signaal",
                                              created_by=w.cora, status=CollectiveStatus.AGENDA)
    dims = [d.value for d in AccessDimension]
    domains = [LifeDomain.HOUSING.value, LifeDomain.FOOD.value, LifeDomain.INCOME.value]
    for i, family in enumerate(families):
        for j in range(3):
            signal = Signal(service=w.svc_a if (i + j) % 2 else w.svc_b,
                            life_domain=domains[(i + j) % 3],
                            description=f"drempel {i}-{j}",
                            observed_on=today - timedelta(days=rng.randint(0, 90)),
                            collective=w.collective if i < 5 else None)
            chosen = rng.sample(dims, rng.randint(1, 3))
            services.barrier_record(actor=w.alice, family=family, signal=signal, dimensions=chosen)
            if j != 2:  # the third barrier of each family waits for the coordinator
                services.barrier_release(actor=w.cora, signal=signal,
                                         description=signal.description,
                                         expected_version=signal.version)
    # Two families only behind the small signal.
    for family in families[5:7]:
        services.barrier_record(actor=w.alice, family=family, signal=Signal(
            service=w.svc_a, life_domain="huisvesting", description="klein",
            observed_on=today, collective=w.small), dimensions=["betaalbaar"])
    w.families = families
    return w


def _true_family_counts(network_id, f: bundle.BundleFilter, *, collective: bool):
    """Independent check, in Python: distinct families per group after the filters."""
    return {k: len(v) for k, v in _true_groups(network_id, f, collective=collective).items()}


def _true_quotes(network_id, f: bundle.BundleFilter) -> dict:
    """The newest released, non-empty descriptions of each collective signal's filtered
    barriers."""
    barriers: dict = {}
    for s in _true_barriers(network_id, f, collective=True):
        barriers.setdefault(s.collective_id, []).append(s)
    return {pk: [s.description for s in sorted(
        (s for s in found if s.description and s.released_at),
        key=lambda s: (s.observed_on, s.id), reverse=True)
    ][:bundle.DESCRIPTIONS_PER_GROUP] for pk, found in barriers.items()}


def _all_suggestions(network_id, f: bundle.BundleFilter) -> list:
    found, page = [], 1
    while True:
        part, more = bundle.suggested_groups_page(network_id, f, page=page)
        found += part
        if not more:
            return found
        page += 1


def _true_barriers(network_id, f: bundle.BundleFilter, *, collective: bool):
    for s in Signal.objects.filter(network_id=network_id).select_related("collective"):
        if collective != (s.collective_id is not None):
            continue
        if f.life_domain and s.life_domain != f.life_domain:
            continue
        if f.provider_id and s.provider_id != f.provider_id:
            continue
        if f.date_from and s.observed_on < f.date_from:
            continue
        if f.date_to and s.observed_on > f.date_to:
            continue
        if collective:
            if f.dimension and f.dimension not in s.dimension_list:
                continue
            if f.status and s.collective.status != f.status:
                continue
            if f.meeting_id and s.collective.meeting_id != f.meeting_id:
                continue
        yield s


def _true_groups(network_id, f: bundle.BundleFilter, *, collective: bool):
    groups: dict = {}
    for s in _true_barriers(network_id, f, collective=collective):
        if collective:
            groups.setdefault(s.collective_id, set()).add(s.family_id)
        else:
            for d in s.dimension_list:
                if f.dimension and d != f.dimension:
                    continue
                groups.setdefault((s.provider_id, s.service_id, d), set()).add(s.family_id)
    return groups


def test_no_filter_combination_shows_a_group_under_three_families(barriers):
    w = barriers
    today = timezone.localdate()
    meeting = Meeting.objects.create(network=w.network, held_on=today, title="Overleg",
                                     created_by=w.cora)
    CollectiveSignal.objects.filter(pk=w.small.pk).update(meeting=meeting)
    options = {
        "status": ["", "new", "agenda"],
        "meeting_id": [None, meeting.pk],
        "life_domain": ["", "huisvesting", "voeding"],
        "dimension": ["", "betaalbaar", "bekend"],
        "provider_id": [None, w.svc_a.provider_id],
        "date_from": [None, today - timedelta(days=30)],
        "date_to": [None, today - timedelta(days=10)],
    }
    checked = shown = 0
    for values in itertools.product(*options.values()):
        f = bundle.BundleFilter(**dict(zip(options, values, strict=True)))
        truth = _true_family_counts(w.network.pk, f, collective=True)
        quotes = _true_quotes(w.network.pk, f)
        groups = bundle.collective_groups(w.network.pk, f)
        for g in groups:
            assert g.families >= bundle.MIN_FAMILIES
            assert g.families == truth[g.collective.pk]
            assert g.descriptions == quotes[g.collective.pk]
            shown += 1
        suggestion_truth = _true_family_counts(w.network.pk, f, collective=False)
        suggestions = _all_suggestions(w.network.pk, f)
        for g in suggestions:
            assert g.families >= bundle.MIN_FAMILIES
            assert g.families == suggestion_truth[(g.provider_id, g.service_id, g.dimension)]
        # every true group of ≥3 families is shown; every smaller one is not
        expected = {k for k, n in truth.items() if n >= bundle.MIN_FAMILIES}
        assert {g.collective.pk for g in groups} == expected
        assert {(g.provider_id, g.service_id, g.dimension) for g in suggestions} == {
            k for k, n in suggestion_truth.items() if n >= bundle.MIN_FAMILIES}
        # the pages show the same groups, in the same order
        paged, page = [], 1
        while True:
            part, more = bundle.collective_groups_page(w.network.pk, f, page=page, per_page=1)
            paged += part
            if not more:
                break
            page += 1
        assert [(g.collective.pk, g.families, g.descriptions) for g in paged] == [
            (g.collective.pk, g.families, g.descriptions) for g in groups]
        checked += 1
    assert checked == 3 * 2 * 3 * 3 * 2 * 2 * 2
    assert shown > 0  # the test would be empty if nothing ever showed


def test_pages_and_exports_hide_the_small_group(barriers):
    w = barriers
    client = login(w.alice)
    page = client.get(reverse("signals:bundle")).content.decode()
    assert "Huurwaarborg" in page and "Klein signaal" not in page
    export = client.get(reverse("signals:export")).content.decode()
    assert "Huurwaarborg" in export and "Klein signaal" not in export
    detail = client.get(reverse("signals:collective", args=[w.small.pk])).content.decode()
    assert "niet getoond" in detail and "klein" not in detail.split("Geschiedenis")[0].lower() \
        .replace("klein signaal", "")


def test_bundle_never_names_a_family(barriers):
    w = barriers
    for url in (reverse("signals:bundle"), reverse("signals:export"),
                reverse("signals:collective", args=[w.collective.pk])):
        body = login(w.cora).get(url).content.decode()
        for family in w.families:
            assert family.display_name not in body


def test_bundle_query_count_does_not_grow_with_data(barriers, django_assert_num_queries):
    w = barriers
    client = login(w.cora)
    url = reverse("signals:bundle")
    client.get(url)
    cache.clear()  # the queries of a page not cached yet
    with django_assert_num_queries(6):
        client.get(url)
    # Then every reader of the network gets it from the cache: the session and the worker.
    alice = login(w.alice)
    alice.get("/")  # her menu's flags (the childcare desk's is kept per network)
    with django_assert_num_queries(2):
        alice.get(url)
    for i in range(5):
        c = CollectiveSignal.objects.create(network=w.network, title=f"Extra {i}",
                                            created_by=w.cora)
        for family in w.families[:4]:
            services.barrier_record(actor=w.alice, family=family, signal=Signal(
                service=w.svc_b, life_domain="voeding", description="x",
                observed_on=timezone.localdate(), collective=c), dimensions=["bekend"])
    # Recording a barrier renews every reader's bundle at once.
    assert "Extra 4" in alice.get(url).content.decode()
    cache.clear()
    with django_assert_num_queries(6):
        response = client.get(url)
    assert "Extra 4" in response.content.decode()


def test_coordinator_bundles_a_suggestion_and_follows_it_up(barriers):
    w = barriers
    client = login(w.cora)
    for family in w.families[:3]:
        services.barrier_record(actor=w.alice, family=family, signal=Signal(
            service=w.svc_b, life_domain="voeding", description="lange wachtrij",
            observed_on=timezone.localdate()), dimensions=["beschikbaar"])
    groups = _all_suggestions(w.network.pk, bundle.BundleFilter(dimension="beschikbaar"))
    g = next(g for g in groups if g.service_id == w.svc_b.pk)
    assert g.families == 3
    response = client.post(reverse("signals:collective-create"), {
        "provider_id": g.provider_id, "service_id": g.service_id or "",
        "group_dimension": g.dimension, "title": "Voorgesteld", "status": "new"})
    assert response.status_code == 302
    c = CollectiveSignal.objects.get(title="Voorgesteld")
    assert Signal.objects.filter(collective=c).values("family").distinct().count() == g.families
    # status with history, action plan with owner and date, forwarding needs a recipient
    edit = reverse("signals:collective-edit", args=[c.pk])
    r = client.post(edit, {"title": c.title, "status": "forwarded", "version": c.version})
    assert "Aan wie" in r.content.decode()
    client.post(edit, {"title": c.title, "status": "agenda", "version": c.version,
                       "note": "op de agenda van juni"})
    client.post(reverse("signals:plan", args=[c.pk]), {"goal": "Waarborg verlagen"})
    client.post(reverse("signals:action-add", args=[c.pk]), {
        "description": "Brief aan schepen", "owner": w.hub.pk,
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat()})
    c.refresh_from_db()
    assert c.status == CollectiveStatus.ACTION_PLAN
    page = client.get(reverse("signals:collective", args=[c.pk])).content.decode()
    assert "op de agenda van juni" in page and "Brief aan schepen" in page


def test_only_coordinators_change_collective_signals(barriers):
    w = barriers
    url = reverse("signals:collective-edit", args=[w.collective.pk])
    assert login(w.alice).get(url).status_code == 404
    assert login(w.cora).get(url).status_code == 200


def test_barrier_is_recorded_from_the_dossier(world):
    svc = make_service(world.network, org=world.partner_org)
    url = reverse("signals:family", args=[world.family.pk])
    response = login(world.alice).post(url, {
        "service": svc.pk, "life_domain": "huisvesting", "dimension_choices": ["betaalbaar"],
        "description": "Waarborg te hoog", "observed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    s = Signal.objects.get()
    assert s.provider_id == svc.provider_id and s.dimension_rows.count() == 1
    assert login(world.olga).get(url).status_code == 404


def test_agenda_prints_the_meeting_bundle(barriers):
    w = barriers
    meeting = Meeting.objects.create(network=w.network, held_on=timezone.localdate(),
                                     title="Juni-overleg", created_by=w.cora)
    CollectiveSignal.objects.filter(pk__in=[w.collective.pk, w.small.pk]).update(meeting=meeting)
    body = login(w.charlie).get(reverse("signals:agenda", args=[meeting.pk])).content.decode()
    assert "Huurwaarborg" in body
    assert "Klein signaal" in body and "Minder dan 3 gezinnen" in body
    assert "klein</li>" not in body


def test_suggestions_come_in_pages_biggest_first(barriers, monkeypatch):
    w = barriers
    svc = make_service(w.network, org=None, name="Sociale kruidenier", provider_name="Vzw Pot")
    for n, dimension in ((5, "bekend"), (3, "bruikbaar"), (4, "beschikbaar")):
        for family in w.families[:n]:
            services.barrier_record(actor=w.alice, family=family, signal=Signal(
                service=svc, life_domain="voeding", description="wachtrij",
                observed_on=timezone.localdate()), dimensions=[dimension])
    monkeypatch.setattr(bundle, "SUGGESTIONS_PER_PAGE", 2)
    client = login(w.cora)
    url = reverse("signals:suggestions")
    first = client.get(url + f"?provider={svc.provider_id}").content.decode()
    assert first.index("5 gezinnen") < first.index("4 gezinnen")
    assert '"count">3 gezinnen' not in first and "page=2" in first
    second = client.get(url + f"?provider={svc.provider_id}&page=2").content.decode()
    assert '"count">3 gezinnen' in second and "5 gezinnen" not in second
    assert "page=3" not in second
    # each group offers the open collective signals to add it to
    assert reverse("signals:add-group", args=[w.collective.pk]) in first
    assert f"service_id={svc.pk}" in first


def test_the_filter_form_escapes_and_checks_organisations(barriers):
    w = barriers
    Provider.objects.filter(pk=w.svc_b.provider_id).update(name="<b>Brood & co</b>")
    client = login(w.alice)
    page = client.get(reverse("signals:bundle")).content.decode()
    assert "&lt;b&gt;Brood &amp; co&lt;/b&gt;" in page and "<b>Brood" not in page
    chosen = client.get(reverse("signals:bundle") + f"?provider={w.svc_a.provider_id}")
    assert f'<option value="{w.svc_a.provider_id}" selected>' in chosen.content.decode()
    # An organisation of another network (or none) is refused, not used as a filter.
    form = BundleFilterForm({"provider": "999999"}, network_id=w.network.pk)
    assert not form.is_valid() and "provider" in form.errors
    assert form.to_filter() == bundle.BundleFilter()


def test_bundle_cards_escape_titles_quotes_and_names(barriers):
    w = barriers
    CollectiveSignal.objects.filter(pk=w.collective.pk).update(
        title="<script>x()</script> huur", forwarded_to='Stad <b>"Gent"</b>')
    Signal.objects.filter(collective=w.collective).update(description="te <i>duur</i> & ver",
                                                          released_at=timezone.now())
    page = login(w.charlie).get(reverse("signals:bundle")).content.decode()
    assert "<script>x()" not in page and "<b>" not in page and "<i>duur" not in page
    assert "&lt;script&gt;x()&lt;/script&gt; huur" in page
    assert "Stad &lt;b&gt;&quot;Gent&quot;&lt;/b&gt;" in page
    assert "te &lt;i&gt;duur&lt;/i&gt; &amp; ver" in page
    assert "5 gezinnen" in page and reverse("signals:collective", args=[w.collective.pk]) in page


def test_suggestion_cards_escape_names_and_offer_both_ways_to_bundle(world):
    w = world
    svc = make_service(w.network, org=None, name='Loket <b>"Wonen"</b>',
                       provider_name="Vzw <i>Dak</i>")
    CollectiveSignal.objects.create(network=w.network, title="Open <u>signaal</u>",
                                    created_by=w.cora)
    for i in range(3):
        services.barrier_record(
            actor=w.alice, family=make_family(w.home, w.alice, f"Gezin S{i}"),
            signal=Signal(service=svc, life_domain=LifeDomain.HOUSING.value, description="x",
                          observed_on=timezone.localdate()),
            dimensions=[AccessDimension.AFFORDABLE.value])
    page = login(w.cora).get(reverse("signals:suggestions")).content.decode()
    assert "<b>" not in page and "<i>Dak" not in page and "<u>signaal" not in page
    assert "Loket &lt;b&gt;&quot;Wonen&quot;&lt;/b&gt;" in page
    assert "Vzw &lt;i&gt;Dak&lt;/i&gt;" in page and "Open &lt;u&gt;signaal&lt;/u&gt;" in page
    assert "3 gezinnen" in page and f"provider_id={svc.provider_id}&amp;service_id={svc.pk}" \
        in page
    assert 'name="csrfmiddlewaretoken"' in page and "Toevoegen" in page
