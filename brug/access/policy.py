"""The one access policy: may this worker see or change this family's information?

Every view, form, list, search and export asks these functions. Rules, in order:

1. An inactive worker, a user without a worker profile and an anonymised family: nothing.
2. The family's own organisation (the organisation of its contact person): supporters,
   experience experts, partner workers and coordinators see every category.
3. Any other organisation: only the categories of a consent in force for that organisation
   (not withdrawn, within its dates) — nothing at all without one.
4. Volunteers see a family only when they are assigned to it, and then only the categories
   the family agreed to share with their organisation, even inside the family's own organisation.
5. Changing family data: the family's own organisation (supporter, experience expert,
   coordinator), and only while the dossier is not read-only (a mandate that ended and no new
   one makes it read-only).
6. Notes: a confidential note stays in its author's organisation; a young person's confidence
   too, and it never appears on the parents' side of the family view.
7. Administrators manage the network and see no family data — also when they hold a second role
   as volunteer. Any other role next to the home roles counts as the home role.
8. Every field belongs to a category (`core.categories.FIELD_CATEGORY`): a list row, a search
   match or an export column shows or matches a field only where its category is granted. A
   family seen without `identity` is shown under a neutral label.
9. Recording and ending mandates and consents, and acting for the family on a referral, need the
   home organisation's change roles (also on a read-only dossier: the family may stop sharing).
10. Concerns about a child's safety (`concern`): the home organisation and the network's
   coordinators, never by consent (`concern_access`).
11. The history boundary: a grant reads the dated records (contacts, notes, documents, the
   audit trail, and every kind in `HISTORY`) from its `since` date on. By consent, `since`
   is the consent's `history_since` (None: all history). After a warm handover the family's
   new organisation reads the records dated before the handover only in the categories the
   family agreed to and from its `since` date; its own records always (`dated_q`,
   `history_q`; `handed_over_q` for a list across families).

`access_for` (one family), `categories_by_family` (a page of families, one or two queries) and
`families_granting`/`visible_families` (a queryset) are three readings of the same rules; a test
holds them to the same answers for every role combination and consent state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    F,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core.categories import FIELD_CATEGORY, Category
from brug.core.roles import Role

HOME_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.PARTNER, Role.COORDINATOR)
CHANGE_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.COORDINATOR)
ALL_CATEGORIES = frozenset(c.value for c in Category)


@dataclass(frozen=True)
class Access:
    categories: frozenset[str] = frozenset()
    home: bool = False
    read_only: bool = False
    may_change: bool = False
    # The home organisation's change roles, whatever the dossier's state (rule 9).
    may_manage: bool = False
    # Rule 11: the first day of the history this grant reads (None: all history) and, after
    # a warm handover, the day before which the records are the former organisation's
    # history (readable only in `history_categories`).
    since: date | None = None
    history_before: date | None = None
    history_categories: frozenset[str] = frozenset()

    @property
    def limits_history(self) -> bool:
        return self.since is not None or self.history_before is not None

    @property
    def any(self) -> bool:
        return bool(self.categories)

    def can_view(self, category: str) -> bool:
        return category in self.categories

    def can_change(self, category: str) -> bool:
        return self.may_change and category in self.categories

    @property
    def may_manage_consent(self) -> bool:
        """Record a mandate, give or withdraw a consent (allowed on a read-only dossier)."""
        return self.may_manage and Category.CONSENT in self.categories

    # For templates, which cannot call `can_view` with an argument.
    @property
    def shows_identity(self) -> bool:
        return Category.IDENTITY in self.categories

    @property
    def shows_contact(self) -> bool:
        return Category.CONTACT in self.categories

    @property
    def shows_household(self) -> bool:
        return Category.HOUSEHOLD in self.categories


NO_ACCESS = Access()


def today() -> date:
    return timezone.localdate()


def _usable(worker) -> bool:
    return worker is not None and worker.active and worker.organisation.active


def _kind(worker) -> str | None:
    """Which rule a worker's roles follow: "home" (rules 2-3), "volunteer" (rule 4) or none."""
    if not _usable(worker):
        return None
    if worker.has_role(*HOME_ROLES):
        return "home"
    if worker.has_role(Role.VOLUNTEER) and not worker.has_role(Role.ADMINISTRATOR):
        return "volunteer"
    return None


