"""Family portal accounts and messages: every change in one transaction with its audit event.

Worker actions (create, reissue, revoke, read a message) need the home organisation's
consent-managing roles (`Access.may_manage_consent`). Family actions run as the family's own
user: the audit trail names them "Fatima (gezin)" in the family's network.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.models import AuditAction
from brug.notifications import services as notifications
from brug.notifications.models import Kind
from brug.portal import codes
from brug.portal.backends import family_account_of
from brug.portal.models import AccountStatus, FamilyAccount, MessageKind, PortalMessage

CODE_DAYS = getattr(settings, "PORTAL_CODE_DAYS", 14)


# The family as an actor in the audit trail -------------------------------------------------


@dataclass
class _NoOrganisation:
    network_id: int
    short_name: str = ""


@dataclass
class FamilyActor:
    """What `audit_record` reads of an actor, for a family member signed in to the portal."""

    user_id: int
    display_name: str
    organisation_id: None = None
    organisation: _NoOrganisation = field(default_factory=lambda: _NoOrganisation(0))


def family_actor(account: FamilyAccount) -> FamilyActor:
    return FamilyActor(
        user_id=account.user_id,
        display_name=str(account.actor_name),
        organisation=_NoOrganisation(account.family.organisation.network_id),
    )


def family_read(account, category, *also, purpose, action=AuditAction.VIEW) -> None:
    """One read (or export) by the family itself of what the page shows. The family reading its
    own dossier leaves a trace like every read does: its log lists it under "Jullie zelf",
    so a parent who shares the account (or someone who took it over) can be seen."""
    audit_record(actor=family_actor(account), family_id=account.family_id, category=category,
                 action=action, purpose=purpose, also=also,
                 network_id=account.family.organisation.network_id)


# The audit detail of a message the family sent: the kind in the source language (stored, then
# translated when shown; the family's log recognises these words).
MESSAGE_KIND_DETAIL = {
    MessageKind.MESSAGE: gettext_noop("bericht"),
    MessageKind.CORRECTION: gettext_noop("vraag om correctie"),
    MessageKind.NOTICE: gettext_noop("melding"),
}


def _record_family(account, *, action, detail="", purpose="", category=Category.CONSENT):
    audit_record(actor=family_actor(account), family_id=account.family_id, category=category,
                 action=action, detail=detail, purpose=purpose,
                 network_id=account.family.organisation.network_id)


# Language -----------------------------------------------------------------------------------

# Family.home_languages is free text ("Nederlands, Arabisch"): the names we recognise, in
# Dutch, in the language itself and in English.
LANGUAGE_NAMES = {
    "nl": ("nederlands", "vlaams", "dutch"),
    "fr": ("frans", "français", "francais", "french"),
    "en": ("engels", "english"),
    "ar": ("arabisch", "arabic", "العربية", "عربي"),
    "tr": ("turks", "türkçe", "turkce", "turkish"),
    "ro": ("roemeens", "română", "romana", "romanian"),
    "bg": ("bulgaars", "български", "bulgarian"),
    "pl": ("pools", "polski", "polish"),
    "uk": ("oekraïens", "oekraiens", "українська", "ukrainian"),
}


def family_languages() -> list[str]:
    return list(getattr(settings, "FAMILY_LANGUAGES", [code for code, _n in settings.LANGUAGES]))


def language_for(home_languages: str) -> str:
    """The first of the family's home languages the portal offers; else Dutch."""
    offered = family_languages()
    for part in re.split(r"[,;/]| en | and ", home_languages or ""):
        name = part.strip().casefold()
        for code, names in LANGUAGE_NAMES.items():
            if (name in names or name == code) and code in offered:
                return code
    return "nl"


# Accounts (worker side) ---------------------------------------------------------------------


def _require_manage(actor, family) -> None:
    require(policy.access_for(actor, family).may_manage_consent,
            _("Je mag het gezinsportaal van dit gezin niet beheren."))


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())[:12]


def _login_name(member) -> str:
    users = get_user_model().objects
    base = _ascii(member.first_name) or "gezin"
    while True:
        name = f"{base}-{secrets.randbelow(9000) + 1000}"
        if not users.filter(username=name).exists():
            return name


def _set_code(account: FamilyAccount) -> str:
    code = codes.new_code()
    account.code_hash = make_password(code)
    account.code_expires_at = timezone.now() + timedelta(days=CODE_DAYS)
    return code


