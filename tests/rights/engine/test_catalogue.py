"""Catalogue loading: the real catalogue is valid; broken files fail with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from brug.rights.engine import DOMAINS, CatalogueError, default_catalogue, load_catalogue
from brug.rights.engine.catalogue import count_sentences

PARAMS = """\
parameters:
  demo.bedrag:
    description: Een bedrag
    unit: EUR
    values:
      - valid_from: 2024-01-01
        value: 100
        source: https://example.org/bedrag
"""

RIGHT = """\
id: demo_recht
name: Demorecht
domain: inkomen
level: flemish
granting_body: Demo
description: Een korte uitleg. Nog een zin.
granting: automatic
how_to_apply: Niets doen.
legal: [Demodecreet]
sources: [https://example.org/recht]
conditions:
  - id: kind
    label: Er is een kind.
    legal: Demodecreet, artikel 1
    test: {any_member: {role: child}}
  - id: inkomen
    label: Het inkomen is laag.
    legal: Demodecreet, artikel 2
    test: {lte: [{fact: yearly_income}, {param: demo.bedrag}]}
amount:
  period: year
  cases:
    - value: {param: demo.bedrag}
      explain: "{demo.bedrag} per jaar."
"""


def _write(tmp_path: Path, right: str = RIGHT, params: str = PARAMS) -> Path:
    (tmp_path / "parameters").mkdir(exist_ok=True)
    (tmp_path / "parameters" / "demo.yaml").write_text(params, encoding="utf-8")
    (tmp_path / "demo.yaml").write_text(right, encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, right: str = RIGHT, params: str = PARAMS) -> CatalogueError:
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, right, params))
    return err.value


def test_the_repository_catalogue_is_valid_and_complete():
    cat = default_catalogue()
    ids = {r.id for r in cat.rights}
    required = {
        "groeipakket_startbedrag",
        "groeipakket_basisbedrag",
        "groeipakket_sociale_toeslag",
        "groeipakket_schooltoeslag",
        "groeipakket_kinderopvangtoeslag",
        "groeipakket_kleutertoeslag",
        "groeipakket_schoolbonus",
        "verhoogde_tegemoetkoming",
        "leefloon",
        "sociaal_tarief_energie",
        "sociaal_tarief_water",
        "stookoliefonds",
        "kinderopvang_inkomenstarief",
        "kinderopvang_individueel_verminderd_tarief",
        "demostad_uitpas_kansentarief",
        "huurpremie",
        "sociale_huur_inschrijving",
        "studietoelage",
        "maximumfactuur",
        "demostad_premie_jonge_kinderen",
        "demostad_water_energiepremie",
        "maximumfactuur_gezondheid",
        "derdebetalersregeling",
        "zorgbudget_zwaar_zorgbehoevenden",
        "zorgbudget_ouderen_zorgnood",
        "zorgbudget_handicap",
        "zorgpremie_vermindering",
        "huursubsidie",
        "sociale_lening",
        "mijn_verbouwpremie",
        "ocmw_energiefonds",
        "delijn_sociaal_abonnement",
        "nmbs_kortingkaart_vt",
    }
    assert required <= ids
    for right in cat.rights:
        assert right.domain in DOMAINS
        assert count_sentences(right.description) <= 3
        assert right.sources
        assert all(c.legal for c in right.conditions)
        if right.level == "local":
            assert right.municipality


def test_every_figure_has_a_source_url():
    for param in default_catalogue().parameters.values():
        for value in param.values:
            assert value.source.startswith("https://") or value.source.startswith("http://")


def test_a_valid_small_catalogue_loads(tmp_path):
    cat = load_catalogue(_write(tmp_path))
    assert [r.id for r in cat.rights] == ["demo_recht"]
    assert cat.right("demo_recht").params == {"demo.bedrag"}


def test_unknown_operator_names_file_and_line(tmp_path):
    err = _error(
        tmp_path, RIGHT.replace("{any_member: {role: child}}", "{some_member: {role: child}}")
    )
    assert err.path.endswith("demo.yaml") and err.line == 15
    assert "onbekende operator 'some_member'" in str(err)
    assert str(err).startswith(str(tmp_path / "demo.yaml") + ":15:")


def test_code_in_yaml_is_just_an_unknown_operator(tmp_path):
    err = _error(
        tmp_path, RIGHT.replace("{any_member: {role: child}}", "{eval: \"__import__('os')\"}")
    )
    assert "onbekende operator 'eval'" in err.message and err.line == 15


def test_unknown_fact(tmp_path):
    err = _error(tmp_path, RIGHT.replace("{fact: yearly_income}", "{fact: salary}"))
    assert "onbekend gegeven 'salary'" in err.message and err.line == 19


def test_unknown_parameter(tmp_path):
    err = _error(tmp_path, RIGHT.replace("{param: demo.bedrag}]}", "{param: demo.onbekend}]}"))
    assert "onbekende parameter 'demo.onbekend'" in err.message and err.line == 19


def test_missing_source_of_a_figure(tmp_path):
    err = _error(
        tmp_path, params=PARAMS.replace("        source: https://example.org/bedrag\n", "")
    )
    assert err.path.endswith("parameters/demo.yaml") and err.line == 6
    assert "bron (source) ontbreekt" in err.message


def test_duplicate_valid_from(tmp_path):
    params = (
        PARAMS
        + "      - valid_from: 2024-01-01\n        value: 120\n        source: https://example.org/x\n"
    )
    err = _error(tmp_path, params=params)
    assert err.line == 9 and "dubbel of niet in volgorde" in err.message


def test_missing_required_field(tmp_path):
    err = _error(tmp_path, RIGHT.replace("granting_body: Demo\n", ""))
    assert err.line == 1 and "verplicht veld 'granting_body' ontbreekt" in err.message


def test_condition_without_legal_reference(tmp_path):
    err = _error(tmp_path, RIGHT.replace("    legal: Demodecreet, artikel 1\n", ""))
    assert err.line == 12 and "'legal' ontbreekt" in err.message


def test_description_longer_than_three_sentences(tmp_path):
    err = _error(
        tmp_path, RIGHT.replace("Een korte uitleg. Nog een zin.", "Een. Twee. Drie. Vier.")
    )
    assert err.line == 6 and "meer dan 3 zinnen" in err.message


def test_unknown_domain_and_local_without_municipality(tmp_path):
    assert (
        "onbekend levensdomein"
        in _error(tmp_path, RIGHT.replace("domain: inkomen", "domain: sport")).message
    )
    err = _error(tmp_path, RIGHT.replace("level: flemish", "level: local"))
    assert err.line == 4 and "gemeente" in err.message


def test_unknown_placeholder_in_text(tmp_path):
    err = _error(tmp_path, RIGHT.replace('"{demo.bedrag} per jaar."', '"{demo.bedrg} per jaar."'))
    assert err.line == 24 and "onbekende verwijzing" in err.message


def test_yaml_syntax_error_has_line(tmp_path):
    err = _error(tmp_path, RIGHT.replace("name: Demorecht", "name: [Demorecht"))
    assert err.line is not None and "ongeldige YAML" in err.message


def test_duplicate_right_id_across_files(tmp_path):
    _write(tmp_path)
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "copy.yaml").write_text(RIGHT, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(tmp_path)
    assert err.value.path.endswith("copy.yaml") and "bestaat al" in err.value.message


def test_a_network_adds_a_local_right_without_code(tmp_path):
    local = textwrap.dedent("""\
        id: voorbeeldgem_premie
        name: Gemeentelijke premie
        domain: inkomen
        level: local
        municipality: Voorbeeldgem
        granting_body: Gemeente Voorbeeldgem
        description: Een premie van de gemeente.
        granting: on_application
        how_to_apply: Aan de balie.
        legal: [Gemeentelijk reglement]
        sources: [https://example.org/premie]
        conditions:
          - id: leefloon
            label: Iemand krijgt een leefloon.
            legal: Gemeentelijk reglement, artikel 2
            test: {is_true: receives_leefloon}
        """)
    extra = tmp_path / "netwerk"
    extra.mkdir()
    (extra / "premie.yaml").write_text(local, encoding="utf-8")
    cat = load_catalogue(_write(tmp_path), extra_dirs=(extra,))
    right = cat.right("voorbeeldgem_premie")
    assert right.conditions[0].id == "woont_in_gemeente"
    assert [r.id for r in cat.rights_for_municipality("Demostad")] == ["demo_recht"]


def test_family_texts_have_no_placeholders():
    # Name, description, how/where/when, documents and notes are shown as written (and
    # translated); only conditions, benefits and amounts are filled. A raw "{param.id}" in a
    # description made the catalogue page 388 px wide on a phone.
    for right in default_catalogue().rights:
        texts = [right.name, right.description, right.how_to_apply, right.where, right.when]
        texts.append(right.notes)
        for text in [*texts, *right.documents]:
            assert "{" not in (text or ""), (right.id, text)