def is_volunteer(worker) -> bool:
    """A worker who follows the volunteers' rule (rule 4): only assigned families."""
    return _kind(worker) == "volunteer"


ALL_HISTORY = "all"  # `_consented`'s marker: some consent in force reads all history


def _consented(organisation_id: int, family_ids, day: date
               ) -> dict[int, tuple[frozenset[str], date | None]]:
    """Shareable categories of the consents in force, per family, for one organisation, and
    the first day of history they read (rule 11: the earliest of them; None: all history)."""
    from brug.consent.models import SharingConsent, consents_in_force, shareable_in

    if not family_ids:
        return {}
    rows = SharingConsent.objects.filter(
        consents_in_force(day), family_id__in=family_ids, organisation_id=organisation_id
    ).values_list("family_id", "categories", "history_since")
    found: dict[int, set[str]] = {}
    since: dict[int, date | None] = {}
    for family_id, raw, history_since in rows:
        found.setdefault(family_id, set()).update(shareable_in(raw))
        if family_id not in since:
            since[family_id] = history_since
        elif since[family_id] is not None:
            since[family_id] = None if history_since is None else min(since[family_id],
                                                                      history_since)
    return {pk: (frozenset(cats), since[pk]) for pk, cats in found.items()}


def categories_by_family(worker, families: Iterable, *, day: date | None = None
                         ) -> dict[int, frozenset[str]]:
    """The categories this worker sees, for each of a page of families (Family instances).

    One query for the consents (none when every family is the worker's own organisation's),
    and for volunteers one more for the assignments beyond the contact person.
    """
    return {pk: cats for pk, (cats, _since) in _grants(worker, families, day=day).items()}


def _grants(worker, families: Iterable, *, day: date | None = None
            ) -> dict[int, tuple[frozenset[str], date | None]]:
    """`categories_by_family` with the consents' `since` (rule 11) beside the categories."""
    families = list(families)
    result = {f.pk: (frozenset(), None) for f in families}
    kind = _kind(worker)
    families = [f for f in families if f.anonymised_at is None]
    if kind is None or not families:
        return result
    own: set[int] = set()
    if kind == "home":
        own = {f.pk for f in families if f.organisation_id == worker.organisation_id}
        candidates = [f.pk for f in families if f.pk not in own]
    else:
        candidates = [f.pk for f in families if f.contact_worker_id == worker.pk]
        rest = [f.pk for f in families if f.contact_worker_id != worker.pk]
        if rest:
            from brug.core import assignment
            from brug.families.models import Family

            candidates += Family.objects.filter(pk__in=rest).filter(
                assignment.assigned_q(worker)).values_list("pk", flat=True)
    consented = _consented(worker.organisation_id, candidates, day or today())
    for f in families:
        result[f.pk] = (ALL_CATEGORIES, None) if f.pk in own else consented.get(
            f.pk, (frozenset(), None))
    return result


def with_mandate_state(queryset: QuerySet) -> QuerySet:
    """A Family queryset annotated with the running mandate's date (`mandate_since`, None
    when none runs), so a dossier page reads it with the family instead of in a query of its
    own (and the overview shows the date). `is_read_only` needs no more for the families
    with a running mandate, nearly all; for the others it asks whether a mandate ended."""
    from brug.consent.models import Mandate

    running = (Mandate.objects.filter(family_id=OuterRef("pk"), ended_on__isnull=True)
               .order_by("-given_on", "-id"))
    return queryset.annotate(mandate_since=Subquery(running.values("given_on")[:1]))


def mandate_running(family) -> bool:
    """Whether a mandate runs, for a family read `with_mandate_state`."""
    return family.mandate_since is not None


def is_read_only(family) -> bool:
    """Read-only once a mandate has ended and no new mandate runs."""
    from brug.consent.models import Mandate

    if getattr(family, "mandate_since", None) is not None:  # read `with_mandate_state`
        return False
    ended = False
    for ended_on in Mandate.objects.filter(family_id=family.pk).values_list("ended_on", flat=True):
        if ended_on is None:
            return False
        ended = True
    return ended


