"""A YAML loader that remembers line numbers, so validation errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class CatalogueError(Exception):
    """A catalogue file is invalid. Carries the file, the line (1-based) and a message."""

    def __init__(self, path: str | Path | None, line: int | None, message: str):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        where = self.path or "<catalogue>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class MarkedDict(dict):
    """A dict from YAML with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)):
            raise CatalogueError(None, key_node.start_mark.line + 1, "sleutel moet een tekst zijn")
        if key in result:
            raise CatalogueError(None, key_node.start_mark.line + 1, f"dubbele sleutel '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: str | Path) -> Any:
    """Load one YAML file; syntax errors become :class:`CatalogueError` with file and line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return load_yaml_text(text, path)


def load_yaml_text(text: str, path: str | Path | None = None) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader subclass
    except CatalogueError as exc:
        raise CatalogueError(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise CatalogueError(path, line, f"ongeldige YAML: {exc.problem}") from None


def line_of(obj: Any, key: str | int | None = None, default: int | None = None) -> int | None:
    if isinstance(obj, MarkedDict):
        return obj.line_of(str(key)) if key is not None else obj.line
    if isinstance(obj, MarkedList):
        return obj.line_of(key) if isinstance(key, int) else obj.line
    return default
