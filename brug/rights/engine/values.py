"""Three-valued truth and interval numbers.

Truth values are Python ``True``, ``False`` and ``None`` (= unknown).

Numbers are ``int``/``float`` when known exactly, an :class:`Interval` when only a range is
known (an income band, or a count of members where some members are ambiguous), and ``None``
when nothing is known. Arithmetic and comparisons propagate this: a comparison is only
decided when it holds (or fails) for every value in the ranges.
"""

from __future__ import annotations

from collections.abc import Callable

Tri = bool | None


class Interval(tuple):
    """A closed range ``[lo, hi]`` of possible values (``lo <= hi``)."""

    __slots__ = ()

    def __new__(cls, lo: float, hi: float) -> Interval | float:  # type: ignore[misc]
        if lo == hi:
            return lo  # collapse: an exact value is a plain number
        if lo > hi:
            lo, hi = hi, lo
        return tuple.__new__(cls, (lo, hi))

    @property
    def lo(self) -> float:
        return self[0]

    @property
    def hi(self) -> float:
        return self[1]

    def __repr__(self) -> str:
        return f"Interval({self[0]!r}, {self[1]!r})"


Num = int | float | Interval | None
EPS = 1e-6


def bounds(x: Num) -> tuple[float, float]:
    if type(x) is Interval:
        return x[0], x[1]
    return x, x  # type: ignore[return-value]


def _lift2(op: Callable[[float, float], float]) -> Callable[[Num, Num], Num]:
    def f(a: Num, b: Num) -> Num:
        if a is None or b is None:
            return None
        if type(a) is not Interval and type(b) is not Interval:
            return op(a, b)  # type: ignore[arg-type]
        alo, ahi = bounds(a)
        blo, bhi = bounds(b)
        corners = (op(alo, blo), op(alo, bhi), op(ahi, blo), op(ahi, bhi))
        return Interval(min(corners), max(corners))

    return f


add = _lift2(lambda x, y: x + y)
sub = _lift2(lambda x, y: x - y)
mul = _lift2(lambda x, y: x * y)
minimum = _lift2(min)
maximum = _lift2(max)
_true_div = _lift2(lambda x, y: x / y)


def div(a: Num, b: Num) -> Num:
    if a is None or b is None:
        return None
    blo, bhi = bounds(b)
    if blo <= 0 <= bhi:
        return None  # division by (possibly) zero has no meaningful value
    return _true_div(a, b)


def compare(op: str, a: object, b: object) -> Tri:
    """Compare two values; ``None`` when either side is unknown or the ranges overlap."""
    if a is None or b is None:
        return None
    ta, tb = type(a) is Interval, type(b) is Interval
    if not ta and not tb:
        if type(a) is float or type(b) is float:
            # Amounts are in cents: differences below EPS are rounding noise (12 x 1314.20).
            d = a - b  # type: ignore[operator]
            if -EPS < d < EPS:
                a = b
        if op == "eq":
            return a == b
        if op == "ne":
            return a != b
        if op == "lt":
            return a < b  # type: ignore[operator]
        if op == "lte":
            return a <= b  # type: ignore[operator]
        if op == "gt":
            return a > b  # type: ignore[operator]
        return a >= b  # type: ignore[operator]
    alo, ahi = bounds(a)  # type: ignore[arg-type]
    blo, bhi = bounds(b)  # type: ignore[arg-type]
    if abs(ahi - blo) < EPS:
        ahi = blo
    if abs(alo - bhi) < EPS:
        alo = bhi
    if op == "lt":
        return True if ahi < blo else False if alo >= bhi else None
    if op == "lte":
        return True if ahi <= blo else False if alo > bhi else None
    if op == "gt":
        return True if alo > bhi else False if ahi <= blo else None
    if op == "gte":
        return True if alo >= bhi else False if ahi < blo else None
    disjoint = ahi < blo or bhi < alo
    if op == "eq":
        return False if disjoint else None
    return True if disjoint else None  # ne


def kleene_all(values: list[Tri]) -> Tri:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def kleene_any(values: list[Tri]) -> Tri:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def kleene_not(v: Tri) -> Tri:
    return None if v is None else not v


def hull2(a: Num, b: Num) -> Num:
    """The range spanning two values (``{range: [low, high]}``)."""
    return hull([a, b])


def hull(values: list[Num]) -> Num:
    """Smallest interval containing all values (``None`` if any is unknown)."""
    if not values or any(v is None for v in values):
        return None
    lo = min(bounds(v)[0] for v in values)
    hi = max(bounds(v)[1] for v in values)
    return Interval(lo, hi)
