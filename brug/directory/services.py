"""Writes to the sociale kaart. Directory data is about services, not families."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core import cache_versions, multivalue
from brug.core.audit import audit_record
from brug.core.domains import LevenswebDomain
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.directory import hsds
from brug.directory.models import (
    AccessibilityReport,
    AccessibilityScore,
    Contact,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    search_text_of,
)
from brug.network.models import Organisation, Role

AUDIT_CATEGORY = "directory"
BATCH = 2000


def _changed(network_id: int) -> None:
    """The network's sociale kaart changed: searches and the signal bundle (which names its
    organisations and services) are computed anew after the commit."""
    cache_versions.bump(f"directory:{network_id}")


def can_edit_directory(worker) -> bool:
    return policy.can_manage_network(worker)


# Who runs a provider may keep its services up to date; volunteers do not edit the map.
SERVICE_EDITOR_ROLES = policy.HOME_ROLES


def _editor(worker) -> bool:
    return (worker is not None and worker.active and worker.organisation.active
            and worker.has_role(*SERVICE_EDITOR_ROLES))


def can_add_service(worker) -> bool:
    """Coordinators for any provider; workers of an organisation for their own providers."""
    return policy.can_manage_network(worker) or (
        _editor(worker))


def can_use_provider(worker, provider: Provider) -> bool:
    if provider.network_id != worker.organisation.network_id:
        return False
    if policy.can_manage_network(worker):
        return True
    return _editor(worker) and provider.organisation_id == worker.organisation_id


def can_edit_service(worker, service: Service) -> bool:
    return can_use_provider(worker, service.provider)


def can_report_accessibility(worker) -> bool:
    return policy.can_manage_network(worker) or (
        worker is not None and worker.active
        and worker.has_role(Role.EXPERIENCE_EXPERT, Role.SUPPORTER, Role.PARTNER)
    )


# ---------------------------------------------------------------- editing one service

# The service's own fields the edit page writes (besides provider, programme and search_text).
EDITABLE_FIELDS = ["name", "alternate_name", "description", "url", "email", "status",
                   "fees_description", "eligibility_description", "application_process",
                   "interpretation_services", "minimum_age", "maximum_age", "life_domains"]


@dataclass
class ServiceChanges:
    """What the edit page hands over besides the service's own fields."""

    languages: list[str] = field(default_factory=list)
    new_provider: Provider | None = None
    locations: list[Location] = field(default_factory=list)  # new or changed
    removed_locations: list[Location] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)  # new or changed
    removed_schedules: list[Schedule] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)  # new or changed
    removed_phones: list[Phone] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)  # new or changed
    removed_contacts: list[Contact] = field(default_factory=list)


def _sync_languages(service: Service, names: list[str]) -> None:
    """Keep the rows (and their HSDS id, code and note) of languages still named."""
    wanted = {n.lower(): n for n in names}
    existing = list(Language.objects.filter(service=service))
    keep = {lang.name.lower() for lang in existing if lang.name.lower() in wanted}
    Language.objects.filter(pk__in=[lang.pk for lang in existing
                                    if lang.name.lower() not in wanted]).delete()
    Language.objects.bulk_create([Language(service=service, name=name[:100])
                                  for low, name in wanted.items() if low not in keep])


def _save_locations(service: Service, changes: ServiceChanges) -> None:
    linked = set(ServiceAtLocation.objects.filter(service=service)
                 .values_list("location_id", flat=True))
    for location in changes.locations:
        if location.pk is not None:
            require(location.pk in linked)
        location.network_id = service.network_id
        if location.provider_id is None:
            location.provider_id = service.provider_id
        location.full_clean()
        location.save()
        if location.pk not in linked:
            ServiceAtLocation.objects.create(service=service, location=location)
    for location in changes.removed_locations:
        require(location.pk in linked)
        sal = ServiceAtLocation.objects.get(service=service, location_id=location.pk)
        # Opening hours tied to that place stay with the service.
        Schedule.objects.filter(service_at_location=sal).update(service_at_location=None)
        sal.delete()
        if not ServiceAtLocation.objects.filter(location_id=location.pk).exists():
            Location.objects.filter(pk=location.pk).delete()


def _save_rows(service: Service, model, saved: list, removed: list) -> None:
    """Rows of the service's own (hours, phones, contacts): new or changed ones saved,
    removed ones deleted; a row of another service is refused."""
    own = set(model.objects.filter(service=service).values_list("pk", flat=True))
    for row in saved:
        if row.pk is not None:
            require(row.pk in own)
        row.service = service
        row.full_clean()
        row.save()
    removed_ids = [row.pk for row in removed]
    require(set(removed_ids) <= own)
    model.objects.filter(pk__in=removed_ids).delete()


