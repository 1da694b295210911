"""The warm handover (issue 17): the family's contact person moves to another organisation.

`handover_start`: only with the family's consent — a `SharingConsent` to the new organisation
for the categories of the history the family agreed it may read — and a joint contact planned.
`handover_complete`, after the joint contact: the family's organisation and contact person
change; what the family did not agree to pass on stays with the old organisation (its notes
in other categories become confidential to it, policy rule 6); the old organisation keeps
reading, by a consent, until the agreed date, and then its access ends by itself.
Each is one transaction with its audit events.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent.models import Handover, HandoverStatus, SharingConsent
from brug.core.audit import audit_record
from brug.core.categories import SHAREABLE_CATEGORIES, Category, join_categories
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.core.roles import Role
from brug.families.models import Family, Member, MemberRole, Note

SHAREABLE = [c.value for c in SHAREABLE_CATEGORIES]
CONTACT_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.PARTNER, Role.COORDINATOR)


def _require(actor, family) -> None:
    access = policy.access_for(actor, family)
    require(access.may_manage_consent and access.may_change)


@transaction.atomic
def handover_start(*, actor, family, to_worker, given_by: Member | None, categories: list[str],
                   joint_contact_on: date | None, old_access_until: date | None,
                   reason: str, history_since: date | None = None) -> Handover:
    """`history_since`: the first day of the history the new organisation may read (None:
    all history, which the family must have agreed to as such — the form asks it)."""
    _require(actor, family)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if Handover.objects.select_for_update().filter(
            family=family, status=HandoverStatus.STARTED).exists():
        raise ValidationError(_("Er loopt al een overdracht voor dit gezin."))
    if (to_worker is None or not to_worker.active or not to_worker.has_role(*CONTACT_ROLES)
            or to_worker.organisation.network_id != family.organisation.network_id):
        errors["to_worker"] = _("Kies een medewerker van een organisatie van het netwerk.")
    elif to_worker.organisation_id == family.organisation_id:
        errors["to_worker"] = _("Dat is dezelfde organisatie: verander dan gewoon de "
                                "contactpersoon.")
    if given_by is None or given_by.family_id != family.pk or given_by.role not in (
            MemberRole.PARENT, MemberRole.OTHER_ADULT):
        errors["given_by"] = _("Kies de ouder die toestemming gaf.")
    chosen = [c for c in SHAREABLE if c in set(categories)]
    if not chosen:
        errors["categories"] = _("Kies wat de nieuwe organisatie mag lezen; zonder toestemming "
                                 "van het gezin is er geen overdracht.")
    if joint_contact_on is None or joint_contact_on < today:
        errors["joint_contact_on"] = _("Plan het gezamenlijke contact vandaag of later.")
    if old_access_until is None or (joint_contact_on and old_access_until < joint_contact_on):
        errors["old_access_until"] = _("Kies een datum op of na het gezamenlijke contact.")
    if not reason.strip():
        errors["reason"] = _("Schrijf kort waarom de begeleiding overgaat.")
    if history_since is not None and history_since > today:
        errors["history_since"] = _("Kies een datum vandaag of vroeger: vanaf dan mag de "
                                    "nieuwe organisatie de geschiedenis lezen.")
    if errors:
        raise ValidationError(errors)
    consent = SharingConsent(
        family=family, organisation=to_worker.organisation, categories=join_categories(chosen),
        purpose=_("warme overdracht van de begeleiding"), given_by=given_by,
        valid_from=today, recorded_by=actor, history_since=history_since)
    consent.full_clean()
    consent.save()
    handover = Handover.objects.create(
        family=family, from_organisation=family.organisation, from_worker=family.contact_worker,
        to_worker=to_worker, to_organisation=to_worker.organisation, consent=consent,
        reason=reason.strip(), joint_contact_on=joint_contact_on,
        old_access_until=old_access_until, started_by=actor)
    audit_record(actor=actor, family_id=family.pk, category=Category.CONSENT,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("delen met %(org)s: %(cats)s") % {
                     "org": to_worker.organisation.short_name, "cats": ",".join(chosen)})
    audit_record(actor=actor, family_id=family.pk, category=Category.CONSENT,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("overdracht naar %(org)s") % {
                     "org": to_worker.organisation.short_name})
    return handover


@transaction.atomic
def handover_complete(*, actor, handover: Handover) -> Handover:
    locked = Handover.objects.select_for_update().select_related(
        "family", "consent", "to_worker", "to_organisation").get(pk=handover.pk)
    family = Family.objects.select_for_update().get(pk=locked.family_id)
    _require(actor, family)
    if locked.status != HandoverStatus.STARTED:
        raise ValidationError(_("Deze overdracht is al afgerond of geannuleerd."))
    today = timezone.localdate()
    if locked.joint_contact_on > today:
        raise ValidationError(_("Rond de overdracht af na het gezamenlijke contact."))
    if not locked.to_worker.active:
        raise ValidationError(_("De nieuwe contactpersoon is niet meer actief."))
    agreed = set(locked.consent.category_list)
    old_org = family.organisation_id
    # What the family did not agree to pass on stays with the old organisation.
    kept = Note.objects.filter(family=family, organisation_id=old_org, confidential=False).exclude(
        category__in=agreed).update(confidential=True)
    family.organisation_id = locked.to_organisation_id
    family.contact_worker = locked.to_worker
    # The history boundary (policy rule 11): what was recorded before today is the old
    # organisation's history, which the new one reads only as the family agreed.
    family.handed_over_on = today
    family.history_since = locked.consent.history_since
    family.history_categories = locked.consent.categories
    save_versioned(family, expected_version=family.version,
                   fields=["organisation", "contact_worker", "handed_over_on", "history_since",
                           "history_categories"])
    # The new organisation is now the family's own: its handover consent is no longer needed.
    SharingConsent.objects.filter(pk=locked.consent_id).update(valid_until=today)
    # The old organisation reads along until the agreed date, then its access ends by itself.
    if locked.old_access_until >= today:
        SharingConsent.objects.create(
            family=family, organisation_id=old_org, categories=join_categories(SHAREABLE),
            purpose=_("overdracht: meelezen tot de afgesproken datum"),
            given_by=locked.consent.given_by, valid_from=today,
            valid_until=locked.old_access_until, recorded_by=actor)
    locked.status = HandoverStatus.COMPLETED
    locked.completed_on = today
    locked.save(update_fields=["status", "completed_on"])
    audit_record(actor=actor, family_id=family.pk, category=Category.CONSENT,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("overdracht naar %(org)s") % {
                     "org": locked.to_organisation.short_name},
                 purpose=gettext_noop("overdracht afgerond"))
    if kept:
        audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                     action=AuditAction.CHANGE, detail=gettext_noop("notitie"),
                     purpose=gettext_noop("overdracht: notities blijven bij de oude organisatie"))
    return locked
