"""The nine life domains of the goal plan (VONK's doelenplan), shared by every app.

The service directory uses a longer list (the levensweb) that starts with these nine.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    WORK = "werk", _("werk")
    INCOME = "inkomen", _("inkomen")
    HOUSING = "huisvesting", _("huisvesting")
    HEALTH = "gezondheid", _("gezondheid")
    WELLBEING = "welbevinden", _("welbevinden")
    EDUCATION = "onderwijs", _("onderwijs")
    CHILDCARE = "kinderopvang", _("kinderopvang")
    PARENTING = "opvoeding", _("opvoeding")
    LEISURE = "vrije_tijd", _("vrije tijd")
