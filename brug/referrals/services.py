"""Sending and answering referrals. Each write: one transaction with its audit event.

Consent: a referral shares only what the family agreed to share with the receiving
organisation. Either the family gives that consent with the referral (it is recorded as a
`SharingConsent` tied to the referral, and ended when the referral is declined, withdrawn or
closed), or consents already in force cover every shared category. Anything else is refused
with the reason. The receiving organisation's access is the policy's: the categories of the
consents in force for it — the referral itself adds nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent import services as consent_services
from brug.consent.models import SharingConsent, consents_in_force
from brug.core.audit import audit_record
from brug.core.categories import SHAREABLE_CATEGORIES, Category, join_categories, parse_categories
from brug.core.errors import require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.directory import rules
from brug.notifications import services as notifications
from brug.notifications.models import Kind
from brug.referrals.models import Outcome, Referral, ReferralStatus


class ReferralRefused(ValidationError):
    """The referral cannot be sent; the message says why, in Dutch."""


def covered_categories(family, organisation, day=None) -> set[str]:
    rows = SharingConsent.objects.filter(
        consents_in_force(day or timezone.localdate()), family_id=family.pk,
        organisation_id=organisation.pk,
    ).values_list("categories", flat=True)
    found: set[str] = set()
    for raw in rows:
        found.update(parse_categories(raw))
    return found


def _labels(codes) -> str:
    return ", ".join(str(Category(c).label) for c in codes)


def is_receiver(worker, referral) -> bool:
    return policy.answers_referrals_for(worker, referral.to_organisation_id)


def is_sender(worker, referral) -> bool:
    """A worker of the family's own organisation: reads the referral it sent."""
    return policy.access_for(worker, referral.family).home


def acts_for_sender(worker, referral) -> bool:
    """Withdraw or close a referral on the family's side: the home organisation's change roles."""
    return policy.access_for(worker, referral.family).may_manage


@transaction.atomic
def referral_send(*, actor, family, service, question: str, categories: list[str],
                  urgency: str, consent_given_by=None, member=None) -> Referral:
    access = policy.access_for(actor, family)
    require(access.home and access.may_change)
    decision = rules.may_refer(actor=actor, family=family, service=service)
    if not decision.allowed:
        raise ReferralRefused(
            decision.reason or _("Het programma laat deze doorverwijzing niet toe."))
    if service.network_id != family.organisation.network_id:
        raise ReferralRefused(_("Deze dienst hoort niet bij jullie netwerk."))
    to_org = service.provider.organisation
    if to_org is None or not to_org.active:
        raise ReferralRefused(_(
            "%(provider)s werkt niet met Brug. Verwijs door zoals de dienst het vraagt, met de "
            "toestemming van het gezin.") % {"provider": service.provider.name})
    shareable = {c.value for c in SHAREABLE_CATEGORIES}
    chosen = set(categories)
    if not chosen <= shareable:
        raise ReferralRefused(_("Deze informatie kan niet gedeeld worden."))
    if Category.IDENTITY not in chosen:
        raise ReferralRefused(_("Een doorverwijzing deelt minstens de identiteit van het gezin."))
    if not question.strip():
        raise ReferralRefused(_("Schrijf de vraag van het gezin in gewone woorden."))
    if member is not None and member.family_id != family.pk:
        raise ReferralRefused(_("Dit gezinslid hoort niet bij dit gezin."))
    consent = None
    if to_org.pk != family.organisation_id:
        if consent_given_by is not None:
            consent = consent_services.consent_give(
                actor=actor, family=family, consent=SharingConsent(
                    organisation=to_org, categories=join_categories(chosen),
                    purpose=(_("Doorverwijzing naar %(s)s") % {"s": service.name})[:300],
                    given_by=consent_given_by, valid_from=timezone.localdate()))
        else:
            missing = [c.value for c in SHAREABLE_CATEGORIES
                       if c.value in chosen and c.value not in covered_categories(family, to_org)]
            if missing:
                raise ReferralRefused(_(
                    "Het gezin gaf geen toestemming om %(what)s te delen met %(org)s. Vraag het "
                    "gezin om toestemming en duid die aan, of deel minder.") % {
                        "what": _labels(missing), "org": to_org.short_name})
    referral = Referral(
        family=family, from_worker=actor, from_organisation=actor.organisation, service=service,
        to_organisation=to_org, question=question.strip(), categories=join_categories(chosen),
        urgency=urgency, consent=consent, sent_at=timezone.now(), member=member,
    )
    referral.full_clean()
    referral.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.IDENTITY,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("doorverwijzing naar %(s)s (%(o)s): %(what)s") % {
                     "s": service.name, "o": to_org.short_name, "what": _labels(chosen)})
    notifications.notify(recipients=notifications.referral_answerers(to_org.pk),
                         kind=Kind.REFERRAL_RECEIVED, family_id=family.pk,
                         object_id=referral.pk, actor=actor)
    return referral


def _senders(referral: Referral) -> list:
    """The family's side of a referral: who sent it and the family's contact person."""
    return [referral.from_worker, referral.family.contact_worker]


