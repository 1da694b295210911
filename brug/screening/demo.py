"""Fictional screenings and grondrechtenmetingen for the demo families (deterministic)."""

from __future__ import annotations

from datetime import timedelta

from brug.screening import kansarmoede, services


def load(ctx) -> None:
    rights = services.fundamental_rights_ensure(network=ctx.network)
    rng = ctx.rng
    for i, family in enumerate(ctx.families):
        if not family.mandates.filter(ended_on__isnull=True).exists():
            continue
        actor = family.contact_worker
        if i % 2 == 0:
            answers = {c.key: rng.choice([kansarmoede.WEAK, kansarmoede.WEAK,
                                          kansarmoede.NOT_WEAK, kansarmoede.UNKNOWN])
                       for c in kansarmoede.CRITERIA}
            services.screening_record(actor=actor, family=family,
                                      screened_on=ctx.today - timedelta(days=20 + i),
                                      answers=answers)
        if i % 3 == 0:
            base = {r.pk: rng.randint(1, 6) for r in rights}
            for n, days_ago in enumerate((240, 120, 10)):
                scores = {rid: (min(10, v + n + 1), max(0, v + n - 1), min(10, v + n * 2))
                          for rid, v in base.items()}
                services.assessment_record(
                    actor=actor, family=family, assessed_on=ctx.today - timedelta(days=days_ago),
                    scores=scores, chosen_right=rights[(i + n) % len(rights)])