@transaction.atomic
def service_save(*, actor, service: Service, expected_version: int | None,
                 changes: ServiceChanges) -> Service:
    """Create or edit a service with its places, hours, phones, contact persons and
    languages; one audit event.

    Coordinators may edit every service; workers of the organisation behind a provider edit
    that provider's services. Only coordinators set the programme a service is the door to:
    it decides who may refer. An edit of a row saved by someone else meanwhile raises
    `StaleEdit` before anything is written.
    """
    network_id = actor.organisation.network_id
    coordinator = policy.can_manage_network(actor)
    creating = service.pk is None
    if creating:
        require(can_add_service(actor))
        previous_programme_id = None
    else:
        current = Service.objects.select_related("provider").get(pk=service.pk)
        require(current.network_id == network_id and can_edit_service(actor, current))
        previous_programme_id = current.programme_id
    provider = changes.new_provider
    if provider is not None:
        provider.network_id = network_id
        if not coordinator:
            provider.organisation = actor.organisation
        elif provider.organisation is not None:
            require(provider.organisation.network_id == network_id)
        provider.full_clean()
        provider.save()
        service.provider = provider
    require(can_use_provider(actor, service.provider))
    if not coordinator:
        service.programme_id = previous_programme_id
    if service.programme_id is not None:
        require(service.programme.network_id == network_id)
    service.network_id = network_id
    service.refresh_search_text(service.provider.name)
    service.full_clean()
    if creating:
        service.save()
    else:
        save_versioned(service, expected_version=expected_version or 0,
                       fields=[*EDITABLE_FIELDS, "provider_id", "programme_id", "search_text"])
    _sync_languages(service, changes.languages)
    _save_locations(service, changes)
    _save_rows(service, Schedule, changes.schedules, changes.removed_schedules)
    _save_rows(service, Phone, changes.phones, changes.removed_phones)
    _save_rows(service, Contact, changes.contacts, changes.removed_contacts)
    _changed(network_id)
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY,
                 action=AuditAction.CREATE if creating else AuditAction.CHANGE,
                 detail=(_("dienst %(s)s toegevoegd") if creating
                         else _("dienst %(s)s bewerkt")) % {"s": service.name})
    return service


# ---------------------------------------------------------------- export

