"""Writes of family data. Each is one transaction with its audit event."""

from __future__ import annotations

from django.db import transaction

from brug.access import policy
from brug.core import births
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import ReadOnlyDossier, require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.families.models import Family, Member, MemberRole, Note

FAMILY_FIELDS_BY_CATEGORY = {
    Category.IDENTITY: ["display_name", "home_languages"],
    Category.CONTACT: [
        "street_address",
        "postcode",
        "municipality",
        "neighbourhood",
        "preferred_channel",
        "phone",
        "email",
    ],
}
MEMBER_FIELDS = ["role", "first_name", "last_name", "birth_date", "due_date", "languages"]


def _require_change(actor, family, category: str) -> None:
    access = policy.access_for(actor, family)
    if access.read_only:
        raise ReadOnlyDossier(ReadOnlyDossier.message)
    require(access.can_change(category))


@transaction.atomic
def family_create(*, actor, family: Family, members: list[Member]) -> Family:
    """Create a family with its members, in the actor's organisation."""
    require(policy.can_create_family(actor))
    family.organisation = actor.organisation
    if family.contact_worker_id is None:
        family.contact_worker = actor
    family.full_clean()
    family.save()
    for member in members:
        member.family = family
        member.full_clean()
    Member.objects.bulk_create(members)
    audit_record(
        actor=actor,
        family_id=family.pk,
        category=Category.IDENTITY,
        action=AuditAction.CREATE,
        detail=f"{len(members)} gezinsleden",
    )
    return family


@transaction.atomic
def family_update(*, actor, family: Family, expected_version: int, changed: list[str]) -> Family:
    """Save the changed fields if nobody saved in between (raises StaleEdit otherwise)."""
    categories = {
        cat for cat, fields in FAMILY_FIELDS_BY_CATEGORY.items() if set(fields) & set(changed)
    }
    if "contact_worker" in changed:
        categories.add(Category.IDENTITY)
    for category in categories or {Category.IDENTITY}:
        _require_change(actor, family, category)
    family.full_clean()
    fields = [f for f in changed if f != "contact_worker"] + (
        ["contact_worker_id"] if "contact_worker" in changed else []
    )
    save_versioned(family, expected_version=expected_version, fields=fields)
    for category in sorted(categories):
        audit_record(
            actor=actor,
            family_id=family.pk,
            category=category,
            action=AuditAction.CHANGE,
            detail=", ".join(sorted(changed))[:300],
        )
    return family


@transaction.atomic
def member_add(*, actor, family: Family, member: Member) -> Member:
    _require_change(actor, family, Category.HOUSEHOLD)
    member.family = family
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        family_id=family.pk,
        category=Category.HOUSEHOLD,
        action=AuditAction.CREATE,
        detail=str(member.get_role_display()),
    )
    if member.role == MemberRole.CHILD and member.birth_date:
        births.birth_recorded(actor=actor, family=family, member=member)
    return member


@transaction.atomic
def member_update(*, actor, member: Member, expected_version: int, changed: list[str]) -> Member:
    _require_change(actor, member.family, Category.HOUSEHOLD)
    member.full_clean()
    save_versioned(
        member, expected_version=expected_version, fields=[f for f in changed if f in MEMBER_FIELDS]
    )
    audit_record(
        actor=actor,
        family_id=member.family_id,
        category=Category.HOUSEHOLD,
        action=AuditAction.CHANGE,
        detail=str(member.get_role_display()),
    )
    # An expected child was born (role and birth date), or a child's birth date was corrected.
    born = member.role == MemberRole.CHILD and member.birth_date
    if born and {"role", "birth_date"} & set(changed):
        births.birth_recorded(actor=actor, family=member.family, member=member)
    return member


@transaction.atomic
def note_add(*, actor, family: Family, note: Note) -> Note:
    access = policy.access_for(actor, family)
    if access.read_only:
        raise ReadOnlyDossier(ReadOnlyDossier.message)
    require(access.can_view(note.category))
    note.family = family
    note.author = actor
    note.organisation = actor.organisation
    note.full_clean()
    note.save()
    audit_record(
        actor=actor,
        family_id=family.pk,
        category=note.category,
        action=AuditAction.CREATE,
        detail="notitie",
    )
    return note
