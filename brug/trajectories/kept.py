"""Totals the caseload overview reads, kept up to date with every change they depend on.

A coordinator's caseload page shows, for fifty workers, their open trajectories per
programme and their minutes of contact in the last thirty days. Counting those from the
trajectories and contacts themselves reads thousands of rows per page; the totals kept here
are a few hundred: `OpenCaseload` (worker, programme → open trajectories) and
`WorkerDayMinutes` (worker, day → minutes).

They follow every save and delete of a trajectory or a contact, through Django's model
signals, so deletes by a queryset or a cascade are followed too. Each change
recounts the affected totals from the source rows rather than adding a difference: the
total's row is created if missing and then locked, and only then counted, so two
transactions changing the same total one after the other both count what the other
committed. A bulk `update()` sends no signals: code that changes trajectories' status,
worker or programme, or contacts' worker, day or minutes, in bulk must call `recount_all`
(the benchmark's COPY fill does).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum

from brug.trajectories.models import (
    Contact,
    OpenCaseload,
    Trajectory,
    TrajectoryStatus,
    WorkerDayMinutes,
)


def _recount_minutes(worker_id: int, day) -> None:
    WorkerDayMinutes.objects.bulk_create([WorkerDayMinutes(worker_id=worker_id, day=day)],
                                         ignore_conflicts=True)
    kept = WorkerDayMinutes.objects.select_for_update().filter(worker_id=worker_id, day=day)
    kept.values_list("pk").first()  # lock, then count: what others committed is counted
    total = Contact.objects.filter(worker_id=worker_id, happened_on=day).aggregate(
        m=Sum("minutes"))["m"] or 0
    kept.update(minutes=total)


def _recount_open(worker_id: int, programme_id: int) -> None:
    OpenCaseload.objects.bulk_create(
        [OpenCaseload(worker_id=worker_id, programme_id=programme_id)], ignore_conflicts=True)
    kept = OpenCaseload.objects.select_for_update().filter(worker_id=worker_id,
                                                           programme_id=programme_id)
    kept.values_list("pk").first()
    total = Trajectory.objects.filter(responsible_id=worker_id, programme_id=programme_id,
                                      status=TrajectoryStatus.OPEN).count()
    kept.update(open=total)


_UNCHANGED = "unchanged"


def _saved_before(model, instance, fields: tuple[str, ...], update_fields):
    """The row's values of `fields` before this save; None for a new row."""
    if instance._state.adding or instance.pk is None:
        return None
    if update_fields is not None and not {f.removesuffix("_id") for f in update_fields} & {
            f.removesuffix("_id") for f in fields}:
        return _UNCHANGED
    return model.objects.filter(pk=instance.pk).values_list(*fields).first()


class _Follow:
    """The receivers that keep one kind of total: `key` names the row's fields, the first two
    of which say which total it counts in (the third changes the total only)."""

    def __init__(self, model, key: tuple[str, str, str], recount):
        self.model, self.key, self.recount = model, key, recount

    def before_save(self, sender, instance, raw=False, update_fields=None, **kwargs) -> None:
        instance._kept_before = _saved_before(self.model, instance, self.key, update_fields)

    def saved(self, sender, instance, raw=False, **kwargs) -> None:
        now = tuple(getattr(instance, f) for f in self.key)
        before = getattr(instance, "_kept_before", None)
        if before == now or before == _UNCHANGED:
            return
        with transaction.atomic(using=kwargs.get("using")):
            if before and before[:2] != now[:2]:
                self.recount(*before[:2])
            self.recount(*now[:2])

    def deleted(self, sender, instance, **kwargs) -> None:
        self.recount(*(getattr(instance, f) for f in self.key[:2]))


_FOLLOWED = (_Follow(Contact, ("worker_id", "happened_on", "minutes"), _recount_minutes),
             _Follow(Trajectory, ("responsible_id", "programme_id", "status"), _recount_open))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    for follow in _FOLLOWED:
        name = follow.model.__name__
        pre_save.connect(follow.before_save, sender=follow.model,
                         dispatch_uid=f"trajectories.kept.{name}.before_save")
        post_save.connect(follow.saved, sender=follow.model,
                          dispatch_uid=f"trajectories.kept.{name}.saved")
        post_delete.connect(follow.deleted, sender=follow.model,
                            dispatch_uid=f"trajectories.kept.{name}.deleted")


@transaction.atomic
def recount_all() -> None:
    """Every kept total counted afresh from the trajectories and contacts (set-based)."""
    WorkerDayMinutes.objects.all().delete()
    OpenCaseload.objects.all().delete()
    WorkerDayMinutes.objects.bulk_create(
        (WorkerDayMinutes(worker_id=w, day=d, minutes=m) for w, d, m in
         Contact.objects.values_list("worker_id", "happened_on").annotate(m=Sum("minutes"))
         .order_by().iterator(chunk_size=5000)), batch_size=5000)
    OpenCaseload.objects.bulk_create(
        (OpenCaseload(worker_id=w, programme_id=p, open=n) for w, p, n in
         Trajectory.objects.filter(status=TrajectoryStatus.OPEN)
         .values_list("responsible_id", "programme_id").annotate(n=Count("*")).order_by()
         .iterator(chunk_size=5000)), batch_size=5000)


def differences() -> list[str]:
    """What the kept totals hold that a fresh count does not (empty when they agree)."""
    kept_minutes = {(w, d): m for w, d, m in
                    WorkerDayMinutes.objects.values_list("worker_id", "day", "minutes") if m}
    fresh_minutes = {(w, d): m for w, d, m in
                     Contact.objects.values_list("worker_id", "happened_on")
                     .annotate(m=Sum("minutes")).order_by() if m}
    kept_open = {(w, p): n for w, p, n in
                 OpenCaseload.objects.values_list("worker_id", "programme_id", "open") if n}
    fresh_open = dict(((w, p), n) for w, p, n in
                      Trajectory.objects.filter(status=TrajectoryStatus.OPEN)
                      .values_list("responsible_id", "programme_id").annotate(n=Count("*"))
                      .order_by())
    out = []
    for key in sorted(set(kept_minutes) | set(fresh_minutes), key=str):
        if kept_minutes.get(key) != fresh_minutes.get(key):
            out.append(f"minutes {key}: kept {kept_minutes.get(key)}, "
                       f"counted {fresh_minutes.get(key)}")
    for key in sorted(set(kept_open) | set(fresh_open), key=str):
        if kept_open.get(key) != fresh_open.get(key):
            out.append(f"open {key}: kept {kept_open.get(key)}, counted {fresh_open.get(key)}")
    return out
