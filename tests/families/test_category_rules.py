"""Lists, search, export and the notes form show and match a field only where the family
agreed to share its category with the worker's organisation."""

from __future__ import annotations

from django.urls import reverse

from brug.core.models import AuditEvent
from brug.families.models import Family
from tests.conftest import give_consent, login, make_worker

NEUTRAL = "Gezin zonder gedeelde naam (nr. {})"


def _csv(client, query=""):
    response = client.get(reverse("families:export") + f"?scope=all&q={query}")
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_a_family_shared_for_its_plan_only_is_listed_under_a_neutral_label(world):
    Family.objects.filter(pk=world.family.pk).update(neighbourhood="Sluizeken")
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    charlie = login(world.charlie)
    page = charlie.get("/gezinnen/?scope=all").content.decode()
    assert NEUTRAL.format(world.family.pk) in page
    assert "Gezin Test" not in page and "9000" not in page and "Sluizeken" not in page
    body = _csv(charlie)
    assert NEUTRAL.format(world.family.pk) in body
    assert "Gezin Test" not in body and "9000" not in body and "Demostad" not in body


def test_search_matches_a_postcode_only_where_contact_is_shared(world):
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    charlie = login(world.charlie)
    for url in ("/gezinnen/?q=9000&scope=all", reverse("families:export") + "?q=9000&scope=all"):
        assert NEUTRAL.format(world.family.pk) not in charlie.get(url).content.decode(), url
    give_consent(world.family, world.partner_org, ["contact"], world.alice)
    page = charlie.get("/gezinnen/?q=9000&scope=all").content.decode()
    assert NEUTRAL.format(world.family.pk) in page and "9000" in page
    assert "Gezin Test" not in page


def test_search_matches_a_name_only_where_identity_is_shared(world):
    Family.objects.filter(pk=world.family.pk).update(neighbourhood="Sluizeken")
    give_consent(world.family, world.partner_org, ["contact", "plan"], world.alice)
    charlie = login(world.charlie)
    label = NEUTRAL.format(world.family.pk)
    assert label not in charlie.get("/gezinnen/?q=Gezin Test&scope=all").content.decode()
    assert label not in _csv(charlie, "Gezin Test")
    assert label in charlie.get("/gezinnen/?q=Sluiz&scope=all").content.decode()
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    assert "Gezin Test" in charlie.get("/gezinnen/?q=Gezin Test&scope=all").content.decode()


def test_the_order_of_the_list_does_not_betray_hidden_names(world):
    from tests.conftest import make_family

    hidden = make_family(world.home, world.alice, name="Aaa Verborgen")
    give_consent(hidden, world.partner_org, ["plan"], world.alice)
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    families = login(world.charlie).get("/gezinnen/?scope=all").context["families"]
    # A hidden name sorts as nothing, whatever the name is.
    assert [f.pk for f in families] == [hidden.pk, world.family.pk]


def test_the_export_writes_formulas_as_text_and_audits_each_category_written(world, as_alice):
    Family.objects.filter(pk=world.family.pk).update(display_name='=HYPERLINK("http://x")',
                                                     neighbourhood="+32 wijk")
    body = _csv(as_alice)
    assert "'=HYPERLINK" in body and "'+32 wijk" in body
    events = set(AuditEvent.objects.filter(family_id=world.family.pk, action="export")
                 .values_list("category", flat=True))
    assert events == {"identity", "contact"}


def test_an_export_of_a_family_shared_for_identity_audits_identity_only(world):
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    body = _csv(login(world.charlie))
    assert "Gezin Test" in body and "9000" not in body
    events = set(AuditEvent.objects.filter(family_id=world.family.pk, action="export")
                 .values_list("category", flat=True))
    assert events == {"identity"}


def test_a_volunteer_who_is_also_administrator_has_the_same_answer_in_list_and_dossier(world):
    both = make_worker("vadmin", world.volunteer_org, "volunteer,administrator")
    Family.objects.filter(pk=world.family.pk).update(contact_worker=both)
    give_consent(world.family, world.volunteer_org, ["identity"], world.alice)
    client = login(both)
    assert client.get(f"/gezinnen/{world.family.pk}/").status_code == 404
    assert "Gezin Test" not in client.get("/gezinnen/?scope=all").content.decode()
    assert "Gezin Test" not in client.get("/gezinnen/?scope=mine").content.decode()
    assert "Gezin Test" not in _csv(client)


def test_the_notes_form_names_members_only_with_the_household_category(world):
    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    charlie = login(world.charlie)
    page = charlie.get(f"/gezinnen/{world.family.pk}/notities/").content.decode()
    assert "Mira" not in page and "Ode" not in page
    assert 'name="about_member"' not in page
    # A note can still be written, without naming a member.
    response = charlie.post(f"/gezinnen/{world.family.pk}/notities/",
                            {"category": "domain_notes", "text": "Gesprek over school"})
    assert response.status_code == 302
    give_consent(world.family, world.partner_org, ["household"], world.alice)
    page = charlie.get(f"/gezinnen/{world.family.pk}/notities/").content.decode()
    assert "Mira" in page and 'name="about_member"' in page


def test_the_cached_note_fields_never_carry_one_family_or_reader_to_another(world, as_alice):
    """The empty note form's fields are cached (families/_note_fields.html), except the
    members to choose from: each family's page names its own members, and a reader with
    fewer categories gets only their own category choices."""
    from tests.conftest import make_family

    other = make_family(world.home, world.alice, name="Gezin Ander")
    other.members.update(first_name="Zeno")
    first = as_alice.get(f"/gezinnen/{world.family.pk}/notities/").content.decode()
    second = as_alice.get(f"/gezinnen/{other.pk}/notities/").content.decode()
    assert "Mira" in first and "Zeno" not in first
    assert "Zeno" in second and "Mira" not in second
    assert 'value="household"' in second  # Alice may file a note under any category
    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    page = login(world.charlie).get(f"/gezinnen/{world.family.pk}/notities/").content.decode()
    select = page[page.index('name="category"'):]
    select = select[:select.index("</select>")]
    assert 'value="domain_notes"' in select and 'value="household"' not in select
    # A form sent back with an error is drawn with its error, not from the cache.
    page = as_alice.post(f"/gezinnen/{world.family.pk}/notities/",
                         {"category": "domain_notes", "text": ""}).content.decode()
    assert "has-error" in page


def test_a_dossier_tab_without_identity_shows_the_neutral_label(world):
    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    page = login(world.charlie).get(f"/gezinnen/{world.family.pk}/notities/").content.decode()
    assert "Gezin Test" not in page
    assert NEUTRAL.format(world.family.pk) in page


def test_the_list_asks_the_policy_once_per_page_whatever_the_number_of_families(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_family

    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    charlie = login(world.charlie)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            charlie.get("/gezinnen/?scope=all")
        return len(ctx.captured_queries)

    count()
    few = count()
    for i in range(12):
        family = make_family(world.home, world.alice, name=f"Gezin {i:02d}")
        give_consent(family, world.partner_org, ["identity"] if i % 2 else ["contact"],
                     world.alice)
    assert count() == few