@transaction.atomic
def account_create(*, actor, family, member) -> tuple[FamilyAccount, str]:
    """A pending account for a parent; returns it with the one-time code (shown once)."""
    _require_manage(actor, family)
    require(family.anonymised_at is None)
    if member.family_id != family.pk or member.role != "parent":
        raise ValidationError(_("Alleen een ouder van dit gezin kan een account krijgen."))
    if FamilyAccount.objects.select_for_update().filter(member=member).exclude(
            status=AccountStatus.REVOKED).exists():
        raise ValidationError(_("Dit gezinslid heeft al een account."))
    user = get_user_model().objects.create_user(username=_login_name(member))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account = FamilyAccount(user=user, family=family, member=member, created_by=actor,
                            language=language_for(family.home_languages))
    code = _set_code(account)
    account.full_clean()
    account.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.CONSENT,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("account gezinsportaal voor %(name)s")
                 % {"name": member.first_name})
    return account, code


@transaction.atomic
def code_reissue(*, actor, account: FamilyAccount) -> str:
    """A new code (the old one stops working); the account must sign in again to activate."""
    _require_manage(actor, account.family)
    locked = FamilyAccount.objects.select_for_update().get(pk=account.pk)
    if locked.status == AccountStatus.REVOKED:
        raise ValidationError(_("Dit account is ingetrokken. Maak een nieuw account aan."))
    code = _set_code(locked)
    locked.version += 1
    locked.save(update_fields=["code_hash", "code_expires_at", "version", "updated_at"])
    audit_record(actor=actor, family_id=account.family_id, category=Category.CONSENT,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("nieuwe activeringscode gezinsportaal voor %(name)s")
                 % {"name": account.member.first_name})
    account.code_expires_at = locked.code_expires_at
    return code


@transaction.atomic
def account_revoke(*, actor, account: FamilyAccount) -> FamilyAccount:
    _require_manage(actor, account.family)
    locked = FamilyAccount.objects.select_for_update().get(pk=account.pk)
    if locked.status != AccountStatus.REVOKED:
        locked.status = AccountStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.code_hash = ""
        locked.version += 1
        locked.save(update_fields=["status", "revoked_at", "code_hash", "version", "updated_at"])
        locked.user.set_unusable_password()
        locked.user.save(update_fields=["password"])
        audit_record(actor=actor, family_id=account.family_id, category=Category.CONSENT,
                     action=AuditAction.DEACTIVATE,
                     detail=gettext_noop("account gezinsportaal van %(name)s")
                     % {"name": account.member.first_name})
    return locked


# Activation and sign-in (family side) -------------------------------------------------------


class ActivationError(Exception):
    """`account`: the account a wrong code was tried on (the caller records the failure after
    this transaction has rolled back)."""

    def __init__(self, message, account=None):
        super().__init__(message)
        self.message = message
        self.account = account


def _account_by_login(login_name: str):
    return (FamilyAccount.objects.select_related("user", "family__organisation", "member")
            .filter(user__username__iexact=(login_name or "").strip()).first())


@transaction.atomic
def account_activate(*, login_name: str, code: str, secret: str) -> FamilyAccount:
    """Check the one-time code and set the chosen PIN or password; the code is used up.

    Raises ActivationError with a message for the parent."""
    wrong = _("Deze naam en code horen niet bij elkaar. Kijk ze na op het blad van je "
              "begeleider.")
    found = _account_by_login(login_name)
    if found is None:
        raise ActivationError(wrong)
    account = FamilyAccount.objects.select_for_update().select_related(
        "user", "family__organisation", "member").get(pk=found.pk)
    if account.status == AccountStatus.REVOKED or account.family.anonymised_at is not None:
        raise ActivationError(_("Dit account is afgesloten. Vraag je begeleider om hulp."))
    if not account.code_hash:
        raise ActivationError(_("Deze code is al gebruikt. Meld je aan met je PIN, of vraag je "
                                "begeleider om een nieuwe code."))
    if not check_password(codes.normalise_code(code), account.code_hash):
        raise ActivationError(wrong, account=account)
    if account.code_expires_at is None or account.code_expires_at < timezone.now():
        raise ActivationError(_("Deze code is verlopen. Vraag je begeleider om een nieuwe code."))
    account.user.set_password(secret)
    account.user.save(update_fields=["password"])
    account.code_hash = ""
    account.code_expires_at = None
    account.status = AccountStatus.ACTIVE
    account.activated_at = account.activated_at or timezone.now()
    account.version += 1
    account.save(update_fields=["code_hash", "code_expires_at", "status", "activated_at",
                                "version", "updated_at"])
    _record_family(account, action=AuditAction.CHANGE,
                   purpose=gettext_noop("account gezinsportaal geactiveerd"))
    return account


@transaction.atomic
def sign_in_recorded(account: FamilyAccount, *, ok: bool, activation: bool = False) -> None:
    """Every sign-in, failed sign-in and failed activation of a known account leaves an
    event (attempts on unknown names only count towards the lockout)."""
    if activation:
        purpose = gettext_noop("mislukte activering van het gezinsportaal (verkeerde code)")
    elif ok:
        purpose = gettext_noop("aangemeld in het gezinsportaal")
    else:
        purpose = gettext_noop("mislukte aanmelding in het gezinsportaal")
    _record_family(account, action=AuditAction.VIEW, purpose=purpose)


