"""School social work: figures, import/export, allocation with overrides, anonymous and
linked questions, trainings, the counts (k >= 3) and who reaches which page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from brug.core.locking import StaleEdit
from brug.core.models import AuditEvent
from brug.schools import allocation, selectors, services
from brug.schools.models import Presence, Question, School, Training
from tests.conftest import give_consent, login
from tests.network_world import make_service
from tests.schools.factories import build_schools

PERIOD = services.current_period()
LAST_YEAR = allocation.previous_school_year(PERIOD)


@pytest.fixture
def ns(world):
    return build_schools(world)


def _question(school, **kwargs):
    kwargs.setdefault("asked_on", timezone.localdate())
    kwargs.setdefault("asked_by", "parent")
    kwargs.setdefault("handled", "on_the_spot")
    return Question(school=school, **kwargs)


# Figures ------------------------------------------------------------------------------------


def test_only_coordinators_keep_school_figures_and_it_is_a_network_event(world):
    school = School(name="De Boomgaard", organisation=world.home, pupils=120,
                    ses_pct=Decimal("45"), figures_period=PERIOD)
    for other in (world.alice, world.charlie, world.vera, world.adam):
        with pytest.raises(PermissionDenied):
            services.school_save(actor=other, school=school)
    services.school_save(actor=world.cora, school=school)
    event = AuditEvent.objects.filter(category="network").latest("id")
    assert event.family_id is None and "De Boomgaard" in event.detail


def test_school_figures_are_checked(world, ns):
    for bad, field in ((dict(ses_pct=Decimal("101")), "ses_pct"),
                       (dict(figures_period="2025"), "figures_period"),
                       (dict(name="basisschool de linde"), "name")):
        school = School(**{"name": "Nieuw", "organisation": world.home, "pupils": 10,
                           "ses_pct": Decimal(10), "figures_period": PERIOD, **bad})
        with pytest.raises(ValidationError) as exc:
            services.school_save(actor=world.cora, school=school)
        assert field in exc.value.error_dict


def test_a_second_edit_of_the_same_figures_is_refused(world, ns):
    first = School.objects.get(pk=ns.school.pk)
    second = School.objects.get(pk=ns.school.pk)
    first.pupils = 250
    services.school_save(actor=world.cora, school=first, expected_version=first.version)
    second.pupils = 260
    with pytest.raises(StaleEdit):
        services.school_save(actor=world.cora, school=second, expected_version=second.version)
    assert School.objects.get(pk=ns.school.pk).pupils == 250


def test_import_is_all_or_nothing_and_names_the_first_bad_line(world, ns):
    text = ("school;organisatie;leerlingen;ses_pct;schooljaar;vorm;uren\n"
            f"Basisschool De Linde;OCMW;300;70;{PERIOD};zitdag;5\n"
            f"GO! De Brug;OCMW Test;150;55,5;{PERIOD};;\n"
            f"Sint-Jozef;OCMW;veel;20;{PERIOD};consult;1\n")
    with pytest.raises(ValidationError) as exc:
        services.schools_import(actor=world.cora, text=text)
    assert "Regel 4" in exc.value.messages[0]
    assert not School.objects.filter(name="GO! De Brug").exists()
    assert School.objects.get(pk=ns.school.pk).pupils == 240
    good = text.rsplit("\n", 2)[0] + "\n"
    assert services.schools_import(actor=world.cora, text=good) == 2
    assert School.objects.get(pk=ns.school.pk).pupils == 300
    assert School.objects.get(name="GO! De Brug").ses_pct == Decimal("55.5")


@pytest.mark.parametrize("line,message", [
    (f"X;Onbekend;10;10;{PERIOD};;", "niet gekend"),
    (f"X;;10;10;{PERIOD};;", "niet gekend"),
    (f"X;OCMW;10;150;{PERIOD};;", "buiten de grenzen"),
    ("X;OCMW;10;10;2025/26;;", "2025-2026"),
    (f"X;OCMW;10;10;{PERIOD};dagelijks;", "geen zitdag"),
])
def test_import_explains_a_bad_line(world, line, message):
    with pytest.raises(ValidationError) as exc:
        services.schools_import(actor=world.cora, text=line)
    assert "Regel 1" in exc.value.messages[0] and message in exc.value.messages[0]


def test_import_page_shows_the_refusal_and_the_export_is_safe(world, ns):
    client = login(world.cora)
    upload = SimpleUploadedFile("s.csv", b"X;OCMW;tien;10;2025-2026;;\n", "text/csv")
    response = client.post(reverse("schools:import"), {"file": upload})
    assert response.status_code == 200 and "Regel 1" in response.content.decode()
    School.objects.filter(pk=ns.other.pk).update(name="=HYPERLINK(1)")
    body = client.get(reverse("schools:export")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "school"
    assert ["'=HYPERLINK(1)"] == [r[0] for r in rows if "HYPERLINK" in r[0]]
    assert login(world.alice).get(reverse("schools:export")).status_code == 404


# Allocation -----------------------------------------------------------------------------------


def test_the_allocation_counts_last_years_questions_and_explains_itself(world, ns):
    first, _last = allocation.parse_school_year(LAST_YEAR)
    for i in range(5):
        Question.objects.create(
            network=world.network, school=ns.other, organisation=world.home,
            asked_on=first + timedelta(days=i), asked_by="teacher", life_domains=",inkomen,",
            handled="on_the_spot", recorded_by=world.alice)
    services.allocation_compute(actor=world.cora, period=PERIOD)
    other = Presence.objects.get(school=ns.other, period=PERIOD)
    assert ["questions", {"n": 5}] in other.proposed_reasons
    page = login(world.cora).get(reverse("schools:allocation")).content.decode()
    assert "SES 62% (hoog), 0 vragen vorig schooljaar, vraagt een zitdag (4 uur per week)" \
        in page
    assert "5 vragen vorig schooljaar" in page
    total = sum(p.hours for p in Presence.objects.filter(period=PERIOD))
    assert total == services.rule_of(world.network.pk).hours


def test_an_override_needs_a_reason_is_audited_and_survives_a_new_computation(world, ns):
    p = Presence.objects.select_related("school").get(pk=ns.presence.pk)
    with pytest.raises(ValidationError) as exc:
        services.presence_override(actor=world.cora, presence=p, hours=Decimal(6),
                                   form="zitdag", reason=" ", contact=None,
                                   expected_version=p.version)
    assert "override_reason" in exc.value.error_dict
    services.presence_override(actor=world.cora, presence=p, hours=Decimal(6), form="zitdag",
                               reason="Nieuwe OKAN-klas", contact=world.bob,
                               expected_version=p.version)
    event = AuditEvent.objects.filter(category="network").latest("id")
    assert "Nieuwe OKAN-klas" in event.detail and "voorstel" in event.detail
    services.allocation_compute(actor=world.cora, period=PERIOD)
    p.refresh_from_db()
    assert (p.hours, p.override_reason, p.contact) == (Decimal(6), "Nieuwe OKAN-klas",
                                                       world.bob)
    assert p.proposed_hours != Decimal(6) and p.proposed_reasons
    # Back to the proposal: same hours and form as proposed, no reason.
    services.presence_override(actor=world.cora, presence=p, hours=p.proposed_hours,
                               form=p.proposed_form, reason="", contact=None,
                               expected_version=p.version)
    p.refresh_from_db()
    assert not p.overridden and p.hours == p.proposed_hours


def test_the_contact_is_a_worker_of_the_school_work_organisation(world, ns):
    p = Presence.objects.select_related("school").get(pk=ns.presence.pk)
    with pytest.raises(ValidationError):
        services.presence_override(actor=world.cora, presence=p, hours=p.proposed_hours,
                                   form=p.proposed_form, reason="", contact=world.charlie,
                                   expected_version=p.version)


def test_the_weights_are_data_of_the_network(world, ns):
    rule = services.rule_of(world.network.pk)
    rule.weight_ses, rule.weight_questions, rule.weight_wish = Decimal(0), Decimal(0), Decimal(1)
    services.rule_save(actor=world.cora, rule=rule)
    services.allocation_compute(actor=world.cora, period=PERIOD)
    # Only the wish counts now: De Linde asked 4 hours, Atheneum none.
    assert Presence.objects.get(school=ns.other, period=PERIOD).proposed_hours == 0
    with pytest.raises(PermissionDenied):
        services.rule_save(actor=world.alice, rule=rule)


def test_override_page(world, ns):
    client = login(world.cora)
    url = reverse("schools:presence", args=[ns.presence.pk])
    assert "SES 62% (hoog)" in client.get(url).content.decode()
    response = client.post(url, {"hours": "9", "form": "zitdag", "override_reason": "",
                                 "version": ns.presence.version})
    assert "Schrijf waarom" in response.content.decode()
    response = client.post(url, {"hours": "9", "form": "zitdag", "override_reason": "Crisis",
                                 "version": ns.presence.version})
    assert response.status_code == 302
    assert Presence.objects.get(pk=ns.presence.pk).hours == 9
    assert login(world.alice).get(url).status_code == 404


# Questions ------------------------------------------------------------------------------------


def test_an_anonymous_question_has_no_field_that_identifies_a_pupil(world, ns):
    q = services.question_record(actor=world.alice, domains=["onderwijs", "inkomen"],
                                 question=_question(ns.school, summary="Schoolfactuur"))
    fields = {f.name for f in Question._meta.concrete_fields}
    assert fields.isdisjoint({"first_name", "last_name", "name", "pupil", "phone", "email",
                              "birth_date", "class_group", "street_address"})
    assert q.family_id is None and q.life_domains == ",inkomen,onderwijs,"
    assert AuditEvent.objects.filter(category="school_work", family_id=None).exists()


@pytest.mark.parametrize("text", ["mail naar jan.peeters@example.org", "bel 0470 12 34 56",
                                  "rijksregister 85.07.30-033.61"])
def test_a_question_with_an_identifying_detail_is_refused(world, ns, text):
    with pytest.raises(ValidationError) as exc:
        services.question_record(actor=world.alice, domains=["inkomen"],
                                 question=_question(ns.school, summary=text))
    assert "summary" in exc.value.error_dict
    assert not Question.objects.exists()


def test_only_the_school_work_organisation_logs_questions(world, ns):
    for other in (world.charlie, world.olga, world.vera, world.adam, world.cora):
        with pytest.raises(PermissionDenied):
            services.question_record(actor=other, domains=["inkomen"],
                                     question=_question(ns.school))
    services.question_record(actor=world.bob, domains=["inkomen"], question=_question(ns.school))


def test_a_referral_names_a_service_of_the_sociale_kaart(world, ns):
    with pytest.raises(ValidationError) as exc:
        services.question_record(actor=world.alice, domains=["huisvesting"],
                                 question=_question(ns.school, handled="referred"))
    assert "service" in exc.value.error_dict
    service = make_service(world.network, org=world.partner_org)
    q = services.question_record(actor=world.alice, domains=["huisvesting"],
                                 question=_question(ns.school, handled="referred",
                                                    service=service))
    assert q.service == service


def test_the_school_page_logs_a_question_and_refuses_a_phone_number(world, ns):
    client = login(world.alice)
    url = reverse("schools:school", args=[ns.school.pk])
    data = {"school": ns.school.pk, "asked_on": timezone.localdate().isoformat(),
            "asked_by": "pupil", "domains": ["welbevinden"], "handled": "on_the_spot",
            "summary": "bel mama op 0470 12 34 56"}
    response = client.post(url, data)
    assert response.status_code == 200 and "telefoonnummer" in response.content.decode()
    data["summary"] = "Geen geld voor de schooluitstap"
    assert client.post(url, data).status_code == 302
    assert "Geen geld voor de schooluitstap" in client.get(url).content.decode()
    # A coordinator sees the school's page but neither its questions nor the form.
    page = login(world.cora).get(url).content.decode()
    assert "Geen geld voor de schooluitstap" not in page
    assert login(world.cora).post(url, data).status_code == 404


def test_a_question_is_linked_to_a_family_only_with_its_consent(world, ns):
    services.question_record_for_family(actor=world.alice, domains=["onderwijs"],
                                        question=_question(ns.school), family=world.family)
    event = AuditEvent.objects.filter(family_id=world.family.pk,
                                      category="domain_notes").latest("id")
    assert "schoolvraag" in event.detail
    # A school worker of the CAW: no consent → no link; a consent sharing the notes → yes.
    caw_school = services.school_save(actor=world.cora, school=School(
        name="CAW-school", organisation=world.partner_org, pupils=50, ses_pct=Decimal(30),
        figures_period=PERIOD))
    with pytest.raises(PermissionDenied):
        services.question_record_for_family(actor=world.charlie, domains=["onderwijs"],
                                            question=_question(caw_school),
                                            family=world.family)
    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    services.question_record_for_family(actor=world.charlie, domains=["onderwijs"],
                                        question=_question(caw_school), family=world.family)
    assert world.family.school_questions.count() == 2


def test_the_family_tab_reads_through_the_policy_and_is_audited(world, ns):
    url = reverse("schools:family", args=[world.family.pk])
    client = login(world.alice)
    data = {"school": ns.school.pk, "asked_on": timezone.localdate().isoformat(),
            "asked_by": "parent", "domains": ["onderwijs"], "handled": "on_the_spot",
            "summary": "Inschrijving secundair"}
    assert client.post(url, data).status_code == 302
    assert "Inschrijving secundair" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="view",
                                     purpose="schoolvragen bekijken").exists()
    assert login(world.olga).get(url).status_code == 404
    # On the school's page, a linked question shows no summary.
    page = client.get(reverse("schools:school", args=[ns.school.pk])).content.decode()
    assert "Inschrijving secundair" not in page and "bij een gezinsdossier" in page


# Trainings ------------------------------------------------------------------------------------


def test_a_training_is_recorded_by_the_school_workers(world, ns):
    client = login(world.alice)
    url = reverse("schools:training", args=[ns.school.pk])
    response = client.post(url, {"given_on": timezone.localdate().isoformat(),
                                 "topic": "Kostenbewust onderwijs", "audience": "teachers",
                                 "participants": "14"})
    assert response.status_code == 302
    assert Training.objects.get().participants == 14
    assert login(world.charlie).post(url, {}).status_code == 404


# Counts (k >= 3) -----------------------------------------------------------------------------


def test_counts_never_show_fewer_than_three_questions(world, ns):
    for _ in range(2):
        services.question_record(actor=world.alice, domains=["inkomen"],
                                 question=_question(ns.other, asked_by="pupil"))
    for _ in range(3):
        services.question_record(actor=world.alice, domains=["inkomen"],
                                 question=_question(ns.school, asked_by="parent"))
    data = selectors.counts(world.network.pk, PERIOD)
    assert [(r["school"], r["families"]) for r in data["per_school"]] == [
        ("Basisschool De Linde", 3)]
    assert [(r["school"], r["role"]) for r in data["per_role"]] == [
        ("Basisschool De Linde", "ouder")]
    page = login(world.cora).get(reverse("schools:counts")).content.decode()
    assert "Basisschool De Linde" in page and "Atheneum Noord" not in page
    assert login(world.alice).get(reverse("schools:counts")).status_code == 404


# Pages and the menu ----------------------------------------------------------------------------


def test_the_menu_and_list_are_for_the_network_professionals(world, ns):
    page = login(world.charlie).get(reverse("schools:list")).content.decode()
    assert "Basisschool De Linde" in page and reverse("schools:list") in page
    # Not a link to the school's page for a worker of another organisation.
    assert reverse("schools:school", args=[ns.school.pk]) not in page
    assert reverse("schools:school", args=[ns.school.pk]) in login(world.alice).get(
        reverse("schools:list")).content.decode()
    assert login(world.vera).get(reverse("schools:list")).status_code == 404
    assert login(world.adam).get(reverse("schools:list")).status_code == 404
    for name in ("allocation", "create", "import", "counts"):
        assert login(world.cora).get(reverse(f"schools:{name}")).status_code == 200
        assert login(world.alice).get(reverse(f"schools:{name}")).status_code == 404


def test_a_bad_period_is_a_message_not_an_error(world, ns):
    response = login(world.cora).get(reverse("schools:allocation"), {"period": "2026-2030"})
    assert response.status_code == 200 and "2025-2026" in response.content.decode()
