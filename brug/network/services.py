"""Changes to the network's organisations and workers, each one transaction with its audit event.

These events have no family: they go to the network's chain under the category `network`
(never a category a family can share), and coordinators read them on the network's log page.
Nobody types another person's password: a new worker, or one who asks for it, gets a link by
e-mail (Django's password-reset tokens) to set their own, and every link sent is an event.
"""

from __future__ import annotations

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.errors import require
from brug.core.i18n import stored_language, worker_language
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.network.models import Organisation, Role, Worker

NETWORK_AUDIT_CATEGORY = "network"

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The e-mail server refused or could not be reached; nothing was saved."""

    message = _(
        "De e-mail met de link kon niet verstuurd worden, dus er is niets bewaard. "
        "Probeer het later opnieuw of vraag de beheerder de e-mailinstellingen na te kijken."
    )


def _audit(actor, action: str, detail: str) -> None:
    audit_record(actor=actor, family_id=None, category=NETWORK_AUDIT_CATEGORY, action=action,
                 detail=detail, network_id=actor.organisation.network_id)


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value) if value not in (None, "") else "—"


def _changes(before, after, fields: list[str]) -> list[str]:
    """'label: old → new' for each field whose value differs."""
    lines = []
    for name in fields:
        field = type(after)._meta.get_field(name)
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            if field.choices:
                old = dict(field.choices).get(old, old)
                new = dict(field.choices).get(new, new)
            lines.append(f"{field.verbose_name}: {_shown(old)} → {_shown(new)}")
    return lines


def _roles(raw: str) -> str:
    return ", ".join(str(Role(r).label) for r in raw.split(",") if r in Role.values) or "—"


@transaction.atomic
def organisation_save(
    *, actor, organisation: Organisation, expected_version: int | None, changed: list[str]
) -> Organisation:
    require(policy.can_manage_network(actor))
    organisation.network = actor.organisation.network
    organisation.full_clean()
    if organisation.pk is None:
        organisation.save()
        _audit(actor, AuditAction.CREATE, _("organisatie %(name)s aangemaakt") % {
            "name": organisation.name})
        return organisation
    before = Organisation.objects.get(pk=organisation.pk)
    fields = [f for f in changed if f != "version"]
    save_versioned(organisation, expected_version=expected_version or 0, fields=fields)
    changes = _changes(before, organisation, fields)
    if changes:
        deactivated = before.active and not organisation.active
        _audit(actor, AuditAction.DEACTIVATE if deactivated else AuditAction.CHANGE,
               _("organisatie %(name)s: %(changes)s") % {
                   "name": organisation.name, "changes": "; ".join(changes)})
    return organisation


@transaction.atomic
def worker_create(
    *, actor, worker: Worker, username: str, email: str, domain: str, use_https: bool
) -> Worker:
    """A new worker without a password; the link to set one goes to `email`."""
    require(policy.can_manage_network(actor))
    require(worker.organisation.network_id == actor.organisation.network_id)
    worker.user = get_user_model().objects.create_user(username=username, email=email)
    worker.full_clean()
    worker.save()
    _audit(actor, AuditAction.CREATE, _("medewerker %(name)s (%(org)s), rollen: %(roles)s") % {
        "name": worker.display_name, "org": worker.organisation.short_name,
        "roles": _roles(worker.roles)})
    _send_password_link(actor=actor, worker=worker, domain=domain, use_https=use_https)
    return worker


@transaction.atomic
def worker_update(
    *, actor, worker: Worker, username: str, email: str, expected_version: int | None,
    changed: list[str],
) -> Worker:
    require(policy.can_manage_network(actor))
    require(worker.organisation.network_id == actor.organisation.network_id)
    before = Worker.objects.select_related("user", "organisation").get(pk=worker.pk)
    require(before.organisation.network_id == actor.organisation.network_id)
    user = worker.user
    old_email = user.email
    user.username, user.email, user.is_active = username, email, worker.active
    user.save(update_fields=["username", "email", "is_active"])
    fields = [f for f in changed if f not in ("version", "username", "email", "role_choices")]
    if "role_choices" in changed:
        fields.append("roles")
    fields = ["organisation_id" if f == "organisation" else f for f in fields]
    worker.full_clean(exclude=["user"])
    save_versioned(worker, expected_version=expected_version or 0, fields=fields)

    changes = _changes(before, worker, ["display_name", "phone", "active"])
    if before.organisation_id != worker.organisation_id:
        changes.append(_("organisatie: %(old)s → %(new)s") % {
            "old": before.organisation.short_name, "new": worker.organisation.short_name})
    if before.roles != worker.roles:
        changes.append(_("rollen: %(old)s → %(new)s") % {
            "old": _roles(before.roles), "new": _roles(worker.roles)})
    if before.user.username != username:
        changes.append(_("gebruikersnaam: %(old)s → %(new)s") % {
            "old": before.user.username, "new": username})
    if old_email != email:
        changes.append(_("e-mail: %(old)s → %(new)s") % {"old": old_email or "—", "new": email})
    if changes:
        deactivated = before.active and not worker.active
        _audit(actor, AuditAction.DEACTIVATE if deactivated else AuditAction.CHANGE,
               _("medewerker %(name)s: %(changes)s") % {
                   "name": worker.display_name, "changes": "; ".join(changes)})
    if old_email and old_email != email:
        # Whoever changes an address could next send a link there: the old address hears of it.
        transaction.on_commit(lambda: _notify_email_changed(actor, worker, old_email))
    return worker


@transaction.atomic
def worker_send_password_link(*, actor, worker: Worker, domain: str, use_https: bool) -> None:
    """A new link to set a password (the current password keeps working until then)."""
    require(policy.can_manage_network(actor))
    require(worker.organisation.network_id == actor.organisation.network_id)
    require(bool(worker.user.email), _("Deze medewerker heeft geen e-mailadres."))
    _send_password_link(actor=actor, worker=worker, domain=domain, use_https=use_https)


@transaction.atomic
def worker_password_set(*, form) -> None:
    """The worker set their own password through a link (`form`: Django's SetPasswordForm)."""
    user = form.save()
    worker = Worker.objects.select_related("organisation").filter(user=user).first()
    audit_record(
        actor=worker, family_id=None, category=NETWORK_AUDIT_CATEGORY, action=AuditAction.CHANGE,
        detail=gettext_noop("wachtwoord ingesteld via een link"),
        network_id=worker.organisation.network_id if worker else None,
    )


def _send_password_link(*, actor, worker: Worker, domain: str, use_https: bool) -> None:
    user = worker.user
    context = {
        "worker": worker,
        "sender": actor,
        "protocol": "https" if use_https else "http",
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    _audit(actor, AuditAction.SEND, _("link om een wachtwoord in te stellen voor %(name)s, "
                                      "naar %(email)s") % {"name": worker.display_name,
                                                           "email": user.email})
    try:
        _mail("registration/set_password", context, user.email, worker=worker)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailNotSent from exc


def _notify_email_changed(actor, worker: Worker, old_email: str) -> None:
    try:
        _mail("registration/email_changed", {"worker": worker, "sender": actor}, old_email,
              worker=worker)
    except (smtplib.SMTPException, OSError):
        # A notice only: an old address that no longer works must not block the change.
        logger.exception("notice of a changed e-mail address not sent (worker %s)", worker.pk)


def _mail(template: str, context: dict, to: str, *, worker: Worker) -> None:
    # In the language the worker chose (footer switch, notification settings), wherever it was
    # chosen; without a choice, the language of whoever sends it.
    code = stored_language(worker.user)
    with translation.override(worker_language(code) if code else translation.get_language()):
        subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
        body = render_to_string(f"{template}_email.txt", context)
    send_mail(subject, body, None, [to])
