"""The family's dossier in the portal: plan, rights, referrals, case conferences, who looked,
and all its data. Thin views over the apps' family readers (`<app>/family.py`).

Every page records one read event per category it shows (actor: the family member); every
reaction is a change in one transaction with its event (`trajectories.services`). A family
whose mandate ended reads everything and downloads its data, but reacts no more.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from brug.access.policy import is_read_only
from brug.consent import family_log
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.portal import dossier
from brug.portal.auth import family_portal
from brug.portal.services import family_actor, family_read
from brug.referrals import family as referral_readers
from brug.rights import family as rights_readers
from brug.trajectories import family as trajectory_readers
from brug.trajectories import services as trajectory_services

REACTION_MAX = 2000
LOG_MONTHS = 12


def _read(request, category, *also, purpose, action=AuditAction.VIEW):
    family_read(request.family_account, category, *also, purpose=purpose, action=action)


def _page(request, template, context, current):
    context.update({"current": current, "read_only": is_read_only(request.family)})
    return render(request, template, context)


@require_GET
@family_portal
def plan(request):
    family = request.family
    _read(request, Category.PLAN, purpose=gettext_noop("plan bekeken in het gezinsportaal"))
    return _page(request, "portal/plan.html", {
        "plans": trajectory_readers.plan_for_family(family),
        "conferences": trajectory_readers.conferences_for_family(family),
    }, "portal:plan")


def _reaction_text(request) -> str | None:
    text = (request.POST.get("text") or "").strip()
    if not text:
        messages.error(request, _("Schrijf eerst je reactie."))
        return None
    if len(text) > REACTION_MAX:
        messages.error(request, _("Je reactie is te lang. Schrijf hoogstens %(n)s tekens.")
                       % {"n": REACTION_MAX})
        return None
    return text


@family_portal  # first: a worker gets 404 on every portal URL, whatever the method
@require_POST
def plan_react(request, trajectory_id: int):
    """A reaction to the plan of one trajectory, or (field `goal`) to one of its goals."""
    family = request.family
    trajectory = trajectory_readers.trajectory_get_for_family(family, trajectory_id)
    goal = None
    goal_id = request.POST.get("goal", "")
    if goal_id:
        if not goal_id.isdecimal():
            messages.error(request, _("Dit doel vinden we niet."))
            return redirect("portal:plan")
        goal = trajectory_readers.goal_get_for_family(family, trajectory.pk, int(goal_id))
    text = _reaction_text(request)
    if text is not None:
        try:
            trajectory_services.family_reaction_add(
                actor=family_actor(request.family_account),
                member=request.family_account.member, trajectory=trajectory, goal=goal,
                text=text)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Bedankt. Je reactie is bewaard. Je begeleider leest "
                                        "ze."))
    return redirect("portal:plan")


@require_GET
@family_portal
def conference(request, conference_id: int):
    family = request.family
    item = trajectory_readers.conference_for_family(family, conference_id)
    _read(request, Category.PLAN, purpose=gettext_noop("verslag van een overleg bekeken in het "
                                            "gezinsportaal"))
    return _page(request, "portal/conference.html", {"conference": item}, "portal:plan")


@family_portal  # first: a worker gets 404 on every portal URL, whatever the method
@require_POST
def conference_react(request, conference_id: int):
    family = request.family
    conference = trajectory_readers.conference_get_for_family(family, conference_id)
    text = _reaction_text(request)
    if text is not None:
        try:
            trajectory_services.family_reaction_add(
                actor=family_actor(request.family_account),
                member=request.family_account.member, trajectory=conference.trajectory,
                conference=conference, text=text)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Bedankt. Je reactie staat nu bij het verslag."))
    return redirect("portal:conference", conference.pk)


@require_GET
@family_portal
def rights(request):
    _read(request, Category.RIGHTS, purpose=gettext_noop("rechten bekeken in het gezinsportaal"))
    return _page(request, "portal/rights.html",
                 {"rights": rights_readers.rights_for_family(request.family)}, "portal:rights")


@require_GET
@family_portal
def referrals(request):
    _read(request, Category.IDENTITY,
          purpose=gettext_noop("doorverwijzingen bekeken in het gezinsportaal"))
    return _page(request, "portal/referrals.html",
                 {"referrals": referral_readers.referrals_for_family(request.family)},
                 "portal:referrals")


@require_GET
@family_portal
def access_log(request):
    everything = request.GET.get("alles") == "1"
    log = family_log.access_log(request.family, months=None if everything else LOG_MONTHS)
    _read(request, Category.CONSENT,
          purpose=gettext_noop("lijst 'wie keek' bekeken in het gezinsportaal"))
    return _page(request, "portal/access_log.html",
                 {"log": log, "everything": everything, "log_months": LOG_MONTHS},
                 "portal:access-log")


ALL_CATEGORIES = tuple(c for c in Category if c != Category.CONSENT)


@require_GET
@family_portal
def my_data(request):
    data = dossier.family_data(request.family)
    _read(request, Category.CONSENT, *ALL_CATEGORIES,
          purpose=gettext_noop("alle gegevens bekeken in het gezinsportaal"))
    return _page(request, "portal/my_data.html", {"data": data}, "portal:my-data")


@require_GET
@family_portal
def my_data_download(request):
    body = dossier.family_json(request.family)
    _read(request, Category.CONSENT, *ALL_CATEGORIES, action=AuditAction.EXPORT,
          purpose=gettext_noop("alle gegevens gedownload uit het gezinsportaal"))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"brug-gegevens-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
