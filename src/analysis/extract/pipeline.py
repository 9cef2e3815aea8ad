"""The per-document pipeline: every extraction component of one codebook, built once.

A `Pipeline` is built from the codebook once per worker process (the serial engine's
process, each process-pool worker, each Dask worker). It holds the components in the order
they run (ingest, actors, claims, relations) and the one phrase automaton (`Lexicon`) made of
their dictionaries, so each document is scanned once and no component looks another up in a
cache. `pipeline(raw)` runs them on one article. `code_digest()` hashes the source of every
module the components can run: it is what the per-document cache key holds.

The standalone functions the tests and notebooks use (`actors.resolve`,
`claims.extract_claims`, `relations.extract_relations`) run the components of
`pipeline_of(cb)`: the last pipeline built for that codebook object in this process.
"""
from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from analysis.codebook import Codebook
from analysis.codebook.model import learned_outlet_id
from analysis.extract.actors import ActorResolver
from analysis.extract.claims import ClaimExtractor
from analysis.extract.lexicon import UNBOUNDED
from analysis.extract.relations import RelationExtractor, trigger_table
from analysis.ingest.corpus import Boilerplate, RawDoc, ingest
from analysis.ingest.corrections import apply_corrections, load_corrections
from analysis.records import Document, DocResult
from analysis.text.textutil import Lexicon, norm

_PKG = Path(__file__).resolve().parent.parent  # src/analysis


class Outlets:
    """The manifest's outlet names -> the codebook's media actors (normalised aliases, then
    case-sensitive ones; in codebook order, the first outlet listing an alias wins)."""

    def __init__(self, cb: Codebook) -> None:
        self.low: dict[str, str] = {}
        self.cs: dict[str, str] = {}
        for actor in cb.actors.values():
            if actor.type == "media":
                for a in actor.aliases:
                    self.low.setdefault(norm(a), actor.id)
                for a in actor.aliases_cs:
                    self.cs.setdefault(a, actor.id)

    def codebook_outlet(self, outlet: str) -> str:
        """The codebook actor id of an outlet named in the manifest ('' when unknown)."""
        key = norm(outlet).strip()
        if not key:
            return ""
        return self.low.get(key) or self.cs.get(outlet.strip(), "")

    def __call__(self, outlet: str) -> str:
        """The actor speaking in an article's own voice: the codebook's outlet, else a
        learned media actor named after the manifest's outlet ('' when none is named)."""
        return self.codebook_outlet(outlet) or learned_outlet_id(outlet)


