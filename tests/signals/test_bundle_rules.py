"""Who sees the network's bundle, the k ≥ 3 rule in each output, and a safe CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core import small_groups
from brug.directory import services as directory_services
from brug.directory.models import Provider
from brug.signals import services
from brug.signals.models import CollectiveSignal, Meeting, Signal
from tests.conftest import login, make_family, make_worker
from tests.directory.forms_helper import submitted
from tests.network_world import make_service


@pytest.fixture
def groups(world):
    """A collective signal on a meeting's agenda and a suggestion group, each with the
    barriers (released texts) of two families: under the bundle's minimum."""
    w = world
    w.service = make_service(w.network, org=w.partner_org, name="Woonloket")
    w.meeting = Meeting.objects.create(network=w.network, held_on=timezone.localdate(),
                                       title="Overleg", created_by=w.cora)
    w.collective = CollectiveSignal.objects.create(network=w.network, title="Huurwaarborg",
                                                   created_by=w.cora, meeting=w.meeting)
    w.families = [w.family] + [make_family(w.home, w.alice, f"Gezin {i}") for i in range(3)]
    w.add = lambda family, **kw: _barrier(w, family, **kw)
    for family in w.families[:2]:
        w.add(family, collective=w.collective, text="waarborg onbetaalbaar")
        w.add(family, text="loket onvindbaar")
    return w


def _barrier(w, family, *, text, collective=None):
    signal = services.barrier_record(actor=w.alice, family=family, signal=Signal(
        service=w.service, life_domain="huisvesting", description=text,
        observed_on=timezone.localdate(), collective=collective), dimensions=["bekend"])
    return services.barrier_release(actor=w.cora, signal=signal, description=text,
                                    expected_version=signal.version)


def _shows(w) -> dict[str, bool]:
    """Whether each output shows the collective signal's group (or, for the suggestions,
    the unassigned group)."""
    client = login(w.cora)

    def body(name, *args):
        return client.get(reverse(name, args=args)).content.decode()

    agenda = body("signals:agenda", w.meeting.pk)
    collective = body("signals:collective", w.collective.pk)
    return {
        "bundle": "Huurwaarborg" in body("signals:bundle"),
        "export": "Huurwaarborg" in body("signals:export"),
        "agenda": "Minder dan" not in agenda and "waarborg onbetaalbaar" in agenda,
        "collective": "niet getoond" not in collective and "waarborg onbetaalbaar" in collective,
        "suggestions": "Woonloket" in body("signals:suggestions"),
    }


def test_every_output_hides_a_group_of_two_families_and_shows_it_with_three(groups):
    w = groups
    assert _shows(w) == dict.fromkeys(_shows(w), False)
    w.add(w.families[2], collective=w.collective, text="waarborg onbetaalbaar")
    w.add(w.families[2], text="loket onvindbaar")
    assert _shows(w) == dict.fromkeys(_shows(w), True)


def test_the_rule_lives_in_one_place_every_output_follows_it(groups, monkeypatch):
    w = groups
    for family in w.families[2:]:
        w.add(family, collective=w.collective, text="waarborg onbetaalbaar")
        w.add(family, text="loket onvindbaar")
    assert _shows(w) == dict.fromkeys(_shows(w), True)  # four families
    # The network-wide rule (core.small_groups) that the bundle counts through.
    monkeypatch.setattr(small_groups, "MIN_FAMILIES", 5)
    assert _shows(w) == dict.fromkeys(_shows(w), False)


def test_the_agenda_names_the_small_signal_without_counts_or_texts(groups):
    body = login(groups.cora).get(reverse("signals:agenda", args=[groups.meeting.pk]))
    text = body.content.decode()
    assert "Huurwaarborg" in text and "Minder dan 3 gezinnen" in text
    assert "waarborg onbetaalbaar" not in text and "2 gezinnen" not in text


BUNDLE_PAGES = ["signals:bundle", "signals:export", "signals:meetings"]


