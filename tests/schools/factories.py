"""School-work objects of world.home for the tests and the URL access enumeration."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from brug.schools import services
from brug.schools.models import School


def build_schools(w):
    """Two schools whose school work world.home does, a computed allocation, and a coordinator
    (world.cora) who made it."""
    ns = SimpleNamespace()
    ns.school = services.school_save(actor=w.cora, school=School(
        name="Basisschool De Linde", organisation=w.home, pupils=240,
        ses_pct=Decimal("62"), figures_period=services.current_period(), wish_form="zitdag",
        wish_hours=Decimal(4)))
    ns.other = services.school_save(actor=w.cora, school=School(
        name="Atheneum Noord", organisation=w.home, pupils=600, ses_pct=Decimal("18"),
        figures_period=services.current_period(), wish_form="consult"))
    presences = services.allocation_compute(actor=w.cora, period=services.current_period())
    ns.presence = next(p for p in presences if p.school_id == ns.school.pk)
    return ns