def _locked(referral: Referral, expected_version: int | None) -> Referral:
    locked = Referral.objects.select_for_update().select_related(
        "family", "to_organisation", "service").get(pk=referral.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit()
    return locked


def _end_referral_consent(*, actor, referral: Referral, why: str) -> None:
    """Access that came with the referral ends with it, at once."""
    if referral.consent_id is None:
        return
    updated = SharingConsent.objects.filter(pk=referral.consent_id, withdrawn_on__isnull=True) \
        .update(withdrawn_on=timezone.now(), withdrawn_reason=why[:300])
    if updated:
        audit_record(actor=actor, family_id=referral.family_id, category=Category.CONSENT,
                     action=AuditAction.END,
                     detail=gettext_noop("delen met %(org)s: %(why)s") % {
                         "org": referral.to_organisation.short_name, "why": why})


def _transition(referral: Referral, *, allowed_from, expected_version) -> Referral:
    locked = _locked(referral, expected_version)
    if locked.status not in allowed_from:
        raise ValidationError(_("Deze doorverwijzing is intussen %(s)s. Herlaad de pagina.") % {
            "s": locked.get_status_display()})
    return locked


def _save(referral: Referral, fields: list[str]) -> None:
    referral.full_clean()
    save_versioned(referral, expected_version=referral.version, fields=fields)


@transaction.atomic
def referral_accept(*, actor, referral: Referral, expected_version: int | None = None) -> Referral:
    require(is_receiver(actor, referral))
    r = _transition(referral, allowed_from=(ReferralStatus.SENT,),
                    expected_version=expected_version)
    r.status, r.answered_at, r.answered_by = ReferralStatus.ACCEPTED, timezone.now(), actor
    _save(r, ["status", "answered_at", "answered_by"])
    audit_record(actor=actor, family_id=r.family_id, category=Category.IDENTITY,
                 action=AuditAction.CHANGE, detail=gettext_noop("doorverwijzing aanvaard"))
    notifications.notify(recipients=_senders(r), kind=Kind.REFERRAL_ACCEPTED,
                         family_id=r.family_id, object_id=r.pk, actor=actor)
    return r


@transaction.atomic
def referral_decline(*, actor, referral: Referral, reason: str,
                     expected_version: int | None = None) -> Referral:
    require(is_receiver(actor, referral))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden waarom je de doorverwijzing weigert.")})
    r = _transition(referral, allowed_from=(ReferralStatus.SENT,),
                    expected_version=expected_version)
    r.status, r.answered_at, r.answered_by = ReferralStatus.DECLINED, timezone.now(), actor
    r.decline_reason = reason.strip()
    _save(r, ["status", "answered_at", "answered_by", "decline_reason"])
    audit_record(actor=actor, family_id=r.family_id, category=Category.IDENTITY,
                 action=AuditAction.CHANGE, detail=gettext_noop("doorverwijzing geweigerd"))
    _end_referral_consent(actor=actor, referral=r, why=_("doorverwijzing geweigerd"))
    notifications.notify(recipients=_senders(r), kind=Kind.REFERRAL_DECLINED,
                         family_id=r.family_id, object_id=r.pk, actor=actor)
    return r


@transaction.atomic
def referral_withdraw(*, actor, referral: Referral, reason: str = "",
                      expected_version: int | None = None) -> Referral:
    require(acts_for_sender(actor, referral))
    r = _transition(referral, allowed_from=(ReferralStatus.SENT,),
                    expected_version=expected_version)
    r.status, r.withdraw_reason = ReferralStatus.WITHDRAWN, reason.strip()
    r.closed_at, r.closed_by = timezone.now(), actor
    _save(r, ["status", "withdraw_reason", "closed_at", "closed_by"])
    audit_record(actor=actor, family_id=r.family_id, category=Category.IDENTITY,
                 action=AuditAction.WITHDRAW, detail=gettext_noop("doorverwijzing"))
    _end_referral_consent(actor=actor, referral=r, why=_("doorverwijzing ingetrokken"))
    return r


@transaction.atomic
def referral_close(*, actor, referral: Referral, outcome: str, note: str = "",
                   expected_version: int | None = None) -> Referral:
    """Either side closes an accepted referral with its outcome."""
    require(is_receiver(actor, referral) or acts_for_sender(actor, referral))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kies het resultaat van de doorverwijzing.")})
    r = _transition(referral, allowed_from=(ReferralStatus.ACCEPTED,),
                    expected_version=expected_version)
    r.status, r.outcome, r.outcome_note = ReferralStatus.CLOSED, outcome, note.strip()
    r.closed_at, r.closed_by = timezone.now(), actor
    _save(r, ["status", "outcome", "outcome_note", "closed_at", "closed_by"])
    audit_record(actor=actor, family_id=r.family_id, category=Category.IDENTITY,
                 action=AuditAction.END, detail=gettext_noop("doorverwijzing afgesloten: %(o)s") % {
                     "o": r.get_outcome_display()})
    _end_referral_consent(actor=actor, referral=r, why=_("doorverwijzing afgesloten"))
    # The other side is told: the family's side when the receiver closed it, else the
    # worker who accepted it (or, without one, whoever answers for the receiver).
    if is_receiver(actor, r):
        told = _senders(r)
    elif r.answered_by_id:
        told = [r.answered_by]
    else:
        told = notifications.referral_answerers(r.to_organisation_id)
    notifications.notify(recipients=told, kind=Kind.REFERRAL_CLOSED, family_id=r.family_id,
                         object_id=r.pk, actor=actor)
    return r


def free_text_clear(family_id: int) -> None:
    """Retention: clear the question and the reasons; service, status, dates and outcome stay."""
    Referral.objects.filter(family_id=family_id).update(
        question="", decline_reason="", withdraw_reason="", outcome_note="")
