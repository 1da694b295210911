from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.consent import family as consent_readers
from brug.consent import family_log, selectors, services
from brug.consent.forms import ConsentForm, ConsentWithdrawForm, MandateEndForm, MandateForm
from brug.core.audit import audit_record
from brug.core.categories import NOT_SHAREABLE, Category
from brug.core.forms import add_service_error
from brug.core.i18n import render_family_print
from brug.core.models import AuditAction
from brug.core.views import worker_of
from brug.families import family as family_readers
from brug.families import selectors as family_selectors
from brug.families.models import Note
from brug.families.tabs import tabs_for


def _family(request, family_id, *, record=True, purpose=""):
    worker = worker_of(request)
    family, access = family_selectors.family_get_for_worker(
        worker, family_id, category=Category.CONSENT, record=record, purpose=purpose
    )
    return worker, family, access


@require_GET
def consent_tab(request, family_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("toestemmingen bekijken"))
    today = timezone.localdate()
    consents = selectors.consents_of(family)
    for c in consents:
        c.in_force = c.is_in_force(today)
    mandates = selectors.mandates_of(family)
    context = {
        "family": family,
        "access": access,
        "tabs": tabs_for(family, access),
        "active_tab": "consent",
        "mandates": mandates,
        "consents": consents,
        "active_mandate": next((m for m in mandates if m.is_active), None),
        "may_record": access.may_manage_consent,
    }
    return render(request, "consent/consent_tab.html", context)


@require_http_methods(["GET", "POST"])
def mandate_create(request, family_id: int):
    worker, family, access = _family(request, family_id, record=request.method == "GET")
    if not access.may_manage_consent:
        raise PermissionDenied(_("Je mag de toestemmingen van dit gezin niet wijzigen."))
    form = MandateForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_record(actor=worker, family=family, mandate=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het mandaat is vastgelegd."))
            return redirect("consent:tab", family.pk)
    return render(request, "consent/mandate_form.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
def mandate_end(request, family_id: int, mandate_id: int):
    worker, family, access = _family(request, family_id, record=request.method == "GET")
    mandate = selectors.mandate_get(family, mandate_id)
    if not access.may_manage_consent:
        raise PermissionDenied(_("Je mag de toestemmingen van dit gezin niet wijzigen."))
    form = MandateEndForm(request.POST or None, mandate=mandate)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_end(
                actor=worker,
                mandate=mandate,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Het mandaat is beëindigd. Het dossier is nu alleen nog te lezen.")
            )
            return redirect("consent:tab", family.pk)
    return render(
        request, "consent/mandate_end.html", {"form": form, "family": family, "mandate": mandate}
    )


@require_http_methods(["GET", "POST"])
def consent_create(request, family_id: int):
    worker, family, access = _family(request, family_id, record=request.method == "GET")
    if not access.may_change:
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    form = ConsentForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        services.consent_give(actor=worker, family=family, consent=form.save(commit=False))
        messages.success(request, _("De toestemming is vastgelegd."))
        return redirect("consent:tab", family.pk)
    return render(request, "consent/consent_form.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, family_id: int, consent_id: int):
    worker, family, access = _family(request, family_id, record=request.method == "GET")
    consent = selectors.consent_get(family, consent_id)
    if not access.may_manage_consent:
        raise PermissionDenied(_("Je mag de toestemmingen van dit gezin niet wijzigen."))
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(actor=worker, consent=consent, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("De toestemming is ingetrokken. %(org)s ziet vanaf nu niets meer van dit gezin.")
            % {"org": consent.organisation.short_name},
        )
        return redirect("consent:tab", family.pk)
    return render(
        request,
        "consent/consent_withdraw.html",
        {"form": form, "family": family, "consent": consent},
    )


@require_GET
def audit_tab(request, family_id: int):
    worker, family, access = _family(request, family_id, purpose=gettext_noop("logboek bekijken"))
    page = selectors.audit_page(family, request.GET.get("page"), worker=worker, access=access)
    context = {
        "family": family,
        "access": access,
        "tabs": tabs_for(family, access),
        "active_tab": "audit",
        "page": page,
    }
    if request.htmx:
        return render(request, "consent/_audit_rows.html", context)
    return render(request, "consent/audit_tab.html", context)


PRINT_LOG_MONTHS = 6


@require_GET
def family_view(request, family_id: int):
    """Printable: what Brug keeps about the family and who looked, for the parents.

    Built from the family's own readers (plain words, no keys; `docs/family-pages.md`), and
    only what the policy lets this worker see: members with `household`, the notes this worker
    may read that a family may read (never a confidential note, never a young person's
    confidence). One read event for each category printed.
    """
    worker, family, access = _family(request, family_id, record=False)
    notes_qs = policy.visible_notes(worker, family, access, Note.objects.all())
    note_categories = set(family_readers.family_notes(notes_qs.filter(family_id=family.pk))
                          .values_list("category", flat=True).distinct())
    shown = [Category.IDENTITY, *([Category.HOUSEHOLD] if access.shows_household else []),
             *sorted(note_categories)]
    audit_record(actor=worker, family_id=family.pk, category=Category.CONSENT,
                 action=AuditAction.VIEW, purpose=gettext_noop("afdruk voor het gezin"),
                 also=tuple(c for c in dict.fromkeys(shown)
                            if c not in NOT_SHAREABLE and access.can_view(c)))
    # In the family's language (`?taal=`; docs/i18n.md): the readers write their sentences in it.
    return render_family_print(request, family, "consent/family_view.html", lambda: {
        "family": family,
        "members": (family_readers.members_for_family(family) if access.shows_household
                    else []),
        "notes": family_readers.notes_for_family(family, queryset=notes_qs, limit=100),
        "mandates": consent_readers.mandates_for_family(family),
        "consents": consent_readers.consents_for_family(family),
        "log": family_log.access_log(family, months=PRINT_LOG_MONTHS, worker=worker,
                                     access=access),
        "log_months": PRINT_LOG_MONTHS,
        "today": timezone.localdate(),
    })
