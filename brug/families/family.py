"""What Brug keeps about the family itself, as the family reads it: its name, address and
contact details, its members, and the notes written about it that the family may read.

Never a confidential note (professional secrecy: it stays inside its author's organisation,
`Note.confidential`) and never what a young person told in confidence
(`Note.youth_confidence`). Notes come with the day they were written and the organisation,
not the author's id or the note's category key.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core.domains import LifeDomain
from brug.families.models import ContactChannel, MemberRole, Note


def role_text(role: str) -> str:
    texts = {MemberRole.PARENT: _("ouder"), MemberRole.CHILD: _("kind"),
             MemberRole.EXPECTED_CHILD: _("kindje op komst"),
             MemberRole.OTHER_ADULT: _("andere volwassene")}
    return str(texts.get(role, ""))


def family_details(family) -> dict:
    channel = dict(ContactChannel.choices).get(family.preferred_channel, "")
    return {
        "name": family.display_name,
        "address": family.street_address,
        "postcode": family.postcode,
        "municipality": family.municipality,
        "phone": family.phone,
        "email": family.email,
        "languages": family.home_languages,
        "preferred_contact": str(channel),
        "organisation": family.organisation.name,
        "contact_person": family.contact_worker.display_name if family.contact_worker else "",
    }


def members_for_family(family) -> list[dict]:
    return [{"first_name": m.first_name, "last_name": m.last_name, "role": role_text(m.role),
             "birth_date": m.birth_date, "due_date": m.due_date, "languages": m.languages}
            for m in family.members.order_by("id")]


def family_notes(queryset):
    """Of these notes, the ones a family may read about itself."""
    return queryset.filter(confidential=False, youth_confidence=False)


def notes_for_family(family, *, queryset=None, limit: int | None = None) -> list[dict]:
    """`queryset`: the notes to start from (a worker's print passes what the policy lets the
    worker see); by default all the family's notes."""
    labels = dict(LifeDomain.choices)
    base = Note.objects.all() if queryset is None else queryset
    qs = family_notes(base.filter(family_id=family.pk)).select_related(
        "organisation").order_by("-created_at", "-id")
    if limit is not None:
        qs = qs[:limit]
    return [{"date": timezone.localtime(n.created_at).date(), "organisation": n.organisation.name,
             "life_domain": str(labels.get(n.life_domain, "")).capitalize(), "text": n.text}
            for n in qs]