def account_by_login(login_name: str):
    return _account_by_login(login_name)


@transaction.atomic
def language_set(*, account: FamilyAccount, language: str) -> None:
    if language not in family_languages():
        raise ValidationError(_("Deze taal is niet beschikbaar."))
    FamilyAccount.objects.filter(pk=account.pk).update(language=language)
    account.language = language


def stored_language_of(user) -> str | None:
    """A family member's language (`brug.core.i18n` store; registered in apps.py)."""
    account = family_account_of(user)
    return account.language if account is not None else None


def store_language_of(user, code: str) -> bool:
    account = family_account_of(user)
    if account is None:
        return False
    if code in family_languages():
        language_set(account=account, language=code)
    return True


# Messages -----------------------------------------------------------------------------------


def _tell_contact_person(message: PortalMessage, kind: str) -> None:
    """A notification for the contact person (in Brug, and in their e-mail as they chose it:
    only a count and a link, never the family's details)."""
    notifications.notify(recipients=[message.to_worker], kind=kind,
                         family_id=message.family_id, object_id=message.pk)


@transaction.atomic
def message_send(*, account: FamilyAccount, kind: str, text: str) -> PortalMessage:
    from brug.access.policy import is_read_only

    if is_read_only(account.family):
        raise ValidationError(_("De begeleiding is gestopt. Je kunt geen berichten meer sturen."))
    if kind not in (MessageKind.MESSAGE, MessageKind.CORRECTION):
        raise ValidationError(_("Kies een soort bericht."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Schrijf eerst je bericht."))
    message = PortalMessage(family=account.family, account=account, kind=kind, text=text,
                            to_worker=account.family.contact_worker)
    message.full_clean()
    message.save()
    _record_family(account, action=AuditAction.SEND,
                   detail=MESSAGE_KIND_DETAIL[kind])
    _tell_contact_person(message, Kind.PORTAL_MESSAGE)
    return message


def notice_to_contact_person(*, account: FamilyAccount, text: str, kind: str) -> PortalMessage:
    """Brug tells the contact person what the family did in the portal (inside the caller's
    transaction)."""
    message = PortalMessage.objects.create(
        family=account.family, account=account, kind=MessageKind.NOTICE, text=text,
        to_worker=account.family.contact_worker)
    _tell_contact_person(message, kind)
    return message


@transaction.atomic
def message_mark_read(*, actor, message: PortalMessage) -> PortalMessage:
    access = policy.access_for(actor, message.family)
    require(access.home and access.may_manage)
    updated = PortalMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=actor)
    if updated:
        audit_record(actor=actor, family_id=message.family_id, category=Category.CONSENT,
                     action=AuditAction.CHANGE,
                     detail=gettext_noop("bericht van het gezin gelezen"))
    message.refresh_from_db()
    return message


# Consents and mandate (the family itself) ---------------------------------------------------


def _require_not_read_only(account) -> None:
    from brug.access.policy import is_read_only

    if is_read_only(account.family):
        raise ValidationError(_("De begeleiding is gestopt. Je kunt hier niets meer "
                                "veranderen; je kunt alles nog lezen en downloaden."))


@transaction.atomic
def consent_withdraw(*, account: FamilyAccount, consent) -> bool:
    """Withdraw one consent now; the contact person is told. False: it was withdrawn already
    (nothing happens, no error)."""
    from brug.consent import services as consent_services

    _require_not_read_only(account)
    _locked, changed = consent_services.consent_withdraw_by_family(
        actor=family_actor(account), family=account.family, consent=consent,
        reason=_("ingetrokken door het gezin in het gezinsportaal"))
    if changed:
        notice_to_contact_person(account=account, kind=Kind.CONSENT_WITHDRAWN, text=_(
            "%(name)s trok in het gezinsportaal de toestemming in om te delen met %(org)s.")
            % {"name": account.member.first_name, "org": consent.organisation.name})
    return changed


@transaction.atomic
def mandate_end(*, account: FamilyAccount, reason: str = ""):
    """The family stops the support; the dossier becomes read-only, the contact person is
    told."""
    from brug.consent import services as consent_services

    _require_not_read_only(account)
    mandate = consent_services.mandate_end_by_family(
        actor=family_actor(account), family=account.family, ended_on=timezone.localdate(),
        reason=reason or _("gestopt door het gezin in het gezinsportaal"))
    notice_to_contact_person(account=account, kind=Kind.MANDATE_ENDED, text=_(
        "%(name)s stopte in het gezinsportaal de begeleiding.")
        % {"name": account.member.first_name})
    return mandate
