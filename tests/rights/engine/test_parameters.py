"""Dated parameters: value in force on a date, ends, and age of a figure."""

import datetime as dt
from pathlib import Path

import pytest

from brug.rights.engine.parameters import is_outdated, months_between, parse_parameter_file
from brug.rights.engine.yamlload import CatalogueError, load_yaml_text

TEXT = """\
parameters:
  x.amount:
    description: Test
    unit: EUR
    values:
      - valid_from: 2024-01-01
        value: 10
        source: https://example.org/a
      - valid_from: 2024-09-01
        value: 11
        source: https://example.org/b
        unverified: true
        valid_until: 2025-08-31
"""


def _param():
    [(param, _)] = parse_parameter_file(load_yaml_text(TEXT, "p.yaml"), Path("p.yaml"))
    return param


def test_value_in_force_on_a_date():
    p = _param()
    assert p.at(dt.date(2023, 12, 31)) is None
    assert p.at(dt.date(2024, 1, 1)).value == 10
    assert p.at(dt.date(2024, 8, 31)).value == 10
    assert p.at(dt.date(2024, 9, 1)).value == 11
    assert p.at(dt.date(2024, 9, 1)).unverified is True


def test_no_value_after_valid_until():
    assert _param().at(dt.date(2025, 9, 1)) is None


def test_age_of_a_figure():
    assert months_between(dt.date(2023, 9, 1), dt.date(2025, 3, 1)) == 18
    assert months_between(dt.date(2023, 9, 2), dt.date(2025, 3, 1)) == 17
    value = _param().at(dt.date(2024, 1, 1))
    assert not is_outdated(value, dt.date(2025, 7, 31), 18)  # 18 full months: still current
    assert is_outdated(value, dt.date(2025, 8, 1), 18)
    assert is_outdated(value, dt.date(2025, 2, 2), 12)


def test_overlapping_periods_are_refused_with_line():
    text = TEXT.replace("valid_from: 2024-09-01", "valid_from: 2024-09-01").replace(
        "        value: 10\n", "        value: 10\n        valid_until: 2024-12-31\n"
    )
    with pytest.raises(CatalogueError) as err:
        parse_parameter_file(load_yaml_text(text, "p.yaml"), Path("p.yaml"))
    assert "overlappen" in err.value.message
    assert err.value.line == 10
