"""HSDS 3.x nested ("compiled service") JSON ⇄ the flat HSDS tables of `hsds.py`.

The nested form is a list of service objects, each carrying its `organization`, its
`service_at_locations` (each with its `location`, the location's `addresses` and `phones`, and
the hours that hold at that place in `schedules`), and its own `schedules`, `languages`,
`phones`, `contacts` and `attributes` (each with its `taxonomy_term`). An HSDS API page
(`{"contents": [...]}`) is accepted as well.

Import turns the objects back into the tables, so the same validation and the same
all-or-nothing import apply. Every flat row remembers where it came from
(`services[3].schedules[0]`, 0-based like a JSON path), so an error names the place in the
file. An organisation or location that occurs under several services is written once; when
its copies disagree, that is an error.

What the nested form cannot carry: organisations and locations without any service.

`parse_file` reads any supported file (CSV zip, table JSON, nested JSON): it lives here, above
`hsds.py`, because it needs both.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from brug.directory import hsds
from brug.directory.hsds import TABLES, HsdsFileError, ParsedFile, RowError

CHILD_LISTS = ("service_at_locations", "schedules", "languages", "phones", "contacts",
               "attributes")


# ---------------------------------------------------------------- detecting the shape

def service_list(doc) -> list | None:
    """The list of service objects when `doc` is nested HSDS, else None (tables)."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("contents"), list) and not any(t in doc for t in TABLES):
        return doc["contents"]
    services = doc.get("services")
    if isinstance(services, list) and any(
            isinstance(s, dict) and any(isinstance(v, (dict, list)) for v in s.values())
            for s in services):
        return services
    return None


def parse_file(name: str, data: bytes) -> ParsedFile:
    """Any supported file → its tables. The JSON shape is detected: tables (an object with an
    array per table) or nested service objects (a list of services)."""
    if name.lower().endswith(".zip") or data[:2] == b"PK":
        return ParsedFile(tables=hsds.parse_csv_zip(data))
    doc = hsds.load_json(data)
    services = service_list(doc)
    if services is not None:
        if not services:
            raise HsdsFileError(_("Het bestand bevat geen diensten."))
        return flatten(services)
    return ParsedFile(tables=hsds.tables_from_doc(doc))


# ---------------------------------------------------------------- export: tables → nested

def _typed(row: dict) -> dict:
    """A table row as a JSON object: no empty values, numbers as numbers."""
    out = {}
    for key, value in row.items():
        if value in ("", None):
            continue
        if key in ("minimum_age", "maximum_age") and str(value).isdigit():
            value = int(value)
        elif key in ("latitude", "longitude"):
            try:
                value = float(Decimal(str(value)))
            except InvalidOperation:
                pass
        out[key] = value
    return out


def _by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.get(key, "")].append(row)
    return grouped


def to_nested(tables: dict[str, list[dict]]) -> list[dict]:
    """The flat tables as a list of nested service objects."""
    organizations = {r["id"]: r for r in tables.get("organizations", [])}
    locations = {r["id"]: r for r in tables.get("locations", [])}
    terms = {r["id"]: r for r in tables.get("taxonomy_terms", [])}
    addresses = _by(tables.get("addresses", []), "location_id")
    sals = _by(tables.get("service_at_locations", []), "service_id")
    schedules = tables.get("schedules", [])
    hours_at = _by([s for s in schedules if s.get("service_at_location_id")],
                   "service_at_location_id")
    hours_of = _by([s for s in schedules if not s.get("service_at_location_id")], "service_id")
    phones = tables.get("phones", [])
    phones_of = _by([p for p in phones if p.get("service_id")], "service_id")
    phones_at = _by([p for p in phones if not p.get("service_id")], "location_id")
    languages = _by(tables.get("languages", []), "service_id")
    contacts = _by(tables.get("contacts", []), "service_id")
    attributes = _by([a for a in tables.get("attributes", [])
                      if a.get("link_entity") in ("", None, "service")], "link_id")

    def location(location_id: str) -> dict:
        obj = _typed(locations.get(location_id, {"id": location_id}))
        obj["addresses"] = [_typed(a) for a in addresses.get(location_id, [])]
        obj["phones"] = [_typed(p) for p in phones_at.get(location_id, [])]
        return obj

    result = []
    for row in tables.get("services", []):
        sid = row["id"]
        obj = _typed(row)
        obj["organization"] = _typed(organizations.get(row.get("organization_id"), {}))
        obj["service_at_locations"] = [
            {**_typed(sal), "location": location(sal["location_id"]),
             "schedules": [_typed(h) for h in hours_at.get(sal["id"], [])]}
            for sal in sals.get(sid, [])]
        obj["schedules"] = [_typed(h) for h in hours_of.get(sid, [])]
        obj["languages"] = [_typed(x) for x in languages.get(sid, [])]
        obj["phones"] = [_typed(x) for x in phones_of.get(sid, [])]
        obj["contacts"] = [_typed(x) for x in contacts.get(sid, [])]
        obj["attributes"] = [{**_typed(a), "taxonomy_term": _typed(terms.get(
            a.get("taxonomy_term_id"), {}))} for a in attributes.get(sid, [])]
        result.append(obj)
    return result