def access_for(worker, family, *, day: date | None = None) -> Access:
    categories, since = _grants(worker, [family], day=day)[family.pk]
    if not categories:
        return NO_ACCESS
    home = _kind(worker) == "home" and worker.organisation_id == family.organisation_id
    read_only = is_read_only(family)
    may_manage = home and worker.has_role(*CHANGE_ROLES)
    history_before, history_categories = None, frozenset()
    if home and getattr(family, "handed_over_on", None):
        # Rule 11 after a warm handover: the former organisation's history as agreed.
        from brug.core.categories import parse_categories

        history_before, since = family.handed_over_on, family.history_since
        history_categories = frozenset(parse_categories(family.history_categories))
    return Access(categories=categories, home=home, read_only=read_only,
                  may_change=may_manage and not read_only, may_manage=may_manage,
                  since=since, history_before=history_before,
                  history_categories=history_categories)


def _on_or_after(date_fields: tuple[str, ...], day: date) -> Q:
    """The record's date (the first of `date_fields` that is set) is `day` or later."""
    found, unset = None, Q()
    for field in date_fields:
        this = unset & Q(**{f"{field}__gte": day})
        found = this if found is None else found | this
        unset &= Q(**{f"{field}__isnull": True})
    return found


def dated_q(worker, access: Access, date_field: str | tuple[str, ...], *,
            category_field: str | None = None, category: str | None = None,
            own_field: str | tuple[str, ...] | None = "organisation_id") -> Q:
    """Rule 11, the one filter of every dated record: the records this grant reads by their
    date. `date_field` is a lookup to a date (`created_at__date` for a timestamp), or several:
    the first one set is the record's date (a review: held, else planned). The record's
    category is a column (`category_field`) or fixed for its kind (`category`: a trajectory is
    `plan`). `own_field` names the organisation that wrote the record, or several (its own
    records a worker's organisation always reads). `HISTORY` lists every kind."""
    if not access.limits_history:
        return Q()
    fields = (date_field,) if isinstance(date_field, str) else tuple(date_field)
    since = _on_or_after(fields, access.since) if access.since else None
    if access.history_before is None:
        readable = since
    else:
        # Before the handover: only the agreed categories, from `since` on.
        if category_field:
            old = Q(**{f"{category_field}__in": access.history_categories})
            old = old & since if since else old
        elif category is not None:
            old = (since or Q()) if category in access.history_categories else Q(pk__in=[])
        else:
            old = since if access.history_categories else Q(pk__in=[])
        if old is None or old == Q():  # every record of the old history is readable
            return Q()
        readable = _on_or_after(fields, access.history_before) | old
    for field in (own_field,) if isinstance(own_field, str) else (own_field or ()):
        readable |= Q(**{field: worker.organisation_id})
    return readable


class _InList(Lookup):
    """`lhs IN (subquery)` for a subquery that does not refer to the outer row, written
    `lhs = ANY(ARRAY(subquery))` on PostgreSQL: the same rows, but PostgreSQL runs the
    subquery once, before the outer query, and can then use an index on `lhs` and combine it
    with the indexes of the other conditions, where `IN (subquery)` is a filter checked on
    every row the other conditions found. (A name search with "own organisation OR
    consented" read every family with a matching name, of every organisation, to keep its
    own organisation's tenth of them: docs/performance.md, session 9.)"""

    lookup_name = "in_list"

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


@dataclass(frozen=True)
class HistoryKind:
    """How rule 11 reads one kind of dated record (`history_q`): its date (the first lookup
    that is set), its category (a column or fixed) and the organisation(s) that wrote it."""

    dates: tuple[str, ...]
    category: str | None = None
    category_field: str | None = None
    own: tuple[str, ...] = ()


# Every kind of dated dossier record and how rule 11 reads it (docs/access.md keeps the same
# table in words). Contacts, notes, documents and audit events call `dated_q` directly.
HISTORY: dict[str, HistoryKind] = {
    "trajectory": HistoryKind(("started_on",), Category.PLAN,
                              own=("responsible__organisation_id",)),
    "goal": HistoryKind(("created_at__date",), Category.PLAN, own=("organisation_id",)),
    "review": HistoryKind(("held_on", "due_on"), Category.PLAN,
                          own=("held_by__organisation_id",
                               "trajectory__responsible__organisation_id")),
    "conference": HistoryKind(("held_on", "due_by", "created_at__date"), Category.PLAN,
                              own=("recorded_by__organisation_id",
                                   "trajectory__responsible__organisation_id")),
    "right_claim": HistoryKind(("status_on",), Category.RIGHTS),
    "right_claim_event": HistoryKind(("happened_on",), Category.RIGHTS,
                                     own=("recorded_by__organisation_id",)),
    "childcare_request": HistoryKind(("requested_on",), Category.PLAN,
                                     own=("created_by__organisation_id",)),
    "concern": HistoryKind(("created_at__date",), Category.CONCERN, own=("organisation_id",)),
    "aid_record": HistoryKind(("received_on",), Category.RIGHTS, own=("organisation_id",)),
    "interpreter_booking": HistoryKind(("booked_for",), Category.PLAN,
                                       own=("created_by__organisation_id",)),
    "referral": HistoryKind(("sent_at__date",), Category.PLAN,
                            own=("from_organisation_id", "to_organisation_id")),
    "walkin_visit": HistoryKind(("visited_on",), Category.DOMAIN_NOTES,
                                own=("organisation_id",)),
}