@pytest.mark.parametrize("name", [*BUNDLE_PAGES, "signals:agenda", "signals:collective"])
def test_a_volunteer_does_not_see_the_network_bundle(groups, name):
    w = groups
    args = {"signals:agenda": [w.meeting.pk], "signals:collective": [w.collective.pk]}
    url = reverse(name, args=args.get(name, []))
    assert login(w.vera).get(url).status_code == 404
    # Professionals of every organisation and the network's managers do: it is anonymous.
    for worker in (w.alice, w.charlie, w.olga, w.cora, w.adam):
        assert login(worker).get(url).status_code == 200, worker


def test_a_volunteer_who_is_also_a_professional_sees_it(groups):
    both = make_worker("vic", groups.volunteer_org, "volunteer,partner")
    assert login(both).get(reverse("signals:bundle")).status_code == 200


def test_the_export_writes_formulas_as_text(groups):
    w = groups
    w.add(w.families[2], collective=w.collective, text="=HYPERLINK(\"http://x\")")
    CollectiveSignal.objects.filter(pk=w.collective.pk).update(title="+cmd|' /C calc'!A0",
                                                               forwarded_to="")
    content = login(w.charlie).get(reverse("signals:export")).content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content), delimiter=";"))[1]
    assert row[0] == "'+cmd|' /C calc'!A0"
    assert row[-1].startswith("'=HYPERLINK")  # the newest quote comes first
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_bundle_query_count_does_not_grow_with_its_data(groups, django_assert_num_queries):
    w = groups
    client = login(w.charlie)
    url = reverse("signals:bundle")
    w.add(w.families[2], collective=w.collective, text="waarborg onbetaalbaar")
    client.get(url)
    cache.clear()  # the queries of a page not cached yet
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(4):
        c = CollectiveSignal.objects.create(network=w.network, title=f"Extra {i}",
                                            created_by=w.cora)
        for family in w.families:
            w.add(family, collective=c, text=f"tekst {i}")
    cache.clear()
    with django_assert_num_queries(len(before.captured_queries)):
        body = client.get(url).content.decode()
    assert "Extra 3" in body and "tekst 3" in body


def test_the_cached_organisation_list_follows_a_new_or_renamed_organisation(groups):
    """The bundle page is cached per network; the sociale kaart's writes renew it."""
    w = groups
    client = login(w.charlie)
    url = reverse("signals:bundle")
    assert "Vzw Nieuw" not in client.get(url).content.decode()
    create = reverse("directory:service-create")
    data = submitted(login(w.cora).get(create), "form", "location_forms", "hour_forms",
                     "phone_forms", "contact_forms")
    data.update({"name": "Loket", "status": "active", "new_provider_name": "Vzw Nieuw",
                 "new_provider_organisation": ""})
    assert login(w.cora).post(create, data).status_code == 302
    assert "Vzw Nieuw" in client.get(url).content.decode()
    provider = Provider.objects.get(name="Vzw Nieuw")
    tables = directory_services.hsds_tables(w.network)
    for row in tables["organizations"]:
        if row["name"] == "Vzw Nieuw":
            row["name"] = "Vzw Hernoemd"
    assert directory_services.hsds_import(actor=w.cora, tables=tables).ok
    page = client.get(url).content.decode()
    assert "Vzw Hernoemd" in page and "Vzw Nieuw" not in page
    chosen = client.get(f"{url}?provider={provider.pk}").content.decode()
    assert f'<option value="{provider.pk}" selected>Vzw Hernoemd</option>' in chosen


@pytest.mark.parametrize("page", ["99999999999999999999999", "0", "-1", "x"])
def test_a_page_number_out_of_range_is_no_error(groups, page):
    for name in ("signals:bundle", "signals:suggestions", "signals:review"):
        response = login(groups.cora).get(reverse(name) + f"?page={page}")
        assert response.status_code == 200, name


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30])
def test_odd_digits_in_the_urls_are_never_a_500(world, value):
    client = login(world.cora)
    assert client.get(reverse("signals:bundle"), {"page": value}).status_code == 200
    response = client.get(reverse("signals:collective-create"),
                          {"provider_id": value, "service_id": value})
    assert response.status_code == 200