def to_json(tables: dict[str, list[dict]]) -> bytes:
    return json.dumps(to_nested(tables), ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- import: nested → tables

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


class _Flattener:
    def __init__(self):
        self.tables: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.paths: dict[str, list[str]] = {t: [] for t in TABLES}
        self.errors: list[RowError] = []
        self.seen: dict[tuple[str, str], tuple[str, dict]] = {}

    def error(self, table: str, path: str, field_name: str, message: str) -> None:
        self.errors.append(RowError(table, f"{path}.{field_name}" if field_name else path,
                                    field_name, message))

    @staticmethod
    def scalars(obj: dict) -> dict:
        """The plain fields of an object as table cells; nested values are read separately."""
        return {k: _cell(v) for k, v in obj.items() if not isinstance(v, (dict, list))}

    def objects(self, parent: dict, key: str, table: str, path: str) -> list[tuple[dict, str]]:
        """The objects of the list `parent[key]`, each with its path."""
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(table, f"{path}.{key}", "", _("dit moet een lijst zijn"))
            return []
        out = []
        for i, item in enumerate(value):
            where = f"{path}.{key}[{i}]"
            if isinstance(item, dict):
                out.append((item, where))
            else:
                self.error(table, where, "", _("dit moet een object zijn"))
        return out

    def add(self, table: str, row: dict, path: str) -> None:
        self.tables[table].append(row)
        self.paths[table].append(path)

    def link(self, row: dict, key: str, parent_id: str, table: str, path: str) -> None:
        """A child points at the object it is nested in; a different id there is an error."""
        given = row.get(key, "").strip()
        if given and parent_id and given != parent_id:
            self.error(table, path, key, _(
                "verwijst naar ‘%(given)s’ maar staat onder ‘%(parent)s’") % {
                    "given": given, "parent": parent_id})
        row[key] = given or parent_id

    def once(self, table: str, row: dict, path: str, what: str) -> bool:
        """Shared objects (organisation, location, term) are written once. True: first time."""
        rid = row.get("id", "").strip()
        if not rid:
            self.add(table, row, path)  # validation reports the missing id at this path
            return True
        first = self.seen.get((table, rid))
        if first is None:
            self.seen[(table, rid)] = (path, row)
            self.add(table, row, path)
            return True
        if first[1] != row:
            self.error(table, path, "id", _(
                "%(what)s ‘%(id)s’ staat ook in %(first)s, met andere gegevens") % {
                    "what": what, "id": rid, "first": first[0]})
        return False

    def service(self, obj: dict, path: str) -> None:
        row = self.scalars(obj)
        sid = row.get("id", "").strip()
        organization = obj.get("organization")
        if organization is not None:
            if isinstance(organization, dict):
                org = self.scalars(organization)
                self.once("organizations", org, f"{path}.organization", _("de organisatie"))
                self.link(row, "organization_id", org.get("id", "").strip(), "services", path)
            else:
                self.error("services", f"{path}.organization", "", _("dit moet een object zijn"))
        self.add("services", row, path)
        for sal_obj, where in self.objects(obj, "service_at_locations", "service_at_locations",
                                           path):
            self.service_at_location(sal_obj, where, sid)
        for table in ("schedules", "languages", "phones", "contacts"):
            for child, where in self.objects(obj, table, table, path):
                child_row = self.scalars(child)
                self.link(child_row, "service_id", sid, table, where)
                self.add(table, child_row, where)
        for attr, where in self.objects(obj, "attributes", "attributes", path):
            attr_row = self.scalars(attr)
            self.link(attr_row, "link_id", sid, "attributes", where)
            attr_row.setdefault("link_entity", "service")
            term = attr.get("taxonomy_term")
            if isinstance(term, dict):
                term_row = self.scalars(term)
                self.once("taxonomy_terms", term_row, f"{where}.taxonomy_term", _("de term"))
                self.link(attr_row, "taxonomy_term_id", term_row.get("id", "").strip(),
                          "attributes", where)
            self.add("attributes", attr_row, where)

    def service_at_location(self, obj: dict, path: str, service_id: str) -> None:
        row = self.scalars(obj)
        self.link(row, "service_id", service_id, "service_at_locations", path)
        location = obj.get("location")
        if isinstance(location, dict):
            where = f"{path}.location"
            loc = self.scalars(location)
            lid = loc.get("id", "").strip()
            if self.once("locations", loc, where, _("de plaats")):
                for address, a_path in self.objects(location, "addresses", "addresses", where):
                    a_row = self.scalars(address)
                    self.link(a_row, "location_id", lid, "addresses", a_path)
                    self.add("addresses", a_row, a_path)
                for phone, p_path in self.objects(location, "phones", "phones", where):
                    p_row = self.scalars(phone)
                    self.link(p_row, "location_id", lid, "phones", p_path)
                    self.add("phones", p_row, p_path)
            self.link(row, "location_id", lid, "service_at_locations", path)
        elif location is not None:
            self.error("service_at_locations", f"{path}.location", "",
                       _("dit moet een object zijn"))
        self.add("service_at_locations", row, path)
        for hours, where in self.objects(obj, "schedules", "schedules", path):
            h_row = self.scalars(hours)
            self.link(h_row, "service_at_location_id", row.get("id", "").strip(), "schedules",
                      where)
            self.link(h_row, "service_id", service_id, "schedules", where)
            self.add("schedules", h_row, where)


def flatten(services: list) -> ParsedFile:
    """Nested service objects → HSDS tables, with the path of every row."""
    f = _Flattener()
    for i, obj in enumerate(services):
        path = f"services[{i}]"
        if isinstance(obj, dict):
            f.service(obj, path)
        else:
            f.error("services", path, "", _("dit moet een object zijn"))
    return ParsedFile(tables=f.tables, paths=f.paths, errors=f.errors)
