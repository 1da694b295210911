"""Filters on household members (role, age, school level, ...) for ``count_members``/``any_member``.

A compiled filter returns ``True``/``False`` per member, or the name of the member field whose
absence leaves it undecided (``"school_level"``, ``"birth_date"``): three-valued, per member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .facts import ROLES, SCHOOL_LEVELS

MEMBER_FILTERS = {
    "role",
    "age_from",
    "age_under",
    "age_on",
    "school_level",
    "disability",
    "ten_laste",
    "born_from",
    "born_before",
    "age_known",
}


def compile_member_filter(
    compiler: Any, arg: Any, refs: Any, node: Any, line: int | None
) -> Callable[[Any], Any]:
    if arg is None:
        arg = {}
    if not isinstance(arg, dict):
        raise compiler.error(node, "een filter op gezinsleden is een mapping", default=line)
    for key in arg:
        if key not in MEMBER_FILTERS:
            raise compiler.error(
                arg,
                f"onbekende filter '{key}' (toegelaten: {', '.join(sorted(MEMBER_FILTERS))})",
                key,
                line,
            )
    checks: list[Callable[[Any], Any]] = []
    roles = arg.get("role")
    if roles is not None:
        roles = [roles] if isinstance(roles, str) else roles
        if not isinstance(roles, list) or any(r not in ROLES for r in roles):
            raise compiler.error(arg, f"onbekende rol in {roles!r}", "role", line)
        role_set = frozenset(roles)
        checks.append(lambda m: m.role in role_set)
    for key in ("born_from", "born_before"):
        if key in arg:
            d = arg[key]
            if not isinstance(d, dt.date):
                raise compiler.error(arg, f"'{key}' moet een datum zijn", key, line)
            if key == "born_from":
                checks.append(
                    lambda m, d=d: "birth_date" if m.birth_date is None else m.birth_date >= d
                )
            else:
                checks.append(
                    lambda m, d=d: "birth_date" if m.birth_date is None else m.birth_date < d
                )
    age_on = arg.get("age_on", "evaluation_date")
    attrs = {
        "evaluation_date": "age",
        "previous_year_end": "age_prev_year_end",
        # "until the end of the month of the birthday": the new age counts from the next month
        "previous_month_end": "age_prev_month_end",
    }
    if age_on not in attrs:
        raise compiler.error(
            arg,
            "'age_on' is evaluation_date, previous_year_end of previous_month_end",
            "age_on",
            line,
        )
    attr = attrs[age_on]
    # age_known: true -> a member without a birth date does not match an age filter (instead of
    # leaving it undecided): for gates such as "an older member lives here", where asking every
    # adult's birth date would put questions on elderly care to a young family.
    age_known = arg.get("age_known", False)
    if not isinstance(age_known, bool):
        raise compiler.error(arg, "'age_known' is true of false", "age_known", line)
    for key in ("age_from", "age_under"):
        if key in arg:
            n = arg[key]
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise compiler.error(arg, f"'{key}' moet een geheel getal zijn", key, line)
            if key == "age_from":
                checks.append(
                    lambda m, n=n: _age_check(getattr(m, attr), m, lambda a: a >= n, age_known)
                )
            else:
                checks.append(
                    lambda m, n=n: _age_check(getattr(m, attr), m, lambda a: a < n, age_known)
                )
    if "school_level" in arg:
        levels = arg["school_level"]
        levels = [levels] if isinstance(levels, str) else levels
        if not isinstance(levels, list) or any(lv not in SCHOOL_LEVELS for lv in levels):
            raise compiler.error(
                arg, f"onbekend onderwijsniveau in {levels!r}", "school_level", line
            )
        level_set = frozenset(levels)
        refs.member_fields.add("school_level")
        checks.append(
            lambda m: "school_level" if m.school_level is None else m.school_level in level_set
        )
    if "disability" in arg:
        want = arg["disability"]
        if not isinstance(want, bool):
            raise compiler.error(arg, "'disability' is true of false", "disability", line)
        checks.append(lambda m: m.disability is want)
    if "ten_laste" in arg:
        want = arg["ten_laste"]
        if not isinstance(want, bool):
            raise compiler.error(arg, "'ten_laste' is true of false", "ten_laste", line)
        refs.member_fields.add("school_level")
        checks.append(lambda m: "school_level" if m.ten_laste is None else m.ten_laste is want)
    checks_t = tuple(checks)
    if not checks_t:
        return lambda m: True
    if len(checks_t) == 1:
        return checks_t[0]
    first, rest = checks_t[0], checks_t[1:]

    def pred(m: Any) -> Any:
        # Kleene "and" over the filters: False wins, then unknown (the missing field), then True.
        # The first check is the role: most members fail there.
        r = first(m)
        if r is False:
            return False
        unknown = None if r is True else r
        for c in rest:
            r = c(m)
            if r is False:
                return False
            if r is not True:
                unknown = unknown or r
        return unknown or True

    return pred


def _age_check(
    age: int | None, m: Any, test: Callable[[int], bool], age_known: bool = False
) -> Any:
    if age is None:
        # An expected child has no age yet: it matches no age filter.
        return False if (age_known or m.role == "expected_child") else "birth_date"
    return test(age)