class Pipeline:
    """The per-document stages of one codebook, in the order they run."""

    def __init__(self, cb: Codebook) -> None:
        self.cb = cb
        self.boilerplate = Boilerplate(cb)
        self.outlets = Outlets(cb)
        self.actors = ActorResolver(cb)
        self.claims = ClaimExtractor(cb)
        self.relations = RelationExtractor(cb)
        self.lexicon = self._lexicon()
        self._digest = ""

    @property
    def components(self) -> tuple[Any, ...]:
        """The components, in the order they run on a document."""
        return (self.boilerplate, self.outlets, self.actors, self.claims, self.relations)

    def _lexicon(self) -> Lexicon:
        """One automaton for every phrase dictionary of the components (actor names, cue
        forms, markers, frame words, nominal cues, relation triggers, number words)."""
        x = self.claims
        tables: dict[str, dict[str, object]] = {
            "actors": self.actors.m.phrases,
            "markers": x.marker_table,
            "cues": {f: f for f in x.cue_forms},
            "relations": trigger_table(self.cb),
            "nominal": {f: f for f in x.nominal.by_form},
        }
        numbers = self.cb.grammar.numbers("quantities", "number_words")
        tables["numbers"] = {w: w for w in numbers}  # where a quantity may start
        for name, words in x.frame_words.items():
            tables[f"frame:{name}"] = {w: w for w in words}
        return Lexicon(tables, UNBOUNDED)

    def scan(self, doc: Document) -> Document:
        """Scan the document once for every dictionary (the layer `lexicon.doc_hits` reads)."""
        if doc._hits is None:
            doc._hits = self.lexicon.scan(doc.low)
        return doc

    def ingest(self, raw: RawDoc) -> Document:
        """The cleaned, segmented and scanned document of a raw article."""
        return self.scan(ingest(raw, self.cb, self.boilerplate))

    def __call__(self, raw: RawDoc, corrections_dir: Path,
                 entries: list[dict[str, Any]] | None = None) -> DocResult:
        """Every per-document stage on one article (see `build.pipeline.process_document`).

        `entries`: the article's corrections, already read (None reads them from
        `corrections_dir`).
        """
        doc = self.ingest(raw)
        mentions, places, flags, unresolved = self.actors(doc)
        outlet_id = self.outlets(raw.meta.get("outlet", ""))
        claims, loaded = self.claims(doc, mentions, places, outlet_id)
        if entries is None:
            entries = load_corrections(corrections_dir, raw.doc_id)
        if entries:
            claims = apply_corrections(doc, claims, entries,
                                       str(corrections_dir / f"{raw.doc_id}.yaml"))
        relations = self.relations(doc, claims, mentions)
        # the corpus-level stages need neither the raw text (offsets map through `segments`)
        # nor the normalised copy: dropping them keeps 10,000 results well inside memory
        doc.raw_text, doc._low, doc._hits = "", None, None
        # place references live on in each claim's `places`; the spans are not a table
        return DocResult(doc, mentions, [], flags, unresolved, claims, loaded, relations)

    def modules(self) -> list[Path]:
        """Every module of the package the components can run: their classes' modules and
        everything those import, in and below this stage (sorted)."""
        roots = {sys.modules[type(c).__module__] for c in self.components}
        roots.add(sys.modules[__name__])
        return package_closure(roots)

    def code_digest(self) -> str:
        """Digest of the source of `modules()`: a change to any invalidates cached results.
        Hashed on first use and kept: the code this process runs, even if edited later."""
        if not self._digest:
            self._digest = hash_modules(self.modules())
        return self._digest


def package_closure(roots: set[ModuleType]) -> list[Path]:
    """The files of `roots` and of every `analysis` module they import (at module level or
    inside functions), transitively, in a fixed order."""
    todo = [Path(m.__file__).resolve() for m in roots if m.__file__]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(_imported_files(path))
    return sorted(seen)


def _imported_files(path: Path) -> list[Path]:
    """The `analysis` module files one module imports (a package stands for its
    `__init__.py`; `from pkg import module` names the module's file)."""
    rel = path.relative_to(_PKG).parts
    out: list[Path] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel[:-1])[: len(rel) - node.level]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "analysis":
                parts = node.module.split(".")[1:]
            else:
                continue
            out += _files(parts)
            for a in node.names:  # `from analysis.extract import claims`: a module
                out += _files(parts + [a.name])
        elif isinstance(node, ast.Import):
            for a in node.names:
                p = a.name.split(".")
                if p[0] == "analysis":
                    out += _files(p[1:])
    return out


def _files(parts: list[str]) -> list[Path]:
    """The file of the dotted module `parts` below the package root, and the `__init__.py`
    of every package on the way (importing a module runs them)."""
    out = [_PKG / "__init__.py"]
    for i in range(1, len(parts) + 1):
        where = _PKG.joinpath(*parts[:i])
        if (where / "__init__.py").is_file():
            out.append(where / "__init__.py")
        elif where.with_suffix(".py").is_file():
            out.append(where.with_suffix(".py"))
    return [p.resolve() for p in out]


def hash_modules(paths: list[Path]) -> str:
    """One digest of module files: their paths (relative to the package) and bytes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(_PKG).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


_LAST: list[Pipeline] = []  # one slot: the standalone functions' pipeline


def pipeline_of(cb: Codebook) -> Pipeline:
    """The pipeline of this codebook object in this process (built on first use; the build
    builds its own per worker): what the standalone functions (`actors.resolve`,
    `claims.extract_claims`, `relations.extract_relations`) run."""
    if not _LAST or _LAST[0].cb is not cb:
        _LAST[:] = [Pipeline(cb)]
    return _LAST[0]
