"""Childcare objects for the shared test world (URL access and read-audit tests)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from brug.childcare.models import ChildcareRequest, Offer, PriceInputs, Provider


def build_childcare_objects(w):
    """A provider of the network, a request of world.family for its child and an offer."""
    ns = SimpleNamespace()
    today = timezone.localdate()
    ns.provider = Provider.objects.create(network=w.network, name="Opvang Test",
                                          municipality="Teststad", baby_places=2,
                                          toddler_places=2)
    ns.request = ChildcareRequest.objects.create(
        family=w.family, start_date=today, municipality="Teststad", requested_on=today,
        created_by=w.alice, reasons="Werk")
    ns.request.children.set([w.family.members.get(role="child")])
    ns.offer = Offer.objects.create(request=ns.request, family=w.family, provider=ns.provider,
                                    toddler_places=1, created_by=w.cora,
                                    reasons=[["Gewone plaats.", {}]])
    ns.inputs = PriceInputs.objects.create(family=w.family, income="30000")
    return ns
