"""The roles a worker can have: vocabulary of the access policy (`access.policy`), so it lives
in core; `network.models.Worker` stores them (`core.multivalue`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPPORTER = "supporter", _("gezinsondersteuner")
    EXPERIENCE_EXPERT = "experience_expert", _("ervaringsdeskundige")
    VOLUNTEER = "volunteer", _("vrijwilliger")
    PARTNER = "partner", _("partnerwerker")
    COORDINATOR = "coordinator", _("netwerkcoördinator")
    ADMINISTRATOR = "administrator", _("beheerder")
