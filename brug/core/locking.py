"""Optimistic locking for VersionedModel rows."""

from __future__ import annotations

from django.db import router
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened."""

    message = _(
        "Iemand anders heeft deze gegevens intussen gewijzigd. Je wijzigingen zijn niet "
        "opgeslagen maar staan nog in het formulier. Kijk de nieuwe gegevens na en bewaar opnieuw."
    )


def save_versioned(obj, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `obj` only if the row still has `expected_version`; bump it.

    Like `Model.save(update_fields=...)` it sends `pre_save` and `post_save`, so what follows
    a model's saves (kept totals, caches) follows these writes too.
    """
    model = type(obj)
    using = router.db_for_write(model, instance=obj)
    update_fields = frozenset([*fields, "version"])
    pre_save.send(sender=model, instance=obj, raw=False, using=using,
                  update_fields=update_fields)
    values = {name: getattr(obj, name) for name in fields}
    if "updated_at" in {f.name for f in model._meta.concrete_fields}:
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise StaleEdit()
    obj.version = expected_version + 1
    post_save.send(sender=model, instance=obj, created=False, raw=False, using=using,
                   update_fields=update_fields)
