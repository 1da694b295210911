"""Recording and ending the family's mandate and consents, each with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent.models import Mandate, SharingConsent
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.models import AuditAction


def _require_manage(actor, family) -> None:
    access = policy.access_for(actor, family)
    require(access.may_manage_consent and access.may_change)


@transaction.atomic
def mandate_record(*, actor, family, mandate: Mandate) -> Mandate:
    """A new mandate. Allowed on a read-only dossier: the family may come back."""
    require(policy.access_for(actor, family).may_manage_consent)
    if Mandate.objects.select_for_update().filter(family=family, ended_on__isnull=True).exists():
        raise ValidationError(_("Er loopt al een mandaat voor dit gezin."))
    mandate.family = family
    mandate.recorded_by = actor
    mandate.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the transaction stays usable after a refusal
            mandate.save()
    except IntegrityError:
        # Another request recorded a mandate between the check above and this insert (the
        # database keeps one running mandate per family).
        raise ValidationError(_("Er loopt al een mandaat voor dit gezin.")) from None
    audit_record(
        actor=actor,
        family_id=family.pk,
        category=Category.CONSENT,
        action=AuditAction.CREATE,
        detail=gettext_noop("mandaat"),
    )
    return mandate


@transaction.atomic
def mandate_end(*, actor, mandate: Mandate, ended_on: date, reason: str) -> Mandate:
    """The family stops the guidance. It may, at any time, without consequences."""
    _require_manage(actor, mandate.family)
    return _mandate_end(actor, mandate, ended_on, reason)


@transaction.atomic
def mandate_end_by_family(*, actor, family, ended_on: date, reason: str) -> Mandate:
    """The family itself stops the guidance (the family portal). `actor` is the family's own
    audit actor; the caller has checked that it is this family's signed-in account."""
    mandate = Mandate.objects.filter(family_id=family.pk, ended_on__isnull=True).first()
    if mandate is None:
        raise ValidationError(_("De begeleiding is al gestopt."))
    return _mandate_end(actor, mandate, ended_on, reason)


def _mandate_end(actor, mandate, ended_on, reason) -> Mandate:
    locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if locked.ended_on is not None:
        raise ValidationError(_("Dit mandaat is al beëindigd."))
    locked.ended_on = ended_on
    locked.end_reason = reason
    locked.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor,
        family_id=mandate.family_id,
        category=Category.CONSENT,
        action=AuditAction.END,
        detail=gettext_noop("mandaat"),
    )
    return locked


@transaction.atomic
def consent_give(*, actor, family, consent: SharingConsent) -> SharingConsent:
    _require_manage(actor, family)
    consent.family = family
    consent.recorded_by = actor
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        family_id=family.pk,
        category=Category.CONSENT,
        action=AuditAction.CREATE,
        detail=gettext_noop("delen met %(org)s: %(what)s")
        % {"org": consent.organisation.short_name, "what": ", ".join(consent.category_labels)},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: SharingConsent, reason: str = "") -> SharingConsent:
    """Access ends at once: the policy reads `withdrawn_on` on every request."""
    # Withdrawing stays possible on a read-only dossier: stopping sharing is always allowed,
    # by the home organisation's change roles (a partner worker there reads, no more).
    require(policy.access_for(actor, consent.family).may_manage_consent)
    return _consent_withdraw(actor, consent, reason)[0]


@transaction.atomic
def consent_withdraw_by_family(*, actor, family, consent: SharingConsent,
                               reason: str = "") -> tuple[SharingConsent, bool]:
    """The family itself withdraws (the family portal). `actor` is the family's own audit
    actor; the caller has checked that it is this family's signed-in account. Also returns
    whether this call withdrew it (False: it was withdrawn already)."""
    require(consent.family_id == family.pk)
    return _consent_withdraw(actor, consent, reason)


def _consent_withdraw(actor, consent, reason) -> tuple[SharingConsent, bool]:
    locked = SharingConsent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        return locked, False
    locked.withdrawn_on = timezone.now()
    locked.withdrawn_reason = reason
    locked.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    audit_record(
        actor=actor,
        family_id=consent.family_id,
        category=Category.CONSENT,
        action=AuditAction.WITHDRAW,
        detail=gettext_noop("delen met %(org)s") % {"org": locked.organisation.short_name},
    )
    return locked, True


def free_text_clear(family_id: int) -> None:
    """Retention: clear the words of mandates and consents; dates and categories stay."""
    Mandate.objects.filter(family_id=family_id).update(scope="", end_reason="")
    SharingConsent.objects.filter(family_id=family_id).update(purpose="", withdrawn_reason="")
