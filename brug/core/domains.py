"""The life domains, shared by every app (the list itself: `brug.core.domain_names`).

- `LifeDomain`: the nine domains of the goal plan (VONK's doelenplan), used by goals and
  family notes; the rights catalogue uses the same nine.
- `LevenswebDomain`: the levensweb of the sociale kaart and the signals, the nine and three
  more (mobility, legal help, food).
"""

from django.db import models
from django.utils.translation import gettext_lazy

from brug.core.domain_names import GOAL_PLAN, LEVENSWEB


def _choices(name: str, rows) -> type[models.TextChoices]:
    return models.TextChoices(name, [(member, (code, gettext_lazy(label)))
                                     for member, code, label in rows])


LifeDomain = _choices("LifeDomain", GOAL_PLAN)
LevenswebDomain = _choices("LevenswebDomain", LEVENSWEB)
