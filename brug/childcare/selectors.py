"""Reads of the childcare desk, always through the access policy."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.childcare import allocation
from brug.childcare.models import (
    ChildcareRequest,
    Ground,
    Offer,
    OfferStatus,
    Provider,
    ground_labels,
)
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction


def say(text: str, params: dict, *, local_ground: str = "") -> str:
    """A reason or history line of the framework-free modules, translated."""
    shown = {}
    for key, value in (params or {}).items():
        if key == "grounds":
            value = _("reden niet gedeeld") if value is None else \
                ", ".join(ground_labels(value, local_ground))
        elif key == "groups":
            value = ", ".join(_(allocation.GROUP_LABEL[g]) for g in value)
        elif key == "providers":
            value = ", ".join(value)
        elif key == "tariff" and value:
            value = _(value)
        shown[key] = value
    try:
        return _(text) % shown
    except (KeyError, TypeError, ValueError):
        return _(text)


def request_get(worker, family, access, request_id: int) -> ChildcareRequest:
    """One request within the grant's history (policy rule 11: dated by its request date)."""
    found = ChildcareRequest.objects.filter(family_id=family.pk, pk=request_id).filter(
        policy.history_q(worker, access, "childcare_request")).first()
    if found is None:
        raise Http404
    return found


def offer_get(worker, family, access, offer_id: int) -> Offer:
    """An offer, read as far as its request is (rule 11)."""
    found = Offer.objects.select_related("provider", "request").filter(
        family_id=family.pk, pk=offer_id).filter(
        policy.history_q(worker, access, "childcare_request", prefix="request__")).first()
    if found is None:
        raise Http404
    return found


def requests_of(worker, family, access):
    return list(policy.history_filter(worker, access, "childcare_request",
                                      ChildcareRequest.objects.filter(family_id=family.pk))
                .prefetch_related("children", "offers__provider", "events"))


def desk_view(worker, rules, providers, requests, result):
    """The allocation as this desk worker may see it: a family's name where the policy grants
    its identity, the priority grounds where it grants the household. Requests of families
    that shared nothing with this worker stay in the order (they hold their place) under their
    request number only. Each family shown is recorded as read."""
    families = {r.family_id: r.family for r in requests.values()}
    cats = policy.categories_by_family(worker, families.values())
    # Rule 11: a request of the former organisation's history that the family did not pass on
    # keeps its place, under its number only.
    readable = set(ChildcareRequest.objects.filter(pk__in=list(requests)).filter(
        policy.handed_over_q(worker, "childcare_request")).values_list("pk", flat=True))
    seen = {f.pk: f for f in policy.seen_families(worker, families.values())}

    def row(request_id, reasons, **extra):
        req = requests[request_id]
        granted = cats.get(req.family_id, frozenset())
        visible = Category.PLAN in granted and request_id in readable
        shows_household = Category.HOUSEHOLD in granted
        lines = []
        for reason in reasons:
            text, params = (reason.text, reason.params) if hasattr(reason, "text") else reason
            if "grounds" in params and not shows_household:
                params = {**params, "grounds": None}
            lines.append(say(text, params, local_ground=rules.local_ground))
        return {"request": req, "visible": visible,
                "label": seen[req.family_id].display_name if visible else
                _("Aanvraag nr. %(n)s (niet gedeeld met jou)") % {"n": req.pk},
                "reasons": lines, **extra}

    proposals = [row(p.request_id, p.reasons, provider=providers[p.provider_id],
                     priority=p.priority, places=[
                         (_(allocation.GROUP_LABEL[g]), n) for g, n in p.places])
                 for p in result.proposals]
    waiting = [row(w.request_id, w.reasons, position=w.position, priority=w.priority)
               for w in result.waiting]
    for family_id in {r["request"].family_id for r in proposals + waiting if r["visible"]}:
        audit_record(actor=worker, family_id=family_id, category=Category.PLAN,
                     action=AuditAction.VIEW, purpose=gettext_noop("toewijzing kinderopvang"))
    return proposals, waiting


def provider_offers(worker, provider: Provider):
    """The offers to a provider, for its own organisation's workers: each family as far as it
    shared with that organisation (its name with `identity`, the request with `plan`)."""
    offers = list(Offer.objects.filter(provider=provider, status__in=(
        OfferStatus.PROPOSED, OfferStatus.ACCEPTED)).select_related("request", "family"))
    families = {o.family_id: o.family for o in offers}
    cats = policy.categories_by_family(worker, families.values())
    seen = {f.pk: f for f in policy.seen_families(worker, families.values())}
    rows = []
    for offer in offers:
        granted = cats.get(offer.family_id, frozenset())
        rows.append({"offer": offer, "label": seen[offer.family_id].display_name
                     if Category.IDENTITY in granted else _("Een gezin (naam niet gedeeld)"),
                     "shows_plan": Category.PLAN in granted})
        if granted:
            audit_record(actor=worker, family_id=offer.family_id,
                         category=Category.PLAN if Category.PLAN in granted
                         else Category.IDENTITY, action=AuditAction.VIEW,
                         purpose=gettext_noop("voorstellen aan de kinderopvang"))
    return rows


GROUND_CHOICES = Ground.choices
