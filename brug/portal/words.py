"""Plain words for what a family reads: the information categories as a parent would say
them (the worker's labels, "identiteit" or "notities per levensdomein", mean little to a
family). Family-facing pages of every app use these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from brug.core.categories import Category, parse_categories

CATEGORY_WORDS = {
    Category.IDENTITY: _("wie jullie zijn (namen)"),
    Category.CONTACT: _("hoe ze jullie bereiken (adres, telefoon, e-mail)"),
    Category.HOUSEHOLD: _("wie er in het gezin woont (leeftijden, talen)"),
    Category.DOMAIN_NOTES: _("wat de begeleider noteerde over jullie situatie"),
    Category.PLAN: _("jullie plan en doelen"),
    Category.RIGHTS: _("jullie rechten en aanvragen"),
    Category.CONSENT: _("jullie toestemmingen en wie jullie dossier bekeek"),
    Category.CONCERN: _("een zorg over de veiligheid van jullie kind"),
}


def category_words(raw: str) -> list[str]:
    """The categories of a stored consent, in plain words."""
    return [str(CATEGORY_WORDS[Category(c)]) for c in parse_categories(raw)
            if c in Category.values]
