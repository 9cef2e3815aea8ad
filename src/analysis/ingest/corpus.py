"""Read the manifest and the raw articles, check them, strip boilerplate, split sentences.

Every input problem raises `InputError` with one line naming the file and the problem (empty,
binary, not UTF-8, changed since the manifest's sha256, missing column, missing file). The
cleaned text is the raw text's kept lines joined by blank lines; each paragraph keeps its raw
offset so any cleaned offset maps back to the raw file.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from analysis.codebook import Codebook
from analysis.records import Document, Sentence
from analysis.text.textutil import paired_quote_spans

#: `re.compile` memoised: inline patterns without the `re` module's cache lookups.
_rx = lru_cache(maxsize=None)(re.compile)

REQUIRED = ("doc_id", "path")
COLUMNS = ("doc_id", "path", "title", "outlet", "published", "url", "language", "sha256")
DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: Longest doc_id: it names cache entries and report files (file names stop at 255 bytes).
MAX_DOC_ID = 128
#: Longest manifest cell (metadata: a title, a URL, a path); the csv module would stop at 128 KiB.
MAX_CELL = 64 * 1024
#: `published`: an ISO 8601 date, optionally with a time and an offset (checked for existence
#: by `datetime.fromisoformat`; the date part is what the actors' offices are compared with).
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
                       r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\Z")
#: How far into an article to look for the tags of an HTML page.
HTML_SNIFF = 4096
#: A saved HTML page or fragment: it starts with a doctype, an XML declaration, a comment or
#: the tag of a page element (<html>, <head>, <div>, <p>, <article>, ...); or within
#: `HTML_SNIFF` characters it has a <head> or <body> tag, a line that begins with a <script>
#: tag, or `HTML_CLOSERS` closing tags of page elements. Markup quoted inside a sentence
#: ("... said that <script>...") is text, not a page: it is kept, and the reports escape it.
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|\?xml\s|!--|(?:html|head|body|div|p|span|"
                         r"article|section|main|header|footer|nav|table|ul|ol|h[1-6]|meta|"
                         r"link|script|style|figure|form|iframe|a|br|img)[\s>/])", re.I)
_HTML_TAGS = re.compile(r"<(?:head|body)(?:\s[^<>]*)?>|^[ \t]*<script(?:\s[^<>]*)?>",
                        re.I | re.M)
_HTML_CLOSE = re.compile(r"</(?:div|p|span|a|li|ul|ol|td|tr|table|section|article|script|"
                         r"style|nav|header|footer|main|figure|h[1-6])\s*>", re.I)
#: Closing tags of page elements near the start that mark a page rather than quoted markup.
HTML_CLOSERS = 5

# A run of end marks is tried once, from its first mark, and taken whole (possessive): the
# same matches as backtracking would find, without a scan of the run from each of its marks.
# The next sentence may open with two marks: "(“" or the ASCII doubled apostrophe ''.
_SENT_END = re.compile(r"""(?<![.!?])[.!?]++["'”’)\]]*+(?=\s+["'“‘(\[]{0,2}[A-Z0-9ÀÁÂÄÉÖÜŞÇĞİ])""")
#: Longest sentence kept whole. A longer one (text without sentence punctuation, or inside
#: an unclosed quotation) is cut at its last whitespace before this length, or at the
#: length itself in a run without whitespace: every later stage then works on sentences of
#: bounded length, so its cost grows linearly with the article. Real news sentences stay far
#: below it (the longest of about 30,000 news sentences measured was some 1,100 characters).
MAX_SENTENCE_CHARS = 3000
#: Sentences ending inside a quotation are kept together up to this length.
QUOTE_JOIN_CHARS = 700
_WS = re.compile(r"\s+")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r
_MARKS = "■□◆◼▪"
_END_MARKS = re.compile(r"\s+[■□◆◼▪]+$")


class InputError(ValueError):
    """A raw input is unusable; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class RawDoc:
    """A manifest row with the article's bytes, checked and decoded."""

    doc_id: str
    meta: dict[str, str]
    sha256: str
    text: str


#: Largest manifest read (checked before reading: a FIFO or /dev/zero is not a manifest).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024


def read_manifest(raw_dir: Path, allow_empty: bool = False) -> list[dict[str, str]]:
    """Read and check `manifest.csv` (required columns, unique ids, safe paths, dates).

    Args:
        raw_dir: the folder holding `manifest.csv`.
        allow_empty: a manifest listing no article is not an error (`analysis add`).
    Returns:
        One dict per row with every contract column (missing optional ones empty).
    Raises:
        InputError: one line naming the file, the line and what is wrong.
    """
    path = raw_dir / "manifest.csv"
    if not path.is_file():
        what = "is not a regular file" if path.exists() else "manifest not found"
        raise InputError(f"{path}: {what}")
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise InputError(f"{path}: manifest is {size:,} bytes, over the limit of "
                         f"{MAX_MANIFEST_BYTES:,} (about a million articles): split the corpus")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    records = _manifest_records(path, text)
    if not records and allow_empty:
        return []
    header = [h.strip() for h in (records[0][1] if records else [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{path}: missing required column(s) {', '.join(missing)}")
    rows, seen = [], set()
    for n, cells in records[1:]:
        row = {k: v.strip() for k, v in zip(header, cells)}
        row.update({k: "" for k in header[len(cells):]})  # a short row: empty cells
        if not any(row.values()):
            continue
        _check_manifest_row(path, n, row, seen)
        seen.add(row["doc_id"])
        rows.append({c: row.get(c, "") for c in COLUMNS})
    if not rows and not allow_empty:
        raise InputError(f"{path}: lists no articles")
    return rows


def _manifest_records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every non-blank record, the header first.

    The csv module's own cell limit (128 KiB) would stop with a traceback: it is lifted to
    the manifest's length while reading (then restored), and a cell is held to `MAX_CELL`.
    """
    reader = csv.reader(io.StringIO(text))
    limit = csv.field_size_limit()
    records: list[tuple[int, list[str]]] = []
    names: list[str] = []  # the header's column names, once read
    line = 1
    try:
        csv.field_size_limit(max(limit, len(text) + 1))
        for cells in reader:
            for j, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    column = repr(names[j]) if j < len(names) else str(j + 1)
                    raise InputError(f"{path}: line {line}: column {column} has {len(cell):,} "
                                     f"characters (a manifest cell holds at most {MAX_CELL:,})")
            if cells:
                records.append((line, cells))
                names = names or [h.strip() for h in cells]
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}: line {line}: not readable as CSV ({exc})") from None
    finally:
        csv.field_size_limit(limit)
    return records


def _check_manifest_row(path: Path, n: int, row: dict[str, str], seen: set[str]) -> None:
    """Raise `InputError` for a row whose doc_id, path or published date is unusable."""
    doc_id = row.get("doc_id", "")
    if not DOC_ID.match(doc_id):
        raise InputError(f"{path}: line {n}: doc_id {doc_id!r} is empty or has characters "
                         "other than letters, digits, '.', '_' and '-'")
    if len(doc_id) > MAX_DOC_ID:
        raise InputError(f"{path}: line {n}: doc_id {doc_id[:24]!r}... has {len(doc_id)} "
                         f"characters (at most {MAX_DOC_ID}: it names files and cache entries)")
    if doc_id in seen:
        raise InputError(f"{path}: line {n}: duplicate doc_id {doc_id!r}")
    if not row.get("path"):
        raise InputError(f"{path}: line {n}: path is empty")
    published = row.get("published", "")
    if published and not is_iso_date(published):
        raise InputError(f"{path}: line {n}: published {published[:40]!r} is not an ISO 8601 "
                         "date: write YYYY-MM-DD, optionally with a time "
                         "(YYYY-MM-DDTHH:MM[:SS][+HH:MM]), or leave it empty")


def is_iso_date(value: str) -> bool:
    """Whether `value` is an existing date `YYYY-MM-DD`, optionally with an ISO time."""
    if not PUBLISHED.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


#: The command that records a missing sha256 (named in the error that asks for it).
REHASH_COMMAND = "python -m analysis add --rehash"


def read_article(raw_dir: Path, row: dict[str, str]) -> RawDoc:
    """Read one listed article, checking existence, its sha256 (required: raw data is
    immutable, so a file must be pinned to its bytes), emptiness, binary content, UTF-8, and
    that it is not a saved HTML page (whose scripts and menus would become claims)."""
    path = check_article_path(raw_dir, row)
    data = read_checked(path)  # the checked file itself, not a name re-resolved later
    digest = hashlib.sha256(data).hexdigest()
    expected = row.get("sha256", "").lower()
    if not expected:
        raise InputError(f"{raw_dir / 'manifest.csv'}: {row.get('doc_id', '')}: no sha256 "
                         f"(required, so raw data cannot change unnoticed): run "
                         f"`{REHASH_COMMAND}` to record it")
    if expected != digest:
        raise InputError(f"{path}: raw data changed (sha256 {digest[:12]}... does not match "
                         f"the manifest's {expected[:12]}...)")
    return RawDoc(row["doc_id"], row, digest, decode_article(path, data))


def decode_article(path: Path, data: bytes) -> str:
    """The text of an article file's bytes (BOM dropped), or `InputError` when the file is
    empty, binary, not UTF-8 or a saved HTML page. Shared by the build and `analysis add`,
    so a file `add` accepts is one the build reads."""
    if not data.strip():
        raise InputError(f"{path}: article is empty")
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: binary file (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (invalid byte at offset {exc.start})") from None
    head = text[:65536]
    controls = len(_CONTROL.findall(head)) if _CONTROL.search(head) else 0
    if controls > max(8, len(head) // 100):
        raise InputError(f"{path}: binary file (control characters), not a text article")
    if text.startswith("\ufeff"):
        text = text[1:]
    if looks_like_html(text):
        raise InputError(f"{path}: looks like an HTML page, not plain text: save the "
                         "article's text (e.g. select it in the browser and paste it into a "
                         ".txt file) and list that file")
    return text


def looks_like_html(text: str) -> bool:
    """Whether `text` is a saved HTML page or fragment (see `_HTML_START`); only its first
    `HTML_SNIFF` characters are read."""
    head = text[:HTML_SNIFF]
    return bool(_HTML_START.match(head) or _HTML_TAGS.search(head)
                or len(_HTML_CLOSE.findall(head)) >= HTML_CLOSERS)


class Boilerplate:
    """The codebook's boilerplate lines and patterns, compiled once per outlet (one per
    pipeline: `extract.pipeline.Pipeline` holds it for every article it ingests)."""

    def __init__(self, cb: Codebook) -> None:
        self.cb = cb
        self._by_outlet: dict[str, tuple[set[str], list[re.Pattern]]] = {}

    def __call__(self, outlet: str) -> tuple[set[str], list[re.Pattern]]:
        """Exact lines and patterns to drop for this outlet (plus the `all` entry)."""
        key = outlet.lower()
        hit = self._by_outlet.get(key)
        if hit is None:
            hit = self._by_outlet[key] = _compile_boilerplate(self.cb, outlet)
        return hit


def _compile_boilerplate(cb: Codebook, outlet: str) -> tuple[set[str], list[re.Pattern]]:
    """Exact lines and patterns to drop for this outlet (plus the `all` entry)."""
    lines: set[str] = set()
    pats: list[re.Pattern] = []
    for key in ("all", outlet.lower()):
        spec = cb.boilerplate.get(key)
        if spec:
            lines |= {x.lower() for x in spec["lines"]}
            pats += [re.compile(p, re.I) for p in spec["patterns"]]
    return lines, pats


def clean(raw: RawDoc, cb: Codebook, strip: bool = True, boilerplate: Boilerplate | None = None
          ) -> tuple[str, list[tuple[int, int, int]], int]:
    """Drop boilerplate and title lines (unless `strip` is false); join the kept lines.

    `boilerplate`: the compiled matchers to use (a pipeline's; compiled now when None).
    Returns:
        (cleaned text, segments as (clean_start, raw_start, length), lines dropped).
    """
    lines, pats = (boilerplate or Boilerplate(cb))(raw.meta.get("outlet", ""))
    title = _rx(r"\s+").sub(" ", raw.meta.get("title", "")).strip().lower()
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    dropped, pos, clean_pos = 0, 0, 0
    for line in raw.text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped and stripped[-1] in _MARKS:
            stripped = _END_MARKS.sub("", stripped)  # "... in the Caucasus. ■"
        lead = len(body) - len(body.lstrip())
        if stripped:
            low = " ".join(stripped.split()).lower()  # whitespace runs as one space
            if strip and (low in lines or any(p.match(stripped) for p in pats)
                          or (title and low == title)):
                dropped += 1
            else:
                if parts:
                    clean_pos += 2
                segments.append((clean_pos, pos + lead, len(stripped)))
                parts.append(stripped)
                clean_pos += len(stripped)
        pos += len(line)
    return "\n\n".join(parts), segments, dropped


def _is_abbreviation(text: str, end: int, abbreviations: frozenset[str]) -> bool:
    """Whether the full stop ending at `end` closes an abbreviation (grammar.yaml
    `sentences.abbreviations`) or an initial."""
    m = _rx(r"([A-Za-z][A-Za-z.]*)\.$").search(text[max(0, end - 12):end])
    if not m:
        return False
    word = m.group(1).lower()
    return word in abbreviations or len(word) == 1 or bool(_rx(r"(?:[a-z]\.)+[a-z]").fullmatch(word))


def split_sentences(par: str, abbreviations: frozenset[str] = frozenset()
                    ) -> list[tuple[int, int]]:
    """Split a paragraph into sentence spans, keeping quotations that span sentences whole.

    A full stop after one of `abbreviations` (grammar.yaml `sentences`), a single letter or
    dotted initials ("u.s.") ends no sentence. Spans longer than `MAX_SENTENCE_CHARS` are cut into pieces (`_cut_long`)."""
    quotes = paired_quote_spans(par)
    q_starts = [qs for qs, _ in quotes]
    spans, start = [], 0
    for m in _SENT_END.finditer(par):
        end = m.end()
        punct_end = m.start() + len(m.group(0).rstrip("\"'”’)]"))
        if m.group(0).startswith(".") and len(m.group(0).rstrip("\"'”’)]")) == 1 \
                and _is_abbreviation(par, punct_end, abbreviations):
            continue
        if end - start < QUOTE_JOIN_CHARS and _in_quote(quotes, q_starts, end - 1):
            continue  # inside a quotation: keep the quote's sentences together
        spans.append((start, end))
        start = end
        while start < len(par) and par[start].isspace():
            start += 1
    if start < len(par):
        spans.append((start, len(par.rstrip())))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if not par[s:e].strip():
            continue
        if e - s > MAX_SENTENCE_CHARS:
            out.extend(_cut_long(par, s, e))
        else:
            out.append((s, e))
    return out


def _in_quote(quotes: tuple[tuple[int, int], ...], q_starts: list[int], pos: int) -> bool:
    """Whether `pos` lies inside a quotation, after its opening mark and before its closing
    one (`quotes` are disjoint and in order: only the last one opening before `pos` can)."""
    k = bisect_left(q_starts, pos) - 1
    return k >= 0 and quotes[k][1] - 1 > pos


def _cut_long(par: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut the over-long sentence par[s:e] (starting and ending on non-space characters) into
    pieces of at most `MAX_SENTENCE_CHARS`, each ending before the last whitespace run that
    starts in its reach (a hard cut when there is none); pieces start on non-space."""
    out: list[tuple[int, int]] = []
    pos = s
    while e - pos > MAX_SENTENCE_CHARS:
        last = None
        for last in _WS.finditer(par, pos + 1, pos + MAX_SENTENCE_CHARS + 1):
            pass
        cut = last.start() if last is not None else pos + MAX_SENTENCE_CHARS
        out.append((pos, cut))
        pos = cut
        while pos < e and par[pos].isspace():
            pos += 1
    if pos < e:
        out.append((pos, e))
    return out


def _is_heading(text: str) -> bool:
    """A line without final punctuation and few words (a subheading, caption or title); a
    quotation closed by straight apostrophes after its punctuation (".''", "?'") is final
    punctuation too (the ASCII quotation marks of wire and archive text)."""
    words = text.split()
    return len(words) <= 12 and not _rx(r"(?:[.!?:\"”’)]|[.!?,]'{1,2})$").search(text.strip())


def ingest(raw: RawDoc, cb: Codebook, boilerplate: Boilerplate | None = None) -> Document:
    """Clean and segment one raw article into a `Document` (`boilerplate`: see `clean`)."""
    text, segments, dropped = clean(raw, cb, boilerplate=boilerplate)
    if not text.strip():
        # every line looked like boilerplate: keep the article whole rather than lose it
        text, segments, dropped = clean(raw, cb, strip=False, boilerplate=boilerplate)
    sentences: list[Sentence] = []
    paragraphs = []
    abbreviations = frozenset(cb.grammar.words("sentences", "abbreviations"))
    for par_id, (cstart, _, length) in enumerate(segments):
        par = text[cstart:cstart + length]
        paragraphs.append((cstart, cstart + length))
        heading = _is_heading(par)
        for s, e in split_sentences(par, abbreviations):
            sentences.append(Sentence(raw.doc_id, len(sentences), par_id, cstart + s, cstart + e,
                                      par[s:e], heading))
    return Document(raw.doc_id, raw.meta, raw.sha256, raw.text, text, segments, paragraphs,
                    sentences, dropped)


def load_corpus(raw_dir: Path, cb: Codebook) -> list[RawDoc]:
    """Read and check the manifest and every article it lists (fails on the first problem)."""
    return [read_article(raw_dir, row) for row in read_manifest(raw_dir)]


#: Largest article the build reads, in bytes (4 MiB, some 40 times the longest news article);
#: a bigger file is refused unread. Extraction is close to linear but not quite (measured on
#: one core: 4 MB in 16 s, 8 MB in 38 s, 0.5 GB), so the limit keeps any accepted article
#: under a minute and 1 GB; split a longer document into articles.
MAX_ARTICLE_BYTES = 4 * 1024 * 1024


def check_article_path(raw_dir: Path, row: dict[str, str]) -> Path:
    """The resolved path of a manifest row's article, checked before anything opens it.

    Reading first (even only to hash it) would let a manifest make the build read any file
    the user can read (`../x`, `/etc/...`, a symlink out of the raw folder), fill memory
    (`/dev/zero`) or hang on a FIFO. Raises `InputError` naming the manifest or the file.
    """
    manifest, doc_id = raw_dir / "manifest.csv", row.get("doc_id", "")  # length: read_manifest
    listed = raw_dir / row["path"]
    try:
        path = listed.resolve()
        inside = path.is_relative_to(raw_dir.resolve())
        st = path.stat() if inside else None
    except FileNotFoundError:
        raise InputError(f"{listed}: listed in the manifest but not found") from None
    except (OSError, ValueError, RuntimeError) as exc:  # too long, a symlink loop, a NUL
        raise InputError(f"{listed}: cannot be read ({getattr(exc, 'strerror', 0) or exc})") \
            from None
    if st is None:
        raise InputError(f"{manifest}: {doc_id}: path '{row['path']}' leaves the raw folder "
                         f"{raw_dir} (it resolves to {path})")
    if not stat.S_ISREG(st.st_mode):
        kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
        kind = next((name for test, name in kinds if test(st.st_mode)), "a socket")
        raise InputError(f"{listed}: is {kind}, not an article file")
    if st.st_size > MAX_ARTICLE_BYTES:
        raise InputError(f"{listed}: {st.st_size} bytes, over the {MAX_ARTICLE_BYTES >> 20} MiB "
                         "limit for one article: split it into several articles")
    return path


def read_checked(path: Path, follow: bool = False) -> bytes:
    """A checked file's bytes, read so that a file swapped since its check cannot hang the
    build (no blocking on a FIFO), fill memory (at most MAX_ARTICLE_BYTES) or lead outside
    the raw folder (a final symlink is not followed unless `follow`)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder
        os.close(fd)
        raise InputError(f"{path}: not a regular file")
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{path}: over the {MAX_ARTICLE_BYTES >> 20} MiB limit for one file "
                         "(corpus.MAX_ARTICLE_BYTES)")
    return data
