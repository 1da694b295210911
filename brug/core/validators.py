import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


def validate_postcode(value: str) -> None:
    if value and not _POSTCODE.match(value):
        raise ValidationError(
            _("Onbekende postcode. Een Belgische postcode heeft 4 cijfers, bijvoorbeeld 9000."),
            code="postcode",
        )
