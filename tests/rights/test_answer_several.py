"""The rights tab's questions: several answered in one form; a wrong one keeps its question."""

from __future__ import annotations

import re

from django.urls import reverse

from brug.core.models import AuditEvent
from brug.rights.models import FamilyFact

LEEFLOON = "Ontvangt iemand in het gezin een leefloon"


def _tab(client, family) -> str:
    return client.get(reverse("rights:tab", args=[family.pk])).content.decode()


def test_the_tab_has_one_form_for_all_questions(world, as_alice):
    html = _tab(as_alice, world.family)
    block = html[html.index('class="question-list"'):html.index("</ol>")]
    assert block.count('name="keys"') > 1
    assert "<form" not in block  # one form around the list, not one per question


def test_several_answers_are_recorded_in_one_post(world, as_alice):
    response = as_alice.post(reverse("rights:answer", args=[world.family.pk]), {
        "keys": ["receives_leefloon", "yearly_income", "in_debt_mediation"],
        "receives_leefloon-value": "nee", "yearly_income-value": "18.500",
        "in_debt_mediation-value": ""})
    assert response.status_code == 302
    facts = {f.key: f.value for f in FamilyFact.objects.filter(family=world.family)}
    assert facts == {"receives_leefloon": False, "yearly_income": 18500}
    assert AuditEvent.objects.filter(family_id=world.family.pk, category="rights",
                                     action="change").count() == 2


def test_a_wrong_answer_keeps_its_question_and_the_others_are_kept(world, as_alice):
    response = as_alice.post(reverse("rights:answer", args=[world.family.pk]), {
        "keys": ["receives_leefloon", "yearly_income"],
        "receives_leefloon-value": "", "yearly_income-value": "veel"},
        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Geef een getal" in html
    field = re.search(r'<label for="q\d_[^"]*">([^<]*)</label> <input[^>]*value="veel"', html)
    assert field and "inkomen" in field.group(1).lower(), html
    assert "Antwoord:" not in html
    assert LEEFLOON in html
    assert not FamilyFact.objects.exists()


def test_a_single_wrong_answer_keeps_its_question_text(world, as_alice):
    response = as_alice.post(reverse("rights:answer", args=[world.family.pk]),
                             {"key": "yearly_income", "value": "veel"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Geef een getal" in html
    assert "Antwoord:" not in html
    assert 'value="veel"' in html
