"""Loading and validating the rights catalogue (YAML) into compiled, immutable objects."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .conditions import Compiler, Interner, Refs, combine, dated
from .facts import FACTS
from .model import (
    CONDITION_FIELDS,
    DEFAULT_CATALOGUE_DIR,
    DOMAINS,
    GRANTING,
    LEVELS,
    PERIODS,
    PLACEHOLDER,
    RIGHT_FIELDS_OPTIONAL,
    RIGHT_FIELDS_REQUIRED,
    SENTENCE_END,
    AmountCase,
    AmountSpec,
    Catalogue,
    Condition,
    Right,
)
from .parameters import Parameter, parse_parameter_file
from .windows import parse_window
from .yamlload import CatalogueError, MarkedDict, line_of, load_yaml

__all__ = [
    "DOMAINS",
    "GRANTING",
    "LEVELS",
    "PERIODS",
    "PLACEHOLDER",
    "AmountCase",
    "AmountSpec",
    "Catalogue",
    "Condition",
    "Right",
    "count_sentences",
    "default_catalogue",
    "load_catalogue",
]


def count_sentences(text: str) -> int:
    stripped = text.strip()
    if not stripped:
        return 0
    n = len(SENTENCE_END.findall(stripped + " "))
    return max(n, 1)


def _text(raw: dict, key: str, path: Path, required: bool = True) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise CatalogueError(path, line_of(raw), f"verplicht veld '{key}' ontbreekt")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise CatalogueError(path, line_of(raw, key), f"'{key}' moet een (niet-lege) tekst zijn")
    return " ".join(value.split())


def _text_list(raw: dict, key: str, path: Path, required: bool = False) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        if required:
            raise CatalogueError(path, line_of(raw), f"verplicht veld '{key}' ontbreekt")
        return ()
    if (
        not isinstance(value, list)
        or not all(isinstance(v, (str, int)) for v in value)
        or (required and not value)
    ):
        raise CatalogueError(path, line_of(raw, key), f"'{key}' moet een lijst van teksten zijn")
    return tuple(" ".join(str(v).split()) for v in value)


def _check_placeholders(
    text: str, raw: dict, key: str, path: Path, params: dict[str, bool]
) -> None:
    for name in PLACEHOLDER.findall(text):
        if name in params and not params[name]:
            continue
        if name in FACTS or name in ("bedrag", "aantal"):
            continue
        raise CatalogueError(
            path, line_of(raw, key), f"onbekende verwijzing '{{{name}}}' in '{key}'"
        )


class _RightParser:
    def __init__(self, path: Path, params: dict[str, bool], interner: Interner | None = None):
        self.path = path
        self.params = params
        self.compiler = Compiler(path, params, interner)
        self.interner = self.compiler.interner

    def _date(self, raw: dict, key: str) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise CatalogueError(
                self.path, line_of(raw, key), f"'{key}' moet een datum zijn (JJJJ-MM-DD)"
            )
        return value

    def _period(self, raw: dict) -> tuple[dt.date | None, dt.date | None]:
        vf, vu = self._date(raw, "valid_from"), self._date(raw, "valid_until")
        if vf is not None and vu is not None and vu < vf:
            raise CatalogueError(
                self.path, line_of(raw, "valid_until"), "'valid_until' ligt voor 'valid_from'"
            )
        return vf, vu

    def condition(
        self,
        raw: Any,
        line: int | None,
        refs: Refs,
        seen: set[str],
        neutral: bool = True,
    ) -> Condition:
        """Compile one named condition.

        ``neutral`` is its value on a date when the rule is not in force: ``True`` where all
        conditions must hold (a requirement that does not exist yet, or no longer, asks
        nothing), ``False`` for a ground of an ``any_of`` (a ground that does not exist gives
        no right).
        """
        path = self.path
        if not isinstance(raw, dict):
            raise CatalogueError(
                path, line, "een voorwaarde is een mapping met id, label, legal en test"
            )
        extra = set(raw) - CONDITION_FIELDS
        if extra:
            k = sorted(extra)[0]
            raise CatalogueError(path, line_of(raw, k), f"onbekend veld '{k}' in een voorwaarde")
        cid = _text(raw, "id", path)
        if cid in seen:
            raise CatalogueError(
                path, line_of(raw, "id"), f"voorwaarde '{cid}' komt twee keer voor"
            )
        seen.add(cid)
        label = _text(raw, "label", path)
        legal = _text(raw, "legal", path)
        label_false = _text(raw, "label_false", path, required=False)
        for key, text in (("label", label), ("label_false", label_false)):
            _check_placeholders(text, raw, key, path, self.params)
            refs.params |= {p for p in PLACEHOLDER.findall(text) if p in self.params}
        kinds = [k for k in ("test", "any_of", "all_of") if k in raw]
        if len(kinds) != 1:
            raise CatalogueError(
                path,
                line_of(raw),
                f"voorwaarde '{cid}' heeft precies één van test, any_of of all_of",
            )
        kind = kinds[0]
        valid_from, valid_until = self._period(raw)
        granting = raw.get("granting", "")
        if granting and granting not in ("automatic", "on_application"):
            raise CatalogueError(
                path,
                line_of(raw, "granting"),
                "'granting' van een grond is automatic of on_application",
            )
        ask_first = raw.get("ask_first", False)
        if not isinstance(ask_first, bool):
            raise CatalogueError(path, line_of(raw, "ask_first"), "'ask_first' is true of false")
        local = Refs()
        if kind == "test":
            fn = self.compiler.condition(raw["test"], local, line_of(raw, "test"))
            children: tuple[Condition, ...] = ()
        else:
            items = raw[kind]
            if not isinstance(items, list) or not items:
                raise CatalogueError(
                    path, line_of(raw, kind), f"'{kind}' verwacht een lijst van voorwaarden"
                )
            children = tuple(
                self.condition(x, line_of(items, i), local, seen, neutral=(kind == "all_of"))
                for i, x in enumerate(items)
            )
            # Groups are shared by structure too: the same grounds under other ids and labels
            # (the children are interned, so equal children are the same closures).
            group_key = ("group", kind, tuple(id(c.fn) for c in children))
            fn = self.interner.get(group_key, Refs())
            if fn is None:
                cell: list = [None]
                fn = combine(tuple(c.fn for c in children), is_all=(kind == "all_of"), cell=cell)
                self.interner.put(group_key, fn, Refs(), cell)
        if valid_from is not None or valid_until is not None:
            dated_key = ("dated", id(fn), valid_from, valid_until, neutral)
            inner = fn
            fn = self.interner.get(dated_key, Refs())
            if fn is None:
                fn = self.interner.put(
                    dated_key, dated(inner, valid_from, valid_until, neutral), Refs()
                )
        refs.facts |= local.facts
        refs.params |= local.params
        return Condition(
            cid,
            label,
            label_false,
            legal,
            fn,
            children,
            kind,
            frozenset(local.facts),
            line_of(raw),
            valid_from,
            valid_until,
            granting,
            ask_first,
        )

    def amount(self, raw: Any, line: int | None, refs: Refs) -> AmountSpec:
        path = self.path
        if (
            not isinstance(raw, dict)
            or set(raw) - {"period", "cases"}
            or "cases" not in raw
            or "period" not in raw
        ):
            raise CatalogueError(path, line, "'amount' heeft 'period' en 'cases'")
        period = raw["period"]
        if period not in PERIODS:
            raise CatalogueError(
                path,
                line_of(raw, "period"),
                f"onbekende periode '{period}' (kies: {', '.join(PERIODS)})",
            )
        cases_raw = raw["cases"]
        if not isinstance(cases_raw, list) or not cases_raw:
            raise CatalogueError(
                path, line_of(raw, "cases"), "'cases' verwacht een niet-lege lijst"
            )
        cases = []
        for i, c in enumerate(cases_raw):
            cl = line_of(cases_raw, i)
            if (
                not isinstance(c, dict)
                or set(c) - {"when", "value", "explain"}
                or "value" not in c
                or "explain" not in c
            ):
                raise CatalogueError(
                    path, cl, "een bedrag heeft 'value', 'explain' en eventueel 'when'"
                )
            when = (
                self.compiler.condition(c["when"], refs, line_of(c, "when"))
                if "when" in c
                else None
            )
            value = self.compiler.expression(c["value"], refs, line_of(c, "value"))
            explain = _text(c, "explain", path)
            _check_placeholders(explain, c, "explain", path, self.params)
            cases.append(AmountCase(when, value, explain))
        return AmountSpec(period, tuple(cases))

    def right(self, raw: Any, line: int | None) -> Right:
        path = self.path
        if not isinstance(raw, dict):
            raise CatalogueError(path, line, "een recht is een mapping")
        for key in RIGHT_FIELDS_REQUIRED:
            if key not in raw:
                rid = raw.get("id", "?")
                raise CatalogueError(
                    path, line_of(raw), f"recht '{rid}': verplicht veld '{key}' ontbreekt"
                )
        extra = set(raw) - set(RIGHT_FIELDS_REQUIRED) - set(RIGHT_FIELDS_OPTIONAL)
        if extra:
            k = sorted(extra)[0]
            raise CatalogueError(path, line_of(raw, k), f"onbekend veld '{k}'")
        rid = _text(raw, "id", path)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", rid):
            raise CatalogueError(
                path, line_of(raw, "id"), f"ongeldig id '{rid}' (kleine letters, cijfers en _)"
            )
        domain, level, granting = raw["domain"], raw["level"], raw["granting"]
        if domain not in DOMAINS:
            raise CatalogueError(
                path,
                line_of(raw, "domain"),
                f"onbekend levensdomein '{domain}' (kies: {', '.join(DOMAINS)})",
            )
        if level not in LEVELS:
            raise CatalogueError(
                path,
                line_of(raw, "level"),
                f"onbekend niveau '{level}' (kies: {', '.join(LEVELS)})",
            )
        if granting not in GRANTING:
            raise CatalogueError(
                path,
                line_of(raw, "granting"),
                f"onbekende toekenning '{granting}' (kies: {', '.join(GRANTING)})",
            )
        description = _text(raw, "description", path)
        if count_sentences(description) > 3:
            raise CatalogueError(
                path,
                line_of(raw, "description"),
                "de beschrijving voor gezinnen heeft meer dan 3 zinnen",
            )
        municipality = _text(raw, "municipality", path, required=False) or None
        if level == "local" and not municipality:
            raise CatalogueError(
                path,
                line_of(raw, "level"),
                f"lokaal recht '{rid}' heeft een gemeente (municipality) nodig",
            )
        if level != "local" and municipality:
            raise CatalogueError(
                path, line_of(raw, "municipality"), "alleen een lokaal recht heeft een gemeente"
            )
        postcodes = _text_list(raw, "postcodes", path)
        received_if = raw.get("received_if")
        if received_if is not None and (
            received_if not in FACTS or FACTS[received_if].type != "bool"
        ):
            raise CatalogueError(
                path,
                line_of(raw, "received_if"),
                f"'received_if' moet een ja/nee-gegeven zijn, niet '{received_if}'",
            )
        conds_raw = raw["conditions"]
        if not isinstance(conds_raw, list) or not conds_raw:
            raise CatalogueError(
                path, line_of(raw, "conditions"), "'conditions' verwacht een niet-lege lijst"
            )
        refs = Refs()
        seen: set[str] = set()
        conditions = [
            self.condition(c, line_of(conds_raw, i), refs, seen) for i, c in enumerate(conds_raw)
        ]
        if municipality:
            conditions.insert(
                0, self._municipality_condition(rid, municipality, postcodes, raw, refs)
            )
        valid_from, valid_until = self._period(raw)
        if valid_from is not None or valid_until is not None:
            conditions.insert(0, self._existence_condition(valid_from, valid_until, raw))
        amount = (
            self.amount(raw["amount"], line_of(raw, "amount"), refs) if "amount" in raw else None
        )
        benefit = _text(raw, "benefit", path, required=False)
        _check_placeholders(benefit, raw, "benefit", path, self.params)
        for p in PLACEHOLDER.findall(benefit):
            if p in self.params:
                refs.params.add(p)
        for key in ("how_to_apply", "where", "when"):
            _check_placeholders(_text(raw, key, path, required=False), raw, key, path, self.params)
        sources = _text_list(raw, "sources", path, required=True)
        for s in sources:
            if not s.startswith(("http://", "https://")):
                raise CatalogueError(path, line_of(raw, "sources"), f"bron '{s}' is geen URL")
        return Right(
            id=rid,
            name=_text(raw, "name", path),
            domain=domain,
            level=level,
            granting_body=_text(raw, "granting_body", path),
            description=description,
            granting=granting,
            how_to_apply=_text(raw, "how_to_apply", path),
            conditions=tuple(conditions),
            legal=_text_list(raw, "legal", path, required=True),
            sources=sources,
            municipality=municipality,
            postcodes=postcodes,
            where=_text(raw, "where", path, required=False),
            when=_text(raw, "when", path, required=False),
            documents=_text_list(raw, "documents", path),
            amount=amount,
            benefit=benefit,
            received_if=received_if,
            notes=_text(raw, "notes", path, required=False),
            valid_from=valid_from,
            valid_until=valid_until,
            params=frozenset(refs.params),
            facts=frozenset(refs.facts),
            path=str(path),
            line=line_of(raw),
            window=(
                parse_window(raw["window"], path, line_of(raw, "window"))
                if "window" in raw
                else None
            ),
        )

    def _existence_condition(
        self, valid_from: dt.date | None, valid_until: dt.date | None, raw: dict
    ) -> Condition:
        # A right that starts later or was abolished: not entitled outside its period.
        def fn(ctx: Any, sink: list[str] | None) -> Any:
            on = ctx.on
            return (valid_from is None or on >= valid_from) and (
                valid_until is None or on <= valid_until
            )

        fn.existence = (valid_from, valid_until)  # type: ignore[attr-defined]  # resolved per date
        period = (
            f"van {valid_from:%d-%m-%Y} tot en met {valid_until:%d-%m-%Y}"
            if valid_from and valid_until
            else f"vanaf {valid_from:%d-%m-%Y}"
            if valid_from
            else f"tot en met {valid_until:%d-%m-%Y}"  # type: ignore[union-attr]
        )
        legal = raw["legal"][0] if isinstance(raw.get("legal"), list) and raw["legal"] else ""
        return Condition(
            id="bestaat_op_deze_datum",
            label=f"Dit recht bestaat op deze datum (het geldt {period}).",
            label_false=f"Dit recht bestaat niet op deze datum: het geldt {period}.",
            legal=str(legal),
            fn=fn,
            mode="test",
            line=line_of(raw, "valid_from" if valid_from else "valid_until"),
        )

    def _municipality_condition(
        self, rid: str, municipality: str, postcodes: tuple[str, ...], raw: dict, refs: Refs
    ) -> Condition:
        # The municipality decides when it is known; otherwise the postcode
        # (when the right lists postcodes).
        key = municipality.casefold()
        codes = frozenset(postcodes)
        ask = ("municipality", "postcode") if codes else ("municipality",)

        def fn(ctx: Any, sink: list[str] | None) -> Any:
            mk = ctx.facts.get("municipality_key")
            if mk is not None:
                return mk == key
            pc = ctx.facts.get("postcode")
            if pc is not None and codes:
                return pc in codes
            if sink is not None:
                sink.extend(ask)
            return None

        fn.municipality = (key, codes)  # type: ignore[attr-defined]  # read inline by plancode
        refs.facts |= {"municipality_key", "postcode"}
        legal = (
            raw["legal"][0]
            if isinstance(raw.get("legal"), list) and raw["legal"]
            else f"reglement van {municipality}"
        )
        return Condition(
            id="woont_in_gemeente",
            label=f"Het gezin woont in {municipality}.",
            label_false=f"Het gezin woont niet in {municipality}; dit recht geldt alleen daar.",
            legal=str(legal),
            fn=fn,
            mode="test",
            facts=frozenset({"municipality_key", "postcode"}),
            line=line_of(raw, "municipality"),
        )


def _rights_in_file(data: Any, path: Path) -> list[tuple[Any, int | None]]:
    if isinstance(data, MarkedDict) and "rights" in data:
        if set(data) != {"rights"} or not isinstance(data["rights"], list):
            raise CatalogueError(
                path,
                line_of(data),
                "een bestand met meerdere rechten heeft alleen de sleutel 'rights' (een lijst)",
            )
        return [(r, line_of(data["rights"], i)) for i, r in enumerate(data["rights"])]
    if isinstance(data, MarkedDict):
        return [(data, data.line)]
    raise CatalogueError(path, 1, "een rechtenbestand bevat één recht (mapping) of 'rights: [...]'")


def load_catalogue(
    directory: str | Path | None = None, extra_dirs: tuple[str | Path, ...] = ()
) -> Catalogue:
    """Load and validate every YAML file of a catalogue directory.

    Layout: ``parameters/*.yaml`` (dated parameters), ``*.yaml`` (rights), ``local/*.yaml`` (local
    rights per municipality). ``extra_dirs`` are further right directories (e.g. a network's own
    local rights). Raises :class:`CatalogueError` naming the file and line of the first problem.
    """
    root = Path(directory) if directory is not None else DEFAULT_CATALOGUE_DIR
    if not root.is_dir():
        raise CatalogueError(root, None, "catalogusmap bestaat niet")
    parameters: dict[str, Parameter] = {}
    origin: dict[str, str] = {}
    for file in sorted((root / "parameters").glob("*.yaml")):
        for param, line in parse_parameter_file(load_yaml(file), file):
            if param.id in parameters:
                raise CatalogueError(
                    file, line, f"parameter '{param.id}' bestaat al in {origin[param.id]}"
                )
            if "." not in param.id:
                raise CatalogueError(
                    file,
                    line,
                    f"parameternaam '{param.id}' heeft een voorvoegsel met een punt nodig",
                )
            parameters[param.id] = param
            origin[param.id] = file.name
    kinds = {pid: p.is_table for pid, p in parameters.items()}
    rights: list[Right] = []
    seen: dict[str, str] = {}
    files = sorted(root.glob("*.yaml")) + sorted((root / "local").glob("*.yaml"))
    for extra in extra_dirs:
        files += sorted(Path(extra).glob("*.yaml"))
    interner = Interner()  # one per catalogue: equal conditions share closures and memo slots
    for file in files:
        parser = _RightParser(file, kinds, interner)
        for raw, line in _rights_in_file(load_yaml(file), file):
            right = parser.right(raw, line)
            if right.id in seen:
                raise CatalogueError(
                    file, line_of(raw, "id"), f"recht '{right.id}' bestaat al in {seen[right.id]}"
                )
            seen[right.id] = file.name
            rights.append(right)
    interner.finish()
    return Catalogue(tuple(rights), parameters, str(root))


@lru_cache(maxsize=4)
def default_catalogue() -> Catalogue:
    """The repository's catalogue, loaded once per process."""
    return load_catalogue()
