"""Information categories: the unit in which a family gives consent to share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue


class Category(models.TextChoices):
    IDENTITY = "identity", _("identiteit")
    CONTACT = "contact", _("contactgegevens")
    HOUSEHOLD = "household", _("gezinssituatie")
    DOMAIN_NOTES = "domain_notes", _("notities per levensdomein")
    PLAN = "plan", _("plan")
    RIGHTS = "rights", _("rechten")
    # Not shareable: the mandate, the consents and the audit trail stay with the family's
    # own organisation, which answers to the family for them.
    CONSENT = "consent", _("toestemmingen en logboek")
    # Not shareable either: a concern about a child's safety (brug.concerns) stays with the
    # family's own organisation and the network's coordinators, whatever the consent. Its
    # audit events carry this category, so the family's log can leave them out while a
    # decision not to tell the family stands (docs/perinatal-and-concerns.md).
    CONCERN = "concern", _("zorgen over de veiligheid van een kind")


# Categories a family can never share with another organisation in a consent.
NOT_SHAREABLE = frozenset({Category.CONSENT, Category.CONCERN})
SHAREABLE_CATEGORIES = [c for c in Category if c not in NOT_SHAREABLE]

# The noun phrase used in plain-Dutch audit sentences ("... bekeek de gezinssituatie").
CATEGORY_PHRASE = {
    Category.IDENTITY: _("de identiteitsgegevens"),
    Category.CONTACT: _("de contactgegevens"),
    Category.HOUSEHOLD: _("de gezinssituatie"),
    Category.DOMAIN_NOTES: _("de notities per levensdomein"),
    Category.PLAN: _("het plan"),
    Category.RIGHTS: _("de rechten"),
    Category.CONSENT: _("de toestemmingen"),
    Category.CONCERN: _("een zorg over de veiligheid van een kind"),
}


def parse_categories(raw: str) -> list[str]:
    """Categories are stored in the encoding of `core.multivalue`."""
    return multivalue.split(raw)


def join_categories(values) -> str:
    return multivalue.join(values, Category)


# Which category each field shown about a family belongs to: the one map every page, list,
# search and export asks (through `access.policy`) before it shows or matches a field.
# Keys are "<model>.<field>" of the family app's models; notes carry their category in a column.
FIELD_CATEGORY: dict[str, str] = {
    "family.display_name": Category.IDENTITY,
    "family.street_address": Category.CONTACT,
    "family.postcode": Category.CONTACT,
    "family.municipality": Category.CONTACT,
    "family.neighbourhood": Category.CONTACT,
    "family.phone": Category.CONTACT,
    "family.email": Category.CONTACT,
    "family.preferred_channel": Category.CONTACT,
    "family.home_languages": Category.HOUSEHOLD,
    "member.first_name": Category.HOUSEHOLD,
    "member.last_name": Category.HOUSEHOLD,
    "member.role": Category.HOUSEHOLD,
    "member.birth_date": Category.HOUSEHOLD,
    "member.due_date": Category.HOUSEHOLD,
    "member.languages": Category.HOUSEHOLD,
    "mandate.scope": Category.CONSENT,
    "consent.purpose": Category.CONSENT,
    # brug.concerns: every field of a concern.
    "concern.seen": Category.CONCERN,
    "concern.consulted": Category.CONCERN,
    "concern.decision": Category.CONCERN,
    "concern.decision_reason": Category.CONCERN,
    "concern.withheld_reason": Category.CONCERN,
}
