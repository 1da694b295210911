"""Reads of screenings and rights assessments (the caller has checked access to the family)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from brug.screening.models import (
    DeprivationScreening,
    FundamentalRight,
    RightAnchor,
    RightsAssessment,
    RightScore,
)

CHART_W, CHART_H, PAD = 280, 90, 12


def screenings_of(family, *, limit: int = 20) -> list[DeprivationScreening]:
    return list(DeprivationScreening.objects.filter(family_id=family.pk)
                .select_related("recorded_by")[:limit])


def screening_get(family, screening_id: int) -> DeprivationScreening:
    screening = DeprivationScreening.objects.filter(family_id=family.pk, pk=screening_id) \
        .select_related("family").first()
    if screening is None:
        raise Http404
    return screening


def latest_screening(family) -> DeprivationScreening | None:
    return DeprivationScreening.objects.filter(family_id=family.pk).first()


def rights_of_network(network_id: int) -> list[FundamentalRight]:
    return list(FundamentalRight.objects.filter(network_id=network_id, active=True)
                .prefetch_related(Prefetch("anchors",
                                           queryset=RightAnchor.objects.order_by("score"))))


def assessments_of(family, *, limit: int = 24) -> list[RightsAssessment]:
    """Oldest first, so charts read left to right."""
    recent = list(
        RightsAssessment.objects.filter(family_id=family.pk)
        .select_related("chosen_right", "recorded_by")
        .prefetch_related(Prefetch("scores", queryset=RightScore.objects.select_related("right")))
        .order_by("-assessed_on", "-id")[:limit]
    )
    return list(reversed(recent))


def assessment_get(family, assessment_id: int) -> RightsAssessment | None:
    return (RightsAssessment.objects.filter(family_id=family.pk, pk=assessment_id)
            .select_related("chosen_right", "recorded_by")
            .prefetch_related(Prefetch("scores",
                                       queryset=RightScore.objects.select_related("right")))
            .first())


def progress_charts(assessments: list[RightsAssessment]) -> list[dict]:
    """One small SVG line chart per right over the assessments (joint score, else family's).

    Plain numbers for an inline <svg>: no JavaScript, readable when printed.
    """
    by_right: dict[int, dict] = {}
    n = len(assessments)
    step = (CHART_W - 2 * PAD) / max(n - 1, 1)
    for i, assessment in enumerate(assessments):
        for score in assessment.scores.all():
            value = score.joint_score if score.joint_score is not None else score.family_score
            if value is None:
                continue
            entry = by_right.setdefault(score.right_id, {
                "right": score.right, "dots": [], "order": (score.right.order, score.right_id)})
            x = PAD + i * step if n > 1 else CHART_W / 2
            y = CHART_H - PAD - value * (CHART_H - 2 * PAD) / 10
            # Coordinates as text with a decimal point: a localised float would be written
            # "140,0" in Dutch or French, which SVG cannot read (no dot drawn).
            entry["dots"].append({"x": f"{x:.1f}", "y": f"{y:.1f}", "score": value,
                                  "date": assessment.assessed_on})
    charts = []
    for entry in sorted(by_right.values(), key=lambda e: e["order"]):
        dots = entry["dots"]
        entry["points"] = " ".join(f"{d['x']},{d['y']}" for d in dots)
        entry["first"], entry["last"] = dots[0]["score"], dots[-1]["score"]
        entry["width"], entry["height"] = CHART_W, CHART_H
        entry["baseline"] = CHART_H - PAD
        entry["top"] = PAD
        charts.append(entry)
    return charts