def history_q(worker, access: Access, kind: str, *, prefix: str = "") -> Q:
    """`dated_q` for a kind of `HISTORY`; `prefix` reaches the record through a relation
    (`"trajectory__"` filters goals by their trajectory)."""
    k = HISTORY[kind]
    return dated_q(worker, access, tuple(prefix + d for d in k.dates),
                   category_field=prefix + k.category_field if k.category_field else None,
                   category=k.category, own_field=tuple(prefix + o for o in k.own))


def handed_over_q(worker, kind: str, *, family: str = "family__") -> Q:
    """Rule 11 for a list across families (a worker's Today sections): the records of one
    `HISTORY` kind that the family's organisation reads after a warm handover, read from the
    family's own columns (`family` reaches it from the record). The same rule as `dated_q`
    for a home grant; lists of families by consent pass each family's `access_for`."""
    from brug.core.multivalue import needle

    k = HISTORY[kind]
    cut = F(f"{family}handed_over_on")
    since = F(f"{family}history_since")
    readable = (Q(**{f"{family}handed_over_on__isnull": True})
                | ~Q(**{f"{family}organisation_id": worker.organisation_id}))
    after, unset = Q(pk__in=[]), Q()
    old_ok, old_unset = Q(pk__in=[]), Q()
    for field in k.dates:
        after |= unset & Q(**{f"{field}__gte": cut})
        old_ok |= old_unset & Q(**{f"{field}__gte": since})
        unset &= Q(**{f"{field}__isnull": True})
        old_unset &= Q(**{f"{field}__isnull": True})
    agreed = (Q(**{f"{family}history_categories__contains": needle(k.category)})
              if k.category else Q(pk__in=[]))
    old = agreed & (Q(**{f"{family}history_since__isnull": True}) | old_ok)
    readable |= after | old
    for field in k.own:
        readable |= Q(**{field: worker.organisation_id})
    return readable


def history_filter(worker, access: Access, kind: str, queryset: QuerySet) -> QuerySet:
    """A queryset of one `HISTORY` kind narrowed to what this grant reads (rule 11)."""
    if not access.limits_history:
        return queryset
    return queryset.filter(history_q(worker, access, kind))


def _granted_q(worker, category: str | None, day: date | None) -> Q:
    """A filter on Family: the families where this worker sees `category` (None: any)."""
    from brug.consent.models import consenting_families

    kind = _kind(worker)
    if kind is None:
        return Q(pk__in=[])
    consented = Q(_InList(F("pk"), Subquery(
        consenting_families(worker.organisation_id, day or today(), category).order_by())))
    if kind == "home":
        granted = Q(organisation_id=worker.organisation_id) | consented
    else:
        from brug.core import assignment

        granted = assignment.assigned_q(worker) & consented
    return granted & Q(anonymised_at__isnull=True)


def families_granting(worker, queryset: QuerySet, category: str, *,
                      day: date | None = None) -> QuerySet:
    """Narrow a Family queryset to the families where this worker sees `category`."""
    return queryset.filter(_granted_q(worker, category, day))


def visible_families(worker, queryset: QuerySet, *, day: date | None = None) -> QuerySet:
    """Narrow a Family queryset to the families this worker may see in some category."""
    return queryset.filter(_granted_q(worker, None, day))


def visible_family_ids(worker, family_ids, *, day: date | None = None) -> set[int]:
    """Which of `family_ids` this worker may see (pages that check a batch of families)."""
    from brug.families.models import Family

    if not family_ids:
        return set()
    return set(visible_families(worker, Family.objects.filter(pk__in=list(family_ids)), day=day)
               .values_list("pk", flat=True))


