from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class ReadOnlyDossier(PermissionDenied):
    """The family ended its mandate: the dossier can be read but no longer changed."""

    message = _(
        "Het gezin heeft de begeleiding stopgezet. Het dossier kan niet meer gewijzigd worden."
    )


def require(condition: bool, message=None) -> None:
    """Refuse a write the policy does not allow."""
    if not condition:
        raise PermissionDenied(message or _("Je mag dit niet wijzigen."))
