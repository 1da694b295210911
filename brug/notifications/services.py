"""Writing notifications, marking them read, and the e-mails about them.

`notify` is called by the services that make a change (referrals, the family portal, rights
claims), inside their transaction: the notification commits or rolls back with the change.
No signals: the event that notifies is visible where it happens.

E-mails (`send_pending`) say only how many new notifications there are, with a link; never a
family's name or anything of a dossier. Each notification is counted in one e-mail at most:
the rows are locked, tied to a `Digest` and the mail is sent inside that transaction, so a
failed send rolls the marking back and a second run finds nothing left to send.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from brug.access import policy
from brug.core.i18n import worker_language
from brug.notifications.models import (
    Digest,
    EmailChoice,
    Kind,
    Notification,
    NotificationSettings,
)

log = logging.getLogger(__name__)

# An e-mail counts the notifications of the last days only: a worker who turns e-mail on is
# not told about last year's.
MAIL_WINDOW = timedelta(days=7)


def email_choice(worker) -> str:
    return choices_of(worker)[0]


def choices_of(worker) -> tuple[str, str]:
    """(e-mail choice, language code or "" when none was chosen) of a worker; without a
    settings row one e-mail a day."""
    row = NotificationSettings.objects.filter(worker=worker).values_list("email", "language")
    email, language = row.first() or (EmailChoice.DAILY, "")
    return email or EmailChoice.DAILY, language


def notify(*, recipients: Iterable, kind: str, family_id: int | None = None,
           object_id: int | None = None, actor=None) -> list[Notification]:
    """One notification for each recipient (Workers; None and duplicates are skipped), never
    for the actor who caused it nor for an inactive worker. Call inside the caller's
    transaction."""
    assert kind in Kind.values, kind
    seen: set[int] = set()
    chosen = []
    for worker in recipients:
        if worker is None or worker.pk in seen or not worker.active:
            continue
        if actor is not None and getattr(actor, "pk", None) == worker.pk:
            continue
        seen.add(worker.pk)
        chosen.append(worker)
    now = timezone.now()
    rows = Notification.objects.bulk_create([
        Notification(recipient=w, kind=kind, family_id=family_id, object_id=object_id,
                     created_at=now) for w in chosen])
    immediate = set(NotificationSettings.objects.filter(
        worker_id__in=seen, email=EmailChoice.IMMEDIATELY).values_list("worker_id", flat=True))
    for worker in chosen:
        if worker.pk in immediate:
            transaction.on_commit(lambda w=worker: _send_soon(w))
    return rows


def _send_soon(worker) -> None:
    """After the change committed: the e-mail of a worker who wants one at once. A failure is
    logged; `send_digests` sends what is left on its next run."""
    try:
        send_pending(worker)
    except Exception:  # noqa: BLE001 - the change is committed; the mail waits for the cron run
        log.exception("notification e-mail to worker %s not sent", worker.pk)


@transaction.atomic
def mark_read(*, worker, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk, recipient=worker,
                                read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(*, worker) -> int:
    return Notification.objects.filter(recipient=worker, read_at__isnull=True).update(
        read_at=timezone.now())


@transaction.atomic
def settings_set(*, worker, email: str, language: str | None = None) -> NotificationSettings:
    """The worker's own e-mail choice and (when given) the language of the e-mails."""
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(worker=worker)
    row.email = email
    fields = ["email"]
    if language is not None:
        if language not in settings.WORKER_LANGUAGES:
            raise ValueError(language)
        row.language = language
        fields.append("language")
    row.full_clean()
    row.save(update_fields=fields)
    return row


@transaction.atomic
def language_set(*, worker, language: str) -> NotificationSettings:
    """The worker's language (one of WORKER_LANGUAGES), chosen with the footer's switch: Brug
    applies it at their next login on any device, and writes their e-mails in it. The e-mail
    choice stays as it was (a new row: the default, one e-mail a day)."""
    if language not in settings.WORKER_LANGUAGES:
        raise ValueError(language)
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(worker=worker)
    if row.language != language:
        row.language = language
        row.save(update_fields=["language"])
    return row


def _worker_of_user(user):
    try:
        return user.worker
    except ObjectDoesNotExist:
        return None


def stored_language_of(user) -> str | None:
    """A worker's stored language (`brug.core.i18n` store; registered in apps.py)."""
    worker = _worker_of_user(user)
    if worker is None:
        return None
    return choices_of(worker)[1] or None


