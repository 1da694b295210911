from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.forms import show_stale_edit
from brug.core.links import link_maker
from brug.core.locking import StaleEdit
from brug.core.models import AuditAction
from brug.core.paging import counted_page
from brug.core.spreadsheet import SafeWriter
from brug.core.views import worker_of
from brug.families import overview, selectors, services
from brug.families.forms import FamilyForm, MemberForm, MemberFormSet, NoteForm
from brug.families.models import Member, children_under
from brug.families.tabs import tabs_for

PAGE_SIZE = 25
EXPORT_CHUNK = 500


@require_GET
def family_list(request):
    worker = worker_of(request)
    query = request.GET.get("q", "")
    scope = request.GET.get("scope", "mine")
    mine_only = scope == "mine" and not query
    qs = selectors.family_cards(worker, query=query, mine_only=mine_only)
    page = counted_page(qs, request.GET.get("page"), PAGE_SIZE)
    families = policy.seen_families(worker, page.object_list)
    detail = link_maker("families:detail", 1)  # one reverse() for the page's cards
    for family in families:
        family.detail_url = detail(family.pk)
    context = {"page": page, "families": families,
               "query": query, "scope": scope, "mine_only": mine_only}
    if request.htmx:
        return render(request, "families/_family_rows.html", context)
    return render(request, "families/family_list.html", context)


@require_http_methods(["GET", "POST"])
def family_create(request):
    worker = worker_of(request)
    if not policy.can_create_family(worker):
        raise PermissionDenied
    form = FamilyForm(
        request.POST or None,
        organisation=worker.organisation,
        initial={"contact_worker": worker.pk},
    )
    formset = MemberFormSet(request.POST or None, queryset=Member.objects.none(), prefix="m")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [f.save(commit=False) for f in formset.forms if f.has_changed()]
        family = services.family_create(
            actor=worker, family=form.save(commit=False), members=members
        )
        messages.success(request, _("Het gezin is aangemaakt. Leg nu het mandaat vast."))
        return redirect("consent:tab", family.pk)
    return render(
        request, "families/family_form.html", {"form": form, "formset": formset, "creating": True}
    )


@require_GET
def member_row(request):
    """One more empty member row for the create form (htmx)."""
    worker_of(request)
    try:
        # The form's current TOTAL_FORMS is the index of the next row.
        index = max(0, min(int(request.GET.get("m-TOTAL_FORMS", "0")), 40))
    except ValueError:
        index = 0
    form = MemberForm(prefix=f"m-{index}")
    return render(request, "families/_member_row.html", {"mform": form, "next_index": index + 1})


