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
    role_set = born_from = born_before = age_from = age_under = level_set = None
    disability = ten_laste = None
    roles = arg.get("role")
    if roles is not None:
        roles = [roles] if isinstance(roles, str) else roles
        if not isinstance(roles, list) or any(r not in ROLES for r in roles):
            raise compiler.error(arg, f"onbekende rol in {roles!r}", "role", line)
        role_set = frozenset(roles)
    for key in ("born_from", "born_before"):
        if key in arg:
            d = arg[key]
            if not isinstance(d, dt.date):
                raise compiler.error(arg, f"'{key}' moet een datum zijn", key, line)
            if key == "born_from":
                born_from = d
            else:
                born_before = d
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
                age_from = n
            else:
                age_under = n
    if "school_level" in arg:
        levels = arg["school_level"]
        levels = [levels] if isinstance(levels, str) else levels
        if not isinstance(levels, list) or any(lv not in SCHOOL_LEVELS for lv in levels):
            raise compiler.error(
                arg, f"onbekend onderwijsniveau in {levels!r}", "school_level", line
            )
        level_set = frozenset(levels)
        refs.member_fields.add("school_level")
    if "disability" in arg:
        disability = arg["disability"]
        if not isinstance(disability, bool):
            raise compiler.error(arg, "'disability' is true of false", "disability", line)
    if "ten_laste" in arg:
        ten_laste = arg["ten_laste"]
        if not isinstance(ten_laste, bool):
            raise compiler.error(arg, "'ten_laste' is true of false", "ten_laste", line)
        refs.member_fields.add("school_level")
    has_age = age_from is not None or age_under is not None

    def pred(m: Any) -> Any:
        # Kleene "and" over the filters, in this order: False wins, then unknown (the name of
        # the first missing field), then True. One closure: no call per filter and member.
        unknown = None
        if role_set is not None and m.role not in role_set:
            return False
        if born_from is not None or born_before is not None:
            bd = m.birth_date
            if bd is None:
                unknown = "birth_date"
            elif (born_from is not None and bd < born_from) or (
                born_before is not None and bd >= born_before
            ):
                return False
        if has_age:
            age = getattr(m, attr)
            if age is None:
                # An expected child has no age yet: it matches no age filter.
                if age_known or m.role == "expected_child":
                    return False
                unknown = unknown or "birth_date"
            elif (age_from is not None and age < age_from) or (
                age_under is not None and age >= age_under
            ):
                return False
        if level_set is not None:
            level = m.school_level
            if level is None:
                unknown = unknown or "school_level"
            elif level not in level_set:
                return False
        if disability is not None and m.disability is not disability:
            return False
        if ten_laste is not None:
            tl = m.ten_laste
            if tl is None:
                unknown = unknown or "school_level"
            elif tl is not ten_laste:
                return False
        return unknown or True

    return pred