def field_match(worker, field: str, lookup: str, value, *, day: date | None = None) -> Q:
    """A search condition on a Family field that only matches where its category is granted:
    a search must not be an oracle for what the list does not show. What it matches is
    always among `visible_families` (a granted category is a grant), so a search needs no
    visibility filter of its own."""
    category = FIELD_CATEGORY[f"family.{field}"]
    return Q(**{f"{field}__{lookup}": value}) & _granted_q(worker, category, day)


def shown_name(worker, *, day: date | None = None):
    """An ordering expression: the family's name where identity is granted, else nothing, so
    the order of a list does not betray names either."""
    return Case(When(_granted_q(worker, Category.IDENTITY, day), then=F("display_name")),
                default=Value(""))


def neutral_label(family_id: int) -> str:
    return _("Gezin zonder gedeelde naam (nr. %(pk)s)") % {"pk": family_id}


def redact(family, categories: frozenset[str]):
    """The family as this worker may see it: every field whose category is not granted is
    emptied, the name replaced by the neutral label. The instance can no longer be saved."""
    for key, category in FIELD_CATEGORY.items():
        model, field = key.split(".")
        if model != "family" or category in categories:
            continue
        setattr(family, field, neutral_label(family.pk) if field == "display_name" else "")
    family.seen_categories = categories
    family.shows_identity = Category.IDENTITY in categories
    family.redacted = categories != ALL_CATEGORIES
    return family


def seen_families(worker, families: Iterable, *, day: date | None = None) -> list:
    """A page of families for a list or an export, each redacted to what this worker sees."""
    families = list(families)
    granted = categories_by_family(worker, families, day=day)
    return [redact(f, granted[f.pk]) for f in families]


def visible_notes(worker, family, access: Access, queryset: QuerySet) -> QuerySet:
    if not access.any:
        return queryset.none()
    queryset = queryset.filter(family_id=family.pk, category__in=access.categories)
    own = Q(organisation_id=worker.organisation_id)
    return queryset.filter(own | Q(confidential=False, youth_confidence=False)).filter(
        dated_q(worker, access, "created_at__date", category_field="category"))


def notes_for_family_view(queryset: QuerySet) -> QuerySet:
    """What the parents may read about themselves: never a young person's confidence."""
    return queryset.filter(youth_confidence=False)


def handles_referrals(worker) -> bool:
    """Workers who see their organisation's referral in- and outbox."""
    return _kind(worker) == "home"


def answers_referrals_for(worker, organisation_id: int) -> bool:
    """Accept, decline or close a referral sent to `organisation_id`: that organisation's
    workers in the home roles (a partner worker there is the one who takes the family on)."""
    return handles_referrals(worker) and worker.organisation_id == organisation_id


def can_manage_network(worker) -> bool:
    return _usable(worker) and worker.has_role(Role.COORDINATOR, Role.ADMINISTRATOR)


def can_screen_rights(worker) -> bool:
    """The population screening for missed rights (brug.rights.screening): the network's
    coordinators. Family results in it still follow the `rights` category per family."""
    return _usable(worker) and worker.has_role(Role.COORDINATOR)


def can_view_signal_bundle(worker) -> bool:
    """The network's anonymous signal bundle (its export, the meeting agendas, the collective
    signals): the network's professionals, of every organisation, and its managers. Not
    volunteers: they see only the families they are assigned to."""
    return _usable(worker) and worker.has_role(*HOME_ROLES, Role.ADMINISTRATOR)


def can_release_barrier_text(worker) -> bool:
    """Reading barrier descriptions before they are released, and releasing them for the
    bundle: the network's coordinators."""
    return _usable(worker) and worker.has_role(Role.COORDINATOR)


def hosts_open_door(worker, organisation_ids, volunteer_ids=()) -> bool:
    """Record visits of a walk-in hour, or sessions, attendance and registrations of a group
    activity (issue 16): the home roles of a hosting or organising organisation, and the
    volunteers assigned to that hour or activity. Which families' names they see is still
    `access_for` (attendance of a known family is `contact` data); administrators: nothing."""
    kind = _kind(worker)
    if kind == "home":
        return worker.organisation_id in set(organisation_ids)
    return kind == "volunteer" and worker.pk in set(volunteer_ids)


