"""The warm handover page (brug.consent.handover)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_http_methods

from brug.consent import handover as services
from brug.consent.models import Handover
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.core.forms import DateInput, add_service_error
from brug.core.views import worker_of
from brug.families.models import Member, MemberRole
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.network.models import Worker


class HandoverForm(forms.Form):
    to_worker = forms.ModelChoiceField(label=gettext_lazy("nieuwe contactpersoon"),
                                       queryset=Worker.objects.none())
    given_by = forms.ModelChoiceField(label=gettext_lazy("het gezin stemde in via"),
                                      queryset=Member.objects.none())
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("wat de nieuwe organisatie mag lezen"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in SHAREABLE_CATEGORIES])
    joint_contact_on = forms.DateField(label=gettext_lazy("gezamenlijk contact op"),
                                       widget=DateInput())
    old_access_until = forms.DateField(label=gettext_lazy("oude organisatie leest mee tot"),
                                       widget=DateInput())
    history = forms.ChoiceField(
        label=gettext_lazy("welke geschiedenis"), widget=forms.RadioSelect,
        choices=[("all", gettext_lazy("de hele geschiedenis")),
                 ("from", gettext_lazy("vanaf een datum"))])
    history_since = forms.DateField(label=gettext_lazy("geschiedenis vanaf"), required=False,
                                    widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("waarom"), max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("history") == "from" and not data.get("history_since"):
            self.add_error("history_since", _("Kies vanaf welke datum de nieuwe organisatie de "
                                              "geschiedenis mag lezen."))
        if data.get("history") == "all":
            data["history_since"] = None
        return data

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = (
            Worker.objects.filter(organisation__network_id=family.organisation.network_id,
                                  organisation__active=True, active=True)
            .exclude(organisation_id=family.organisation_id)
            .select_related("organisation").order_by("organisation__short_name",
                                                      "display_name"))
        self.fields["to_worker"].label_from_instance = (
            lambda w: f"{w.display_name} ({w.organisation.short_name})")
        self.fields["given_by"].queryset = Member.objects.filter(
            family_id=family.pk, role__in=[MemberRole.PARENT, MemberRole.OTHER_ADULT])


def _family(request, family_id):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.CONSENT, record=request.method == "GET",
        purpose=gettext_noop("overdracht bekijken"), also=(Category.IDENTITY,
                                                           Category.HOUSEHOLD))
    return worker, family, access


@require_http_methods(["GET", "POST"])
def handover_page(request, family_id: int):
    worker, family, access = _family(request, family_id)
    can_manage = access.may_manage_consent and access.may_change
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = HandoverForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.handover_start(
                actor=worker, family=family, to_worker=data["to_worker"],
                given_by=data["given_by"], categories=data["categories"],
                joint_contact_on=data["joint_contact_on"],
                old_access_until=data["old_access_until"], reason=data["reason"],
                history_since=data["history_since"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De overdracht is gestart. Rond ze af na het "
                                        "gezamenlijke contact."))
            return redirect("consent:handover", family.pk)
    handovers = list(Handover.objects.filter(family=family).select_related(
        "to_worker", "to_organisation", "from_organisation", "consent"))
    return render(request, "consent/handover.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "consent", "form": form, "handovers": handovers,
        "can_manage": can_manage,
        "running": any(h.status == "started" for h in handovers)})


def handover_complete(request, family_id: int, handover_id: int):
    worker, family, access = _family(request, family_id)
    handover = Handover.objects.filter(family=family, pk=handover_id).first()
    if handover is None:
        raise Http404
    if request.method != "POST":  # after the access check: an outsider learns nothing
        return HttpResponseNotAllowed(["POST"])
    try:
        services.handover_complete(actor=worker, handover=handover)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("consent:handover", family.pk)
    messages.success(request, _("De overdracht is afgerond: %(org)s is nu de organisatie "
                                "van het gezin.") % {"org": handover.to_organisation.short_name})
    return redirect("families:detail", family.pk)