def store_language_of(user, code: str) -> bool:
    """The footer's switch for a logged-in worker; a family-only language is not a worker's
    (their pages never speak it), so it is not kept."""
    worker = _worker_of_user(user)
    if worker is None:
        return False
    if code in settings.WORKER_LANGUAGES:
        language_set(worker=worker, language=code)
    return True


# E-mail ---------------------------------------------------------------------------------


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def address_of(worker) -> str:
    return (getattr(worker.user, "email", "") or "").strip()


def send_pending(worker, *, now=None) -> Digest | None:
    """Send this worker one e-mail counting their unread notifications not mailed before.
    None when there is nothing to send, no address, or the worker chose no e-mail."""
    now = now or timezone.now()
    address = address_of(worker)
    if not address or not worker.active:
        return None
    choice, language = choices_of(worker)
    if choice == EmailChoice.NONE:
        return None
    with transaction.atomic():
        pending = list(Notification.objects.select_for_update(skip_locked=True).filter(
            recipient=worker, read_at__isnull=True, digest__isnull=True,
            created_at__gte=now - MAIL_WINDOW).values_list("pk", flat=True))
        if not pending:
            return None
        digest = Digest.objects.create(recipient=worker, sent_at=now, count=len(pending))
        Notification.objects.filter(pk__in=pending).update(digest=digest)
        context = {"count": len(pending), "worker": worker,
                   "url": site_url() + reverse("notifications:list"),
                   "settings_url": site_url() + reverse("notifications:settings")}
        # The worker's own choice (settings page); Brug's language (Dutch) without one.
        with translation.override(worker_language(language or None)):
            subject = "".join(render_to_string("notifications/digest_subject.txt",
                                               context).splitlines())
            body = render_to_string("notifications/digest_email.txt", context)
        # Inside the transaction: when the mail server refuses, nothing is marked as sent.
        send_mail(subject, body, None, [address])
    return digest


def send_digests(*, now=None, only_immediate: bool = False) -> tuple[int, int]:
    """Every worker with notifications to mail (daily digest, and what an immediate send left
    behind; `only_immediate`: only the latter): (e-mails sent, e-mails that failed)."""
    from brug.network.models import Worker

    now = now or timezone.now()
    pending = Notification.objects.filter(
        read_at__isnull=True, digest__isnull=True, created_at__gte=now - MAIL_WINDOW,
        recipient__active=True).exclude(recipient__user__email="")
    if only_immediate:
        pending = pending.filter(recipient__notification_settings__email=EmailChoice.IMMEDIATELY)
    worker_ids = set(pending.values_list("recipient_id", flat=True))
    sent = failed = 0
    for worker in Worker.objects.filter(pk__in=worker_ids).select_related("user"):
        try:
            if send_pending(worker, now=now) is not None:
                sent += 1
        except (smtplib.SMTPException, OSError):
            log.exception("notification e-mail to worker %s not sent", worker.pk)
            failed += 1
    return sent, failed


# Review overdue (computed daily) ----------------------------------------------------------


def notify_overdue_reviews(*, today=None) -> int:
    """One notification per open review past its date, to the trajectory's responsible worker;
    a review that was notified before is skipped (a unique constraint holds it under
    concurrent runs). Returns how many were created."""
    from brug.trajectories.models import Review, TrajectoryStatus

    today = today or timezone.localdate()
    notified = Notification.objects.filter(kind=Kind.REVIEW_OVERDUE).values("object_id")
    rows = (Review.objects.filter(held_on__isnull=True, due_on__lt=today,
                                  trajectory__status=TrajectoryStatus.OPEN,
                                  trajectory__family__anonymised_at__isnull=True)
            .exclude(pk__in=notified)
            .select_related("trajectory__responsible"))
    created = 0
    for review in rows.iterator(chunk_size=500):
        responsible = review.trajectory.responsible
        try:
            with transaction.atomic():
                created += len(notify(recipients=[responsible], kind=Kind.REVIEW_OVERDUE,
                                      family_id=review.trajectory.family_id,
                                      object_id=review.pk))
        except IntegrityError:
            continue  # another run notified this review in the meantime
    return created


# Who is told, for the services that call `notify` -------------------------------------------


def referral_answerers(organisation_id: int) -> list:
    """The workers who answer referrals sent to this organisation."""
    from brug.network.models import Worker

    workers = Worker.objects.filter(organisation_id=organisation_id, active=True) \
        .select_related("organisation")
    return [w for w in workers if policy.answers_referrals_for(w, organisation_id)]