def can_use_open_doors(worker) -> bool:
    """The menu's "Open huis" (walk-in hours, group activities): the network's professionals.
    Volunteers reach the hours and activities they are assigned to by their links."""
    return _kind(worker) == "home"


def can_plan_open_doors(worker) -> bool:
    """Create walk-in hours and group activities: the change roles (for their own
    organisation) and the network's coordinators (for any of its organisations)."""
    return _usable(worker) and worker.has_role(*CHANGE_ROLES)


def can_view_open_door_reports(worker) -> bool:
    """The network's walk-in counts and the reach of its activities (k >= 3, no family data),
    and the neighbourhood figures beside them: the network's coordinators."""
    return _usable(worker) and worker.has_role(Role.COORDINATOR)


def can_use_schools(worker) -> bool:
    """The menu's "Scholen" (issue 17): the network's professionals see which worker is
    present at which school and how (zitdag, consult, SPOC); school social workers log their
    schools' questions there (`does_school_work`), coordinators manage figures and allocation.
    Query-free on purpose: the menu flag is computed on every request."""
    return _kind(worker) == "home"


def does_school_work(worker, organisation_id: int) -> bool:
    """Log questions and trainings of a school: the home roles of the organisation that does
    the school social work there (`School.organisation`). Volunteers and administrators: no."""
    return _kind(worker) == "home" and worker.organisation_id == organisation_id


def can_manage_schools(worker) -> bool:
    """Schools' figures, the allocation rule, overrides and the counts per school (k >= 3):
    the network's coordinators."""
    return _usable(worker) and worker.has_role(Role.COORDINATOR)


def can_create_family(worker) -> bool:
    return _usable(worker) and worker.has_role(*CHANGE_ROLES)


def family_label_grants(worker, family_ids, *, day: date | None = None
                        ) -> dict[int, tuple[str, frozenset[str]]]:
    """For a batch of families known by id (a list page's rows, the Today page's items): for
    every id, the label this worker sees (the family's name with `identity`, `neutral_label`
    without) and the categories granted (empty: the family is not to be shown, except where
    a page shows it whatever is shared, like a referral addressed to the worker).
    One query for the families, then `categories_by_family` (at most two more)."""
    from brug.families.models import Family

    family_ids = set(family_ids)
    if not family_ids:
        return {}
    families = list(Family.objects.filter(pk__in=sorted(family_ids)).only(
        "pk", "organisation_id", "contact_worker_id", "anonymised_at", "display_name"))
    granted = categories_by_family(worker, families, day=day)
    found = {pk: (neutral_label(pk), frozenset()) for pk in family_ids}
    for family in families:
        categories = granted[family.pk]
        found[family.pk] = (family.display_name if Category.IDENTITY in categories
                            else neutral_label(family.pk), categories)
    return found


def family_labels(worker, family_ids, category: str | None, *, day: date | None = None
                  ) -> dict[int, str]:
    """The label to show for each family where this worker sees `category` (None: any
    category); a family missing from the answer is not shown (`family_label_grants`)."""
    return {pk: label for pk, (label, categories)
            in family_label_grants(worker, family_ids, day=day).items()
            if categories and (category is None or category in categories)}


@dataclass(frozen=True)
class ConcernAccess:
    """What a worker may do with the concerns about a family's child (brug.concerns)."""

    see: bool = False
    record: bool = False  # record a concern, change it, close it
    review: bool = False  # review a decision not to tell the family
    access: Access = NO_ACCESS  # the family access as such (which other categories show)


def concern_access(worker, family) -> ConcernAccess:
    """Rule 10: concerns about a child's safety (category `concern`, never shareable) are seen
    by the family's own organisation (its home roles; changed by its change roles while the
    dossier is not read-only) and by the network's coordinators, who follow the reviews up.
    No consent opens them to another organisation or to a volunteer."""
    access = access_for(worker, family)
    if access.home and Category.CONCERN in access.categories:
        return ConcernAccess(see=True, record=access.may_change, review=access.may_manage,
                             access=access)
    if (_usable(worker) and worker.has_role(Role.COORDINATOR) and family.anonymised_at is None
            and worker.organisation.network_id == family.organisation.network_id):
        return ConcernAccess(see=True, review=True, access=access)
    return ConcernAccess(access=access)


def can_oversee_concerns(worker) -> bool:
    """The network's open concerns and overdue reviews: its coordinators."""
    return _usable(worker) and worker.has_role(Role.COORDINATOR)
