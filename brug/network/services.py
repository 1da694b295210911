from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from brug.core import policy
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.network.models import Organisation, Worker


@transaction.atomic
def organisation_save(
    *, actor, organisation: Organisation, expected_version: int | None, changed: list[str]
) -> Organisation:
    require(policy.can_manage_network(actor))
    organisation.network = actor.organisation.network
    organisation.full_clean()
    if organisation.pk is None:
        organisation.save()
    else:
        save_versioned(
            organisation,
            expected_version=expected_version or 0,
            fields=[f for f in changed if f != "version"],
        )
    return organisation


@transaction.atomic
def worker_save(
    *,
    actor,
    worker: Worker,
    username: str,
    password: str | None,
    expected_version: int | None,
    changed: list[str],
) -> Worker:
    require(policy.can_manage_network(actor))
    require(worker.organisation.network_id == actor.organisation.network_id)
    User = get_user_model()
    if worker.pk is None:
        user = User.objects.create_user(username=username, password=password)
        worker.user = user
        worker.full_clean()
        worker.save()
        return worker
    user = worker.user
    user.username = username
    if password:
        user.set_password(password)
    user.is_active = worker.active
    user.save(update_fields=["username", "password", "is_active"])
    fields = [f for f in changed if f not in ("version", "username", "password", "role_choices")]
    if "role_choices" in changed:
        fields.append("roles")
    fields = ["organisation_id" if f == "organisation" else f for f in fields]
    worker.full_clean(exclude=["user"])
    save_versioned(worker, expected_version=expected_version or 0, fields=fields)
    return worker