def hsds_tables(network) -> dict[str, list[dict]]:
    """The network's directory as HSDS tables (a fixed number of queries)."""
    providers = list(Provider.objects.filter(network=network).order_by("id"))
    services = list(Service.objects.filter(network=network).select_related("provider")
                    .order_by("id"))
    locations = list(Location.objects.filter(network=network).select_related("provider")
                     .order_by("id"))
    sals = list(ServiceAtLocation.objects.filter(service__network=network)
                .select_related("service", "location").order_by("id"))
    sal_ids = {s.pk: s.hsds_id for s in sals}
    schedules = list(Schedule.objects.filter(service__network=network).select_related("service")
                     .order_by("id"))
    languages = list(Language.objects.filter(service__network=network).select_related("service")
                     .order_by("id"))
    phones = list(Phone.objects.filter(service__network=network).select_related(
        "service", "location").order_by("id"))
    phones += list(Phone.objects.filter(service__isnull=True, location__network=network)
                   .select_related("location").order_by("id"))
    contacts = list(Contact.objects.filter(service__network=network).select_related("service")
                    .order_by("id"))

    def t(value):
        return value.strftime("%H:%M") if value else ""

    used_domains = sorted({d for s in services for d in s.life_domain_list})
    return {
        "organizations": [{"id": p.hsds_id, "name": p.name, "description": p.description,
                           "email": p.email, "website": p.website} for p in providers],
        "services": [{
            "id": s.hsds_id, "organization_id": s.provider.hsds_id, "name": s.name,
            "alternate_name": s.alternate_name, "description": s.description, "url": s.url,
            "email": s.email, "status": s.status, "fees_description": s.fees_description,
            "eligibility_description": s.eligibility_description,
            "application_process": s.application_process,
            "interpretation_services": s.interpretation_services,
            "minimum_age": "" if s.minimum_age is None else str(s.minimum_age),
            "maximum_age": "" if s.maximum_age is None else str(s.maximum_age),
        } for s in services],
        "locations": [{
            "id": loc.hsds_id, "organization_id": loc.provider.hsds_id if loc.provider else "",
            "location_type": "physical", "name": loc.name, "description": loc.description,
            "transportation": loc.transportation,
            "latitude": "" if loc.latitude is None else str(loc.latitude),
            "longitude": "" if loc.longitude is None else str(loc.longitude),
        } for loc in locations],
        "addresses": [{
            "id": f"{loc.hsds_id}-address", "location_id": loc.hsds_id,
            "address_1": loc.address_1, "city": loc.city, "region": loc.neighbourhood,
            "postal_code": loc.postal_code, "country": loc.country, "address_type": "physical",
        } for loc in locations],
        "service_at_locations": [{"id": s.hsds_id, "service_id": s.service.hsds_id,
                                  "location_id": s.location.hsds_id,
                                  "description": s.description} for s in sals],
        "schedules": [{
            "id": s.hsds_id, "service_id": s.service.hsds_id,
            "service_at_location_id": sal_ids.get(s.service_at_location_id, ""),
            "freq": "WEEKLY", "byday": s.weekday, "opens_at": t(s.opens_at),
            "closes_at": t(s.closes_at), "description": s.description,
        } for s in schedules],
        "languages": [{"id": lang.hsds_id, "service_id": lang.service.hsds_id,
                       "name": lang.name, "code": lang.code, "note": lang.note}
                      for lang in languages],
        "phones": [{"id": p.hsds_id, "service_id": p.service.hsds_id if p.service else "",
                    "location_id": p.location.hsds_id if p.location else "",
                    "number": p.number, "type": p.type, "description": p.description}
                   for p in phones],
        "contacts": [{"id": c.hsds_id, "service_id": c.service.hsds_id, "name": c.name,
                      "title": c.title, "email": c.email} for c in contacts],
        "taxonomy_terms": [{"id": f"{hsds.TAXONOMY}-{code}", "code": code,
                            "name": str(LevenswebDomain(code).label), "taxonomy": hsds.TAXONOMY}
                           for code in used_domains if code in LevenswebDomain.values],
        "attributes": [{"id": f"{s.hsds_id}-{code}", "link_id": s.hsds_id,
                        "link_type": "life_domain", "link_entity": "service",
                        "taxonomy_term_id": f"{hsds.TAXONOMY}-{code}"}
                       for s in services for code in LevenswebDomain.values
                       if code in s.life_domain_list],
    }


def hsds_export_record(*, actor, fmt: str, count: int) -> None:
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY, action=AuditAction.EXPORT,
                 detail=gettext_noop("sociale kaart als HSDS %(fmt)s: %(n)s diensten") % {
                     "fmt": fmt, "n": count})


# ---------------------------------------------------------------- import

@dataclass
class ImportResult:
    errors: list[hsds.RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _v(row: dict, key: str) -> str:
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else str(value)


def _upsert(model, network, rows: list[tuple[str, dict]], fields: list[str], result, label):
    """Create or update rows of `model` by hsds_id in bulk; returns {hsds_id: pk}.

    The network's own ids are read whole: a list of every imported id in the query would
    cost more to send than the answer.
    """
    existing = dict(model.objects.filter(network=network).values_list("hsds_id", "pk"))
    new, changed = [], []
    for hsds_id, values in rows:
        obj = model(network=network, hsds_id=hsds_id, **values)
        if hsds_id in existing:
            obj.pk = existing[hsds_id]
            changed.append(obj)
        else:
            new.append(obj)
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=BATCH)
        # An import is a save: versions move on so an open edit form is refused.
        from django.db.models import F

        model.objects.filter(pk__in=[o.pk for o in changed]).update(version=F("version") + 1)
    result.created[label] = len(new)
    result.updated[label] = len(changed)
    if any(obj.pk is None for obj in new):  # a database that does not return new ids
        return dict(model.objects.filter(network=network).values_list("hsds_id", "pk"))
    wanted = {h for h, _v in rows}
    pks = {h: pk for h, pk in existing.items() if h in wanted}
    pks.update((obj.hsds_id, obj.pk) for obj in new)
    return pks