@require_GET
def family_detail(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_get_for_worker(
        worker,
        family_id,
        category=Category.IDENTITY,
        purpose=gettext_noop("dossier openen"),
        # The overview's glances (mandate, trajectories, referrals, rights) are read too.
        also=(Category.CONTACT, Category.HOUSEHOLD, *sorted(overview.categories())),
    )
    show_household = access.shows_household
    day = timezone.localdate()
    members = selectors.members_of(family) if show_household else []
    context = {
        "family": family,
        "access": access,
        "tabs": tabs_for(family, access),
        "active_tab": "overview",
        "members": members,
        "show_contact": access.shows_contact,
        "show_household": show_household,
        "under_3": children_under(members, 3),
        "under_12": children_under(members, 12),
        "glances": overview.glances_for(worker, family, access, day),
        "next_appointment": overview.next_appointment(worker, family, access),
    }
    return render(request, "families/family_detail.html", context)


@require_http_methods(["GET", "POST"])
def family_edit(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_get_for_worker(
        worker, family_id, category=Category.IDENTITY, record=request.method == "GET"
    )
    if not access.may_change:
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    form = FamilyForm(request.POST or None, instance=family, organisation=family.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_update(
                actor=worker,
                family=form.instance,
                expected_version=form.cleaned_data.get("version") or 0,
                changed=[f for f in form.changed_data if f != "version"],
            )
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        else:
            messages.success(request, _("De gegevens zijn bewaard."))
            return redirect("families:detail", family.pk)
    return render(
        request, "families/family_form.html", {"form": form, "family": family, "creating": False}
    )


@require_http_methods(["GET", "POST"])
def member_add(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_get_for_worker(
        worker, family_id, category=Category.HOUSEHOLD, record=request.method == "GET"
    )
    if not access.can_change(Category.HOUSEHOLD):
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_add(actor=worker, family=family, member=form.save(commit=False))
        messages.success(request, _("Het gezinslid is toegevoegd."))
        return redirect("families:detail", family.pk)
    return render(request, "families/member_form.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
def member_edit(request, family_id: int, member_id: int):
    worker = worker_of(request)
    family, access = selectors.family_get_for_worker(
        worker, family_id, category=Category.HOUSEHOLD, record=request.method == "GET"
    )
    member = selectors.member_get(family, member_id)
    if not access.can_change(Category.HOUSEHOLD):
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                actor=worker,
                member=form.instance,
                expected_version=form.cleaned_data.get("version") or 0,
                changed=[f for f in form.changed_data if f != "version"],
            )
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        else:
            messages.success(request, _("Het gezinslid is bewaard."))
            return redirect("families:detail", family.pk)
    return render(
        request, "families/member_form.html", {"form": form, "family": family, "member": member}
    )


@require_http_methods(["GET", "POST"])
def notes(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_get_for_worker(
        worker,
        family_id,
        category=Category.DOMAIN_NOTES,
        purpose=gettext_noop("notities lezen") if request.method == "GET" else "",
        record=request.method == "GET",
    )
    can_write = not access.read_only
    form = NoteForm(request.POST or None, family=family, categories=access.categories,
                    members_shown=access.shows_household)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            services.note_add(actor=worker, family=family, note=form.save(commit=False))
            messages.success(request, _("De notitie is bewaard."))
            return redirect("families:notes", family.pk)
    context = {
        "family": family,
        "access": access,
        "tabs": tabs_for(family, access),
        "active_tab": "notes",
        "notes": selectors.notes_visible_to(worker, family, access),
        "form": form,
        "can_write": can_write,
        # The key of the empty form's cached fields (families/_note_fields.html).
        "note_categories": ",".join(sorted(access.categories)),
    }
    return render(request, "families/notes.html", context)


@require_GET
def family_export(request):
    """CSV of the families this worker may see: each column only where its category is granted
    (name: identity; postcode, municipality, neighbourhood: contact), one export event per
    family and category written."""
    worker = worker_of(request)
    qs = selectors.families_visible_to(
        worker, query=request.GET.get("q", ""), mine_only=request.GET.get("scope") == "mine"
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gezinnen.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = SafeWriter(response, delimiter=";")
    writer.writerow([_("gezin"), _("postcode"), _("gemeente"), _("wijk"), _("contactpersoon")])
    with transaction.atomic():
        for chunk in _chunks(qs, EXPORT_CHUNK):
            for family in policy.seen_families(worker, chunk):
                writer.writerow([family.display_name, family.postcode, family.municipality,
                                 family.neighbourhood,
                                 family.contact_worker.display_name if family.contact_worker
                                 else ""])
                written = [c for c in (Category.IDENTITY, Category.CONTACT)
                           if c in family.seen_categories]
                if written:
                    audit_record(actor=worker, family_id=family.pk, category=written[0],
                                 action=AuditAction.EXPORT,
                                 purpose=gettext_noop("lijst exporteren"),
                                 also=tuple(written[1:]))
    return response


def _chunks(qs, size):
    """The export's families a chunk at a time, each chunk one query (and one for the policy)."""
    chunk = []
    for family in qs.iterator(chunk_size=size):
        chunk.append(family)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
