"""Reads of family data, always through the access policy."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from brug.access import policy
from brug.core import assignment
from brug.core.audit import audit_record
from brug.core.models import AuditAction
from brug.families.models import Family, Member, Note


def families_visible_to(worker, *, query: str = "", mine_only: bool = False) -> QuerySet:
    """The families this worker may see, searched only in the fields it may see of each:
    a name where `identity` is granted, a postcode or neighbourhood where `contact` is.
    Rows must go through `policy.seen_families` before they are shown."""
    query = query.strip()
    qs = Family.objects.all()
    if query:
        # A match is itself narrowed to the families granting the matched field's category,
        # which are visible ones: the visibility filter would only repeat it.
        if query.isdigit():
            qs = qs.filter(policy.field_match(worker, "postcode", "startswith", query))
        else:
            qs = qs.filter(policy.field_match(worker, "display_name", "icontains", query)
                           | policy.field_match(worker, "neighbourhood", "icontains", query))
    else:
        qs = policy.visible_families(worker, qs)
    if mine_only:
        # "Mine": where the worker is the contact person or assigned otherwise (involved in
        # a trajectory, a volunteer match...), as the assignment providers say.
        qs = qs.filter(assignment.assigned_q(worker))
    return qs.select_related("contact_worker").order_by(policy.shown_name(worker), "id")


# What a family's card in the list shows (and what the policy's batch check reads): the list
# reads these columns only, not the whole row.
CARD_FIELDS = ("organisation_id", "contact_worker_id", "anonymised_at", "display_name",
               "postcode", "neighbourhood", "contact_worker__display_name")


def family_cards(worker, *, query: str = "", mine_only: bool = False) -> QuerySet:
    """`families_visible_to` with the columns of the list's cards only."""
    return families_visible_to(worker, query=query, mine_only=mine_only).only(*CARD_FIELDS)


def family_get_for_worker(
    worker,
    family_id: int,
    *,
    category: str,
    purpose: str = "",
    record: bool = True,
    also: tuple[str, ...] = (),
) -> tuple[Family, policy.Access]:
    """The family if this worker may see `category` of it, else 404 (we do not reveal it exists).

    The family comes redacted to the categories this worker sees (`policy.redact`), so a page
    of another category shows the neutral label instead of the name.

    With `record`, the read is written to the audit trail, with one event for each category
    in `also` that the worker may see (the other parts the page shows).
    """
    if not 0 < family_id < 2**63:  # no such row, and out of the column's range
        raise Http404
    try:
        # `get`, not `first`: one row by its key needs no ORDER BY (which Django would build
        # over every selected column of this wide row).
        family = (policy.with_mandate_state(Family.objects.all())
                  .select_related("organisation", "contact_worker")
                  .get(pk=family_id))
    except Family.DoesNotExist:
        raise Http404 from None
    access = policy.access_for(worker, family)
    if not access.can_view(category):
        raise Http404
    policy.redact(family, access.categories)
    if record:
        audit_record(
            actor=worker,
            family_id=family.pk,
            category=category,
            action=AuditAction.VIEW,
            purpose=purpose,
            also=tuple(c for c in also if access.can_view(c)),
            network_id=family.organisation.network_id,
        )
    return family, access


def members_of(family) -> list[Member]:
    return list(Member.objects.filter(family_id=family.pk).order_by("id"))


def member_get(family, member_id: int) -> Member:
    member = Member.objects.filter(family_id=family.pk, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def notes_visible_to(worker, family, access, *, limit: int = 50) -> list[Note]:
    qs = policy.visible_notes(worker, family, access, Note.objects.all())
    return list(
        qs.select_related("author", "organisation", "about_member").order_by("-created_at", "-id")[
            :limit
        ]
    )


def families_with_members(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(Prefetch("members", queryset=Member.objects.order_by("id")))
