"""Derived facts: ages, counts and statuses computed from the household on the evaluation date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .facts import INCOME_BANDS, Household, Member, age_on
from .values import Interval
from .vocabulary import INPUT_FACTS

# Yes/no facts that can only hold when a member is old enough (receives_igo: 65 or older).
AGE_BOUND_FACTS: tuple[tuple[str, int], ...] = tuple(
    (f.key, f.min_member_age)
    for f in INPUT_FACTS
    if f.min_member_age is not None and f.type == "bool"
)


class MemberView:
    """A member as seen on the evaluation date (ages computed once)."""

    __slots__ = (
        "index",
        "role",
        "age",
        "age_prev_year_end",
        "age_prev_month_end",
        "school_level",
        "disability",
        "birth_date",
        "ten_laste",
        "member",
    )

    def __init__(
        self,
        index: int,
        member: Member,
        on: dt.date,
        prev_end: dt.date | None = None,
        month_end: dt.date | None = None,
    ):
        self.index = index
        self.member = member
        self.role = member.role
        birth = self.birth_date = member.birth_date
        self.school_level = member.school_level
        self.disability = member.disability
        if birth is not None:
            age = self.age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
            # Born this year: counts as 0 years old on the previous 31 December (the birthday
            # is never after 31 December: the age on it is a difference of years).
            self.age_prev_year_end = on.year - 1 - birth.year if birth.year < on.year else 0
            # Rights that run "until the end of the month" of a birthday: the new age counts
            # from the first day of the next month (age on the last day of last month).
            month_end = month_end or on.replace(day=1) - dt.timedelta(days=1)
            self.age_prev_month_end = age_on(birth, month_end) if birth <= month_end else 0
            # A child under 2 does not go to school yet; older children need the recorded level.
            if self.school_level is None and self.role == "child" and age < 2:
                self.school_level = "none"
        else:
            self.age = None
            self.age_prev_year_end = None
            self.age_prev_month_end = None
        self.ten_laste = self._ten_laste()

    def _ten_laste(self) -> bool | None:
        # A child counts as "ten laste" until the end of the month in which it turns 18, and
        # until the end of the month in which it turns 25 while in education.
        age = self.age_prev_month_end
        if self.role != "child" or age is None:
            return False
        if age < 18:
            return True
        if age >= 25:
            return False
        if self.school_level is None:
            return None
        return self.school_level != "none"


FLEMISH_POSTCODES = ((1500, 3999), (8000, 9999))


def postcode_in_flanders(postcode: str) -> bool:
    code = int(postcode)
    return any(lo <= code <= hi for lo, hi in FLEMISH_POSTCODES)


_STATIC_MISSING: dict[str, tuple[str, ...]] = {
    "lives_in_flanders": ("postcode",),
    "municipality_key": ("municipality",),
    "equivalised_monthly_income": ("monthly_disposable_income",),
}


def derive(
    household: Household, on: dt.date
) -> tuple[dict[str, Any], tuple[MemberView, ...], dict[str, tuple[str, ...]]]:
    """Return (facts with derived ones, member views, missing sources of uncertain facts)."""
    facts: dict[str, Any] = dict(household.facts)
    prev_end = dt.date(on.year - 1, 12, 31)
    month_end = on.replace(day=1) - dt.timedelta(days=1)
    views = tuple(
        MemberView(i, m, on, prev_end, month_end) for i, m in enumerate(household.members)
    )
    missing = _STATIC_MISSING
    n_born = n_adults = n_parents = n_others = n_children = 0
    tl_lo = tl_hi = under3 = under4 = under12 = older = disabled = 0
    tl_missing: list[str] = []
    oldest: int | None = -1  # None as soon as a born member's age is unknown
    for v in views:
        role = v.role
        if role == "expected_child":
            continue
        n_born += 1
        age = v.age
        if age is None:
            oldest = None
        elif oldest is not None and age > oldest:
            oldest = age
        if age is None or age >= 14:
            older += 1  # adults without a birth date count as 14+
        if v.disability:
            disabled += 1
        if role == "child":
            n_children += 1
            tl = v.ten_laste
            if tl is True:
                tl_lo += 1
                tl_hi += 1
            elif tl is None:
                tl_hi += 1
                tl_missing.append(f"member:{v.index}:school_level")
            if age is not None:
                under3 += age < 3
                under4 += age < 4
                under12 += age < 12
        else:
            n_adults += 1
            if role == "parent":
                n_parents += 1
            else:
                n_others += 1

    pc = facts.get("postcode")
    facts["lives_in_flanders"] = postcode_in_flanders(pc) if pc is not None else None
    mun = facts.get("municipality")
    facts["municipality_key"] = mun.casefold() if mun else None
    facts["household_size"] = n_born
    facts["n_extra_household_members"] = max(n_born - 1, 0)
    facts["n_adults"] = n_adults
    facts["n_parents"] = n_parents
    # Adults besides the parent(s) (or besides the first adult when no parent is registered).
    facts["n_other_adults"] = max(n_adults - max(n_parents, 1), 0)
    facts["n_children"] = n_children
    facts["n_expected_children"] = len(views) - n_born
    facts["n_children_under_3"] = under3
    facts["n_children_under_4"] = under4
    facts["n_children_under_12"] = under12
    # Modified OECD scale: 1 for the first person aged 14+, 0.5 for others aged 14+, 0.3 under 14.
    younger = n_born - older
    facts["oecd_scale"] = (
        round((1.0 + 0.5 * (older - 1) if older else 0.0) + 0.3 * younger, 2) if n_born else None
    )
    # The EU poverty line is defined on disposable income divided by the household's scale.
    mdi = facts.get("monthly_disposable_income")
    scale = facts["oecd_scale"]
    facts["equivalised_monthly_income"] = mdi / scale if mdi is not None and scale else None
    # Schooltoeslag points (approximation): 1 start point + 1 per dependant
    # + 1 per person with a handicap.
    if tl_lo == tl_hi:
        facts["n_children_ten_laste"] = tl_lo
        facts["schooltoeslag_points"] = 1 + tl_lo + disabled
    else:
        facts["n_children_ten_laste"] = Interval(tl_lo, tl_hi)
        facts["schooltoeslag_points"] = Interval(1 + tl_lo + disabled, 1 + tl_hi + disabled)
        missing = dict(_STATIC_MISSING)
        missing["n_children_ten_laste"] = missing["schooltoeslag_points"] = tuple(tl_missing)

    if n_born and oldest is not None:
        # Every age is known: nobody younger than the minimum age can have such a status.
        for key, min_age in AGE_BOUND_FACTS:
            if key not in facts and oldest < min_age:
                facts[key] = False
    if "yearly_income" not in facts and "income_band" in facts:
        lo, hi, _ = INCOME_BANDS[facts["income_band"]]
        facts["yearly_income"] = Interval(lo, hi)
    if "single_parent" not in facts and n_born:
        # Derivable when the household list is complete: one parent, no other adult, children.
        if n_parents == 1 and not n_others and n_children:
            facts["single_parent"] = True
        elif n_parents >= 2:
            facts["single_parent"] = False
    if "childcare_kind" not in facts and facts.get("uses_childcare") is False:
        facts["childcare_kind"] = "none"
    if "on_social_housing_waiting_list" not in facts:
        housing = facts.get("housing")
        if housing == "waiting_list_social_housing":
            facts["on_social_housing_waiting_list"] = True
        elif housing == "social_rent":
            facts["on_social_housing_waiting_list"] = False
    return facts, views, missing
