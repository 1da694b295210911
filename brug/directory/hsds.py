"""HSDS 3.x exchange of the sociale kaart: tables in, tables out, framework-light.

(The nested "compiled service" JSON is translated to and from these tables in
`hsds_nested.py`, which sits above this module and reads any supported file:
`hsds_nested.parse_file`.)

The exchange format is HSDS's tabular form: one table per HSDS object (`organizations`,
`services`, `locations`, `addresses`, `service_at_locations`, `schedules`, `languages`,
`phones`, `contacts`, `taxonomy_terms`, `attributes`). JSON carries them as one object with an
array per table; CSV as a zip with one `<table>.csv` per table. Life domains travel as taxonomy
terms of the taxonomy `levensweb`, linked to services through `attributes`.

`parse_*` turns a file into tables; `validate` checks every row and returns Dutch row errors;
`brug.directory.services.hsds_import` writes all of it in one transaction, or nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from brug.core.domains import LevenswebDomain
from brug.core.spreadsheet import FORMULA_STARTS, SafeDictWriter
from brug.directory.models import ServiceStatus, Weekday

HSDS_VERSION = "3.0"
TAXONOMY = "levensweb"

COLUMNS: dict[str, list[str]] = {
    "organizations": ["id", "name", "description", "email", "website"],
    "services": ["id", "organization_id", "name", "alternate_name", "description", "url", "email",
                 "status", "fees_description", "eligibility_description", "application_process",
                 "interpretation_services", "minimum_age", "maximum_age"],
    "locations": ["id", "organization_id", "location_type", "name", "description",
                  "transportation", "latitude", "longitude"],
    "addresses": ["id", "location_id", "address_1", "city", "region", "postal_code", "country",
                  "address_type"],
    "service_at_locations": ["id", "service_id", "location_id", "description"],
    "schedules": ["id", "service_id", "service_at_location_id", "freq", "byday", "opens_at",
                  "closes_at", "description"],
    "languages": ["id", "service_id", "name", "code", "note"],
    "phones": ["id", "service_id", "location_id", "number", "type", "description"],
    "contacts": ["id", "service_id", "name", "title", "email"],
    "taxonomy_terms": ["id", "code", "name", "taxonomy"],
    "attributes": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id"],
}
TABLES = list(COLUMNS)

_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?$")
_POSTCODE_BE = re.compile(r"^[1-9][0-9]{3}$")


@dataclass(frozen=True)
class RowError:
    table: str
    # Tables: 1-based position among the table's records (CSV: line number minus one).
    # Nested JSON: the path in the file, e.g. services[3].schedules[0].opens_at.
    row: int | str
    field: str
    message: str

    def __str__(self) -> str:
        return _("%(table)s, rij %(row)s, veld ‘%(field)s’: %(message)s") % {
            "table": self.table, "row": self.row, "field": self.field, "message": self.message,
        }


class HsdsFileError(Exception):
    """The file itself cannot be read (not JSON, not a zip, ...)."""


@dataclass
class ParsedFile:
    """Tables read from a file, and for a nested file where each row came from."""

    tables: dict[str, list[dict]]
    paths: dict[str, list[str]] | None = None
    errors: list[RowError] = dataclasses.field(default_factory=list)

    def relabel(self, errors: list[RowError]) -> list[RowError]:
        """Table errors of a nested file, pointed at the place in the file."""
        if self.paths is None:
            return errors
        out = []
        for e in errors:
            where = self.paths.get(e.table, [])
            if isinstance(e.row, int) and 0 < e.row <= len(where):
                out.append(RowError(e.table, f"{where[e.row - 1]}.{e.field}", e.field,
                                    e.message))
            else:
                out.append(e)
        return out


# ---------------------------------------------------------------- reading files

def load_json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HsdsFileError(_("Dit is geen geldig JSON-bestand (%(err)s).") % {"err": exc}) from exc


def tables_from_doc(doc) -> dict[str, list[dict]]:
    if not isinstance(doc, dict):
        raise HsdsFileError(_("Het JSON-bestand moet een object met tabellen zijn, "
                              "bijvoorbeeld {\"services\": [...]}, of een lijst van diensten."))
    tables: dict[str, list[dict]] = {}
    for name in TABLES:
        rows = doc.get(name, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise HsdsFileError(
                _("De tabel ‘%(t)s’ moet een lijst van objecten zijn.") % {"t": name})
        tables[name] = [{k: ("" if v is None else str(v) if not isinstance(v, str) else v)
                         for k, v in r.items()} for r in rows]
    if not any(tables.values()):
        raise HsdsFileError(_("Het bestand bevat geen HSDS-tabellen."))
    return tables


def parse_json(data: bytes) -> dict[str, list[dict]]:
    """HSDS tables from a JSON object with one array per table."""
    return tables_from_doc(load_json(data))


def parse_csv_zip(data: bytes) -> dict[str, list[dict]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise HsdsFileError(_("Dit is geen zip-bestand met HSDS-CSV-bestanden.")) from exc
    names = {n.rsplit("/", 1)[-1]: n for n in archive.namelist()}
    tables: dict[str, list[dict]] = {}
    for table in TABLES:
        member = names.get(f"{table}.csv")
        if member is None:
            tables[table] = []
            continue
        try:
            text = archive.read(member).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise HsdsFileError(_("%(f)s is niet in UTF-8 opgeslagen.") % {"f": member}) from exc
        tables[table] = [{k: _from_csv_cell(v) for k, v in r.items()}
                         for r in csv.DictReader(io.StringIO(text))]
    if not any(tables.values()):
        raise HsdsFileError(_("Het zip-bestand bevat geen HSDS-tabellen (services.csv, ...)."))
    return tables


# ---------------------------------------------------------------- writing files

def to_json(tables: dict[str, list[dict]]) -> bytes:
    doc = {"hsds_version": HSDS_VERSION, **{t: tables.get(t, []) for t in TABLES}}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# A cell that a spreadsheet would run as a formula is written with one leading apostrophe
# (`core.spreadsheet`). So that an export reads back exactly, a cell that already starts with
# apostrophes before such a character gets one more, and reading removes one from each.
_PROTECTED = re.compile(r"^'+[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _to_csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _PROTECTED.match(text) else text


def _from_csv_cell(value):
    return value[1:] if isinstance(value, str) and _PROTECTED.match(value) else value


def to_csv_zip(tables: dict[str, list[dict]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            out = io.StringIO()
            writer = SafeDictWriter(out, fieldnames=COLUMNS[table], extrasaction="ignore")
            writer.writeheader()
            for row in tables.get(table, []):
                writer.writerow({k: _to_csv_cell(v) for k, v in row.items()})
            archive.writestr(f"{table}.csv", out.getvalue())
    return buffer.getvalue()


# ---------------------------------------------------------------- validation

def _clean(row: dict, key: str) -> str:
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else str(value)


def parse_time(value: str) -> time | None:
    if not value:
        return None
    m = _TIME.match(value)
    if not m:
        raise ValueError
    return time(int(m.group(1)), int(m.group(2)))


def validate(tables: dict[str, list[dict]], *, known_organizations: set[str] = frozenset(),
             known_services: set[str] = frozenset(),
             known_locations: set[str] = frozenset()) -> list[RowError]:
    """Every problem in every row; an empty list means the import can go ahead."""
    errors: list[RowError] = []
    email_ok, url_ok = EmailValidator(), URLValidator()
    # Translated once, not per row: a file holds tens of thousands of references.
    org_label, service_label, location_label = _("organisatie"), _("dienst"), _("locatie")
    sal_label, term_label = _("dienst op een locatie"), _("taxonomieterm")
    statuses, weekdays = set(ServiceStatus.values), set(Weekday.values)

    def err(table, i, field, message):
        errors.append(RowError(table, i, field, message))

    def ids_of(table: str) -> set[str]:
        seen: set[str] = set()
        for i, row in enumerate(tables.get(table, []), start=1):
            rid = _clean(row, "id")
            if not rid:
                err(table, i, "id", _("een id is verplicht"))
            elif rid in seen:
                err(table, i, "id", _("dit id komt meer dan eens voor (%(id)s)") % {"id": rid})
            seen.add(rid)
        return seen

    def required(table, i, row, field):
        if not _clean(row, field):
            err(table, i, field, _("dit veld is verplicht en is leeg"))

    def check_email(table, i, row, field="email"):
        value = _clean(row, field)
        if value:
            try:
                email_ok(value)
            except ValidationError:
                err(table, i, field, _("geen geldig e-mailadres: %(v)s") % {"v": value})

    def check_url(table, i, row, field):
        value = _clean(row, field)
        if value:
            try:
                url_ok(value)
            except ValidationError:
                err(table, i, field, _("geen geldige webpagina: %(v)s") % {"v": value})

    def check_ref(table, i, row, field, targets, target_name, *, needed=True):
        value = _clean(row, field)
        if not value:
            if needed:
                err(table, i, field, _("dit veld is verplicht en is leeg"))
            return
        if value not in targets:
            err(table, i, field, _("verwijst naar %(what)s ‘%(v)s’ die niet bestaat") % {
                "what": target_name, "v": value})

    org_ids = ids_of("organizations") | set(known_organizations)
    service_ids = ids_of("services") | set(known_services)
    location_ids = ids_of("locations") | set(known_locations)
    sal_ids = ids_of("service_at_locations")
    term_ids = ids_of("taxonomy_terms")
    for table in ("addresses", "schedules", "languages", "phones", "contacts", "attributes"):
        ids_of(table)

    for i, row in enumerate(tables.get("organizations", []), start=1):
        required("organizations", i, row, "name")
        check_email("organizations", i, row)
        check_url("organizations", i, row, "website")

    for i, row in enumerate(tables.get("services", []), start=1):
        required("services", i, row, "name")
        check_ref("services", i, row, "organization_id", org_ids, org_label)
        status = _clean(row, "status")
        if status and status not in statuses:
            err("services", i, "status", _("onbekende status ‘%(v)s’; kies uit %(c)s") % {
                "v": status, "c": ", ".join(ServiceStatus.values)})
        check_email("services", i, row)
        check_url("services", i, row, "url")
        ages = {}
        for field in ("minimum_age", "maximum_age"):
            value = _clean(row, field)
            if value:
                if not value.isdecimal() or int(value) > 120:
                    err("services", i, field, _("geen geldige leeftijd: %(v)s") % {"v": value})
                else:
                    ages[field] = int(value)
        if len(ages) == 2 and ages["minimum_age"] > ages["maximum_age"]:
            err("services", i, "maximum_age",
                _("de maximumleeftijd is kleiner dan de minimumleeftijd"))

    for i, row in enumerate(tables.get("locations", []), start=1):
        required("locations", i, row, "name")
        check_ref("locations", i, row, "organization_id", org_ids, org_label, needed=False)
        for field, limit in (("latitude", 90), ("longitude", 180)):
            value = _clean(row, field)
            if value:
                try:
                    number = Decimal(value)
                    if abs(number) > limit:
                        raise InvalidOperation
                except InvalidOperation:
                    err("locations", i, field, _("geen geldige coördinaat: %(v)s") % {"v": value})

    for i, row in enumerate(tables.get("addresses", []), start=1):
        check_ref("addresses", i, row, "location_id", location_ids, location_label)
        country = _clean(row, "country") or "BE"
        postcode = _clean(row, "postal_code")
        if len(country) != 2:
            err("addresses", i, "country", _("gebruik een landcode van 2 letters, zoals BE"))
        if postcode and country.upper() == "BE" and not _POSTCODE_BE.match(postcode):
            err("addresses", i, "postal_code", _("een Belgische postcode heeft 4 cijfers, "
                                                 "niet ‘%(v)s’") % {"v": postcode})

    for i, row in enumerate(tables.get("service_at_locations", []), start=1):
        check_ref("service_at_locations", i, row, "service_id", service_ids, service_label)
        check_ref("service_at_locations", i, row, "location_id", location_ids, location_label)

    for i, row in enumerate(tables.get("schedules", []), start=1):
        if not _clean(row, "service_id") and not _clean(row, "service_at_location_id"):
            err("schedules", i, "service_id", _("een uurrooster hoort bij een dienst of bij een "
                                                "dienst op een locatie"))
        check_ref("schedules", i, row, "service_id", service_ids, service_label, needed=False)
        check_ref("schedules", i, row, "service_at_location_id", sal_ids,
                  sal_label, needed=False)
        freq = _clean(row, "freq").upper()
        if freq and freq != "WEEKLY":
            err("schedules", i, "freq", _("alleen wekelijkse uurroosters (WEEKLY) worden "
                                          "ondersteund, niet ‘%(v)s’") % {"v": freq})
        days = [d.strip().upper() for d in _clean(row, "byday").split(",") if d.strip()]
        if not days:
            err("schedules", i, "byday", _("vul de dag(en) in, bijvoorbeeld MO,TU"))
        bad = [d for d in days if d not in weekdays]
        if bad:
            err("schedules", i, "byday", _("onbekende dag ‘%(v)s’; gebruik MO, TU, WE, TH, FR, "
                                           "SA of SU") % {"v": ",".join(bad)})
        times = {}
        for field in ("opens_at", "closes_at"):
            try:
                times[field] = parse_time(_clean(row, field))
            except ValueError:
                err("schedules", i, field, _("geen geldig uur: ‘%(v)s’ (schrijf bv. 09:00)") % {
                    "v": _clean(row, field)})
        if times.get("opens_at") and times.get("closes_at") and \
                times["closes_at"] <= times["opens_at"]:
            err("schedules", i, "closes_at", _("het sluitingsuur ligt niet na het openingsuur"))

    for i, row in enumerate(tables.get("languages", []), start=1):
        check_ref("languages", i, row, "service_id", service_ids, service_label)
        required("languages", i, row, "name")

    for i, row in enumerate(tables.get("phones", []), start=1):
        required("phones", i, row, "number")
        if not _clean(row, "service_id") and not _clean(row, "location_id"):
            err("phones", i, "service_id",
                _("een telefoonnummer hoort bij een dienst of een locatie"))
        check_ref("phones", i, row, "service_id", service_ids, service_label, needed=False)
        check_ref("phones", i, row, "location_id", location_ids, location_label, needed=False)

    for i, row in enumerate(tables.get("contacts", []), start=1):
        check_ref("contacts", i, row, "service_id", service_ids, service_label)
        check_email("contacts", i, row)

    codes = set(LevenswebDomain.values)
    for i, row in enumerate(tables.get("taxonomy_terms", []), start=1):
        if _clean(row, "taxonomy") == TAXONOMY and _clean(row, "code") not in codes:
            err("taxonomy_terms", i, "code", _("onbekend levensdomein ‘%(v)s’") % {
                "v": _clean(row, "code")})

    for i, row in enumerate(tables.get("attributes", []), start=1):
        check_ref("attributes", i, row, "taxonomy_term_id", term_ids, term_label)
        if _clean(row, "link_entity") in ("", "service"):
            check_ref("attributes", i, row, "link_id", service_ids, service_label)
    return errors
