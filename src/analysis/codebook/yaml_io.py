"""YAML reading for the codebook: the fast safe loader, refusing repeated keys."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analysis.codebook.model import CodebookError

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

#: Fields that name a codebook entry, in the order they are looked for (for error messages).
_ENTRY_NAMES = ("id", "role", "cue", "relation", "label", "name")
_MERGE_TAG = "tag:yaml.org,2002:merge"


class DuplicateKeyError(yaml.YAMLError):
    """A mapping repeats a key (YAML would silently keep the last value)."""

    def __init__(self, key: Any, entry: str, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.entry, self.line = key, entry, line


class _UniqueKeyLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a mapping that repeats a key.

    Plain YAML keeps the last of two equal keys, so a second `sign:` in an entry would
    silently replace the first. Keys are constructed once (the constructor caches them by
    node), so the check costs one set lookup per key.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                except TypeError:  # an unhashable key: the base constructor reports it
                    continue
                if duplicate:
                    raise DuplicateKeyError(key, _entry_name(node), key_node.start_mark.line + 1)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _entry_name(node: yaml.MappingNode) -> str:
    """The value of the first naming field (`id`, `name`, ...) of a mapping node, or ''."""
    fields = {k.value: v.value for k, v in node.value
              if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
    return next((str(fields[f]) for f in _ENTRY_NAMES if fields.get(f)), "")



def _read(path: Path) -> Any:
    """Parse one YAML file, naming it in any error."""
    if not path.exists():
        raise CodebookError(f"{path}: codebook file is missing")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except DuplicateKeyError as exc:
        entry = f"entry '{exc.entry}': " if exc.entry else ""
        raise CodebookError(f"{path}: line {exc.line}: {entry}duplicate key '{exc.key}' "
                            "(remove one: YAML would keep only the last)") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        detail = str(exc).replace("\n", " ")
        raise CodebookError(f"{path}: not valid YAML ({detail[:160]})") from None