@transaction.atomic
def hsds_import(*, actor, tables: dict[str, list[dict]], parsed=None) -> ImportResult:
    """All or nothing: every row is checked first; with any error nothing is written.

    Rows are matched on their HSDS id: existing services, organisations and locations are
    updated, new ones created. The opening hours, languages, phones, contacts and places of
    an imported service are replaced by those in the file. `parsed` (a nested file's
    `ParsedFile`) adds the problems found while reading it and points errors at their path.
    """
    require(can_edit_directory(actor))
    network = actor.organisation.network
    result = ImportResult()
    known_orgs = set(Provider.objects.filter(network=network).values_list("hsds_id", flat=True))
    known_services = set(Service.objects.filter(network=network).values_list("hsds_id", flat=True))
    known_locations = set(Location.objects.filter(network=network)
                          .values_list("hsds_id", flat=True))
    result.errors = hsds.validate(tables, known_organizations=known_orgs,
                                  known_services=known_services, known_locations=known_locations)
    if parsed is not None:
        result.errors = parsed.errors + parsed.relabel(result.errors)
    if result.errors:
        return result

    # Providers, linked to a network organisation of the same name when there is one.
    members = {}
    for org in Organisation.objects.filter(network=network):
        members[org.name.lower()] = org.pk
        members.setdefault(org.short_name.lower(), org.pk)
    linked = dict(Provider.objects.filter(network=network)
                  .values_list("hsds_id", "organisation_id"))
    provider_rows = []
    for row in tables.get("organizations", []):
        hid = _v(row, "id")
        org_id = linked.get(hid) or members.get(_v(row, "name").lower())
        provider_rows.append((hid, {"name": _v(row, "name")[:200],
                                    "description": _v(row, "description"),
                                    "email": _v(row, "email"), "website": _v(row, "website"),
                                    "organisation_id": org_id}))
    provider_pk = _upsert(Provider, network, provider_rows,
                          ["name", "description", "email", "website", "organisation_id"],
                          result, "organizations")
    provider_pk = dict(Provider.objects.filter(network=network).values_list("hsds_id", "pk"))
    provider_names = dict(Provider.objects.filter(network=network).values_list("pk", "name"))

    # Life domains per service, from taxonomy terms and attributes.
    term_code = {_v(r, "id"): _v(r, "code") for r in tables.get("taxonomy_terms", [])
                 if _v(r, "taxonomy") in ("", hsds.TAXONOMY)}
    domains = defaultdict(set)
    for row in tables.get("attributes", []):
        code = term_code.get(_v(row, "taxonomy_term_id"))
        if code and _v(row, "link_entity") in ("", "service"):
            domains[_v(row, "link_id")].add(code)

    service_rows = []
    for row in tables.get("services", []):
        hid = _v(row, "id")
        values = {
            "provider_id": provider_pk[_v(row, "organization_id")],
            "name": _v(row, "name")[:200], "alternate_name": _v(row, "alternate_name")[:200],
            "description": _v(row, "description"), "url": _v(row, "url"),
            "email": _v(row, "email"), "status": _v(row, "status") or ServiceStatus.ACTIVE,
            "fees_description": _v(row, "fees_description")[:300],
            "eligibility_description": _v(row, "eligibility_description"),
            "application_process": _v(row, "application_process"),
            "interpretation_services": _v(row, "interpretation_services")[:300],
            "minimum_age": int(_v(row, "minimum_age")) if _v(row, "minimum_age") else None,
            "maximum_age": int(_v(row, "maximum_age")) if _v(row, "maximum_age") else None,
            "life_domains": multivalue.join(domains.get(hid, ()), LevenswebDomain),
        }
        values["search_text"] = search_text_of(
            values["name"], values["alternate_name"], values["description"],
            provider_names.get(values["provider_id"], ""))
        service_rows.append((hid, values))
    service_fields = [f for f in service_rows[0][1]] if service_rows else []
    service_pk = _upsert(Service, network, service_rows, service_fields, result, "services")
    service_pk_all = dict(Service.objects.filter(network=network).values_list("hsds_id", "pk")) \
        if known_services - set(service_pk) else service_pk

    addresses = {_v(r, "location_id"): r for r in tables.get("addresses", [])}
    location_rows = []
    for row in tables.get("locations", []):
        hid = _v(row, "id")
        address = addresses.get(hid, {})
        location_rows.append((hid, {
            "provider_id": provider_pk.get(_v(row, "organization_id")) if _v(
                row, "organization_id") else None,
            "name": _v(row, "name")[:200], "description": _v(row, "description"),
            "transportation": _v(row, "transportation"),
            "latitude": Decimal(_v(row, "latitude")) if _v(row, "latitude") else None,
            "longitude": Decimal(_v(row, "longitude")) if _v(row, "longitude") else None,
            "address_1": _v(address, "address_1")[:200], "city": _v(address, "city")[:100],
            "postal_code": _v(address, "postal_code")[:10],
            "neighbourhood": _v(address, "region")[:100],
            "country": (_v(address, "country") or "BE").upper(),
        }))
    location_fields = list(location_rows[0][1]) if location_rows else []
    _upsert(Location, network, location_rows, location_fields, result, "locations")
    location_pk = dict(Location.objects.filter(network=network).values_list("hsds_id", "pk"))

    # Children of the imported services are replaced by the file's. Services and locations
    # created just now have none.
    replaced = [service_pk[h] for h, _x in service_rows if h in known_services]
    if replaced:
        for model in (Schedule, Language, Contact, ServiceAtLocation):
            model.objects.filter(service_id__in=replaced).delete()
        Phone.objects.filter(service_id__in=replaced).delete()
    replaced_locations = [h for h, _x in location_rows if h in known_locations]
    if replaced_locations:
        Phone.objects.filter(service__isnull=True, location__network=network,
                             location__hsds_id__in=replaced_locations).delete()

    sal_objs = [ServiceAtLocation(hsds_id=_v(r, "id"),
                                  service_id=service_pk_all[_v(r, "service_id")],
                                  location_id=location_pk[_v(r, "location_id")],
                                  description=_v(r, "description"))
                for r in tables.get("service_at_locations", [])]
    ServiceAtLocation.objects.bulk_create(sal_objs, batch_size=BATCH)
    sal_pk = {s.hsds_id: (s.pk, s.service_id) for s in sal_objs}

    schedules = []
    for row in tables.get("schedules", []):
        sal = sal_pk.get(_v(row, "service_at_location_id"))
        service_id = service_pk_all.get(_v(row, "service_id")) or (sal[1] if sal else None)
        days = [d.strip().upper() for d in _v(row, "byday").split(",") if d.strip()]
        for n, day in enumerate(days):
            schedules.append(Schedule(
                hsds_id=_v(row, "id") if n == 0 else f"{_v(row, 'id')}-{day}",
                service_id=service_id, service_at_location_id=sal[0] if sal else None,
                weekday=day, opens_at=hsds.parse_time(_v(row, "opens_at")),
                closes_at=hsds.parse_time(_v(row, "closes_at")),
                description=_v(row, "description")[:300]))
    Schedule.objects.bulk_create(schedules, batch_size=BATCH)
    Language.objects.bulk_create([
        Language(hsds_id=_v(r, "id"), service_id=service_pk_all[_v(r, "service_id")],
                 name=_v(r, "name")[:100], code=_v(r, "code")[:10], note=_v(r, "note")[:300])
        for r in tables.get("languages", [])], batch_size=BATCH)
    Phone.objects.bulk_create([
        Phone(hsds_id=_v(r, "id"),
              service_id=service_pk_all.get(_v(r, "service_id")) if _v(r, "service_id") else None,
              location_id=location_pk.get(_v(r, "location_id")) if _v(r, "location_id") else None,
              number=_v(r, "number")[:40], type=_v(r, "type")[:20],
              description=_v(r, "description")[:300])
        for r in tables.get("phones", [])], batch_size=BATCH)
    Contact.objects.bulk_create([
        Contact(hsds_id=_v(r, "id"), service_id=service_pk_all[_v(r, "service_id")],
                name=_v(r, "name")[:200], title=_v(r, "title")[:200], email=_v(r, "email"))
        for r in tables.get("contacts", [])], batch_size=BATCH)
    _changed(network.pk)
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY, action=AuditAction.CHANGE,
                 detail=gettext_noop("HSDS-import: %(c)s diensten nieuw, %(u)s bijgewerkt") % {
                     "c": result.created.get("services", 0),
                     "u": result.updated.get("services", 0)})
    return result


# ---------------------------------------------------------------- accessibility reports

@transaction.atomic
def accessibility_report_add(*, actor, service: Service, report: AccessibilityReport,
                             scores: list[AccessibilityScore]) -> AccessibilityReport:
    require(can_report_accessibility(actor))
    require(service.network_id == actor.organisation.network_id)
    report.service = service
    report.recorded_by = actor
    report.full_clean()
    report.save()
    for score in scores:
        score.report = report
        score.full_clean()
    AccessibilityScore.objects.bulk_create(scores)
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY, action=AuditAction.CREATE,
                 detail=gettext_noop("bezoekverslag over %(s)s") % {"s": service.name})
    return report
