"""`analysis add`: register articles in the raw folder in one step (copy, hash, manifest row).

An analyst's article file is copied byte for byte into `data/raw/articles/` (raw data is
immutable: the stored file is what the sha256 pins), its metadata is read from the command
line or from header lines at the top of the file (`TITLE:`, `OUTLET:`, `DATE:`, `URL:`,
`SOURCE:`), and one row is appended to `manifest.csv`. Header lines stay in the stored file
unless `--strip-header` is given (the build drops them as boilerplate either way).

Every file is checked before anything is written (readable, a text article the build
accepts, an ISO 8601 date, a new doc_id, bytes not already in the corpus); a problem is one
line naming the file, exit 1, and neither the articles folder nor the manifest changes. The
manifest is replaced in one rename, so a reader sees the old or the new one.

`analysis add --rehash` records the sha256 of manifest rows that have none (the build
requires one and names this command when it is missing).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from analysis.ingest.corpus import (
    COLUMNS,
    DOC_ID,
    MAX_ARTICLE_BYTES,
    MAX_DOC_ID,
    InputError,
    check_article_path,
    decode_article,
    is_iso_date,
    read_checked,
    read_manifest,
)
from analysis.build.outdir import write_atomic

#: Header lines an article file may start with (key, colon, value), as scrapers write them.
HEADER = re.compile(r"(TITLE|OUTLET|DATE|PUBLISHED|URL|SOURCE|LANGUAGE)[ \t]*:[ \t]*(.*)", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\];,]+")
#: Dates written with a month name are unambiguous and normalised to ISO 8601;
#: numeric day/month orders (24/02/2022, 02/24/2022) are not guessed.
_NAMED_DATES = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")


@dataclass
class Article:
    """One file to add: where it comes from, the bytes to store and its manifest row."""

    source: Path
    data: bytes
    row: dict[str, str]
    target: Path
    in_place: bool = False


def split_header(text: str) -> tuple[dict[str, str], int]:
    """Header values (lower-case keys) and the length of the header block in characters.

    The block is the run of `KEY: value` lines at the very top, with the blank lines that
    follow it; it ends at the first other line. No header: ({}, 0)."""
    meta: dict[str, str] = {}
    pos = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        m = HEADER.fullmatch(line.rstrip("\r\n"))
        if not m:
            if meta and not line.strip():  # blank lines after the header belong to it
                pos += len(line)
                continue
            break
        if meta and not lines[i - 1].strip():
            break  # a KEY: line after the blank line is article text
        meta.setdefault(m.group(1).lower(), m.group(2).strip())
        pos += len(line)
    return meta, (pos if meta else 0)


def header_fields(meta: dict[str, str]) -> dict[str, str]:
    """Manifest values from header lines: "OUTLET: Reuters (wire), as reposted ..." is the
    outlet `Reuters`; "DATE: 2020-10-03 (print edition; original URL https://...)" gives the
    date and, with no `URL:` line, the URL named in the header."""
    out: dict[str, str] = {}
    if meta.get("title"):
        out["title"] = meta["title"]
    if meta.get("outlet"):
        out["outlet"] = re.split(r"\s*[(,;]", meta["outlet"], maxsplit=1)[0].strip()
    date = meta.get("date") or meta.get("published") or ""
    if date:
        out["published"] = re.split(r"\s*[(;]|\s+(?=[a-z(])", date, maxsplit=1)[0].strip()
    url = meta.get("url") or next((m.group(0) for k in ("outlet", "date", "source")
                                   for m in [_URL.search(meta.get(k, ""))] if m), "")
    if url:
        out["url"] = url.rstrip(".")
    if meta.get("language"):
        out["language"] = meta["language"]
    return out


def iso_date(value: str, where: str) -> str:
    """`value` as an ISO 8601 date (a month-name date is rewritten), or `InputError`."""
    if not value or is_iso_date(value):
        return value
    for fmt in _NAMED_DATES:
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            pass
    raise InputError(f"{where}: date {value[:40]!r} is not an ISO 8601 date: pass "
                     "--published YYYY-MM-DD (or YYYY-MM-DDTHH:MM[:SS][+HH:MM])")


def slug(text: str) -> str:
    """A doc_id-safe slug: lower-case ASCII letters and digits joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")


def _read_source(path: Path) -> bytes:
    """The bytes of a file to add: a regular file under the article size limit."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a folder, pipe or device)")
    if st.st_size > MAX_ARTICLE_BYTES:
        raise InputError(f"{path}: {st.st_size} bytes, over the {MAX_ARTICLE_BYTES >> 20} MiB "
                         "limit for one article: split it into several articles")
    return read_checked(path, follow=True)


def _existing(raw_dir: Path) -> tuple[list[dict[str, str]], set[str]]:
    """The manifest's rows (none when there is no manifest yet) and the sha256 of every
    article already listed (rows without one are hashed from their file when readable)."""
    if not (raw_dir / "manifest.csv").exists():
        return [], set()
    rows = read_manifest(raw_dir, allow_empty=True)
    digests = set()
    for row in rows:
        if row.get("sha256"):
            digests.add(row["sha256"].lower())
            continue
        try:
            digests.add(hashlib.sha256(read_checked(check_article_path(raw_dir, row))).hexdigest())
        except InputError:
            pass
    return rows, digests


def plan(files: list[Path], raw_dir: Path, options: dict[str, str], strip_header: bool
         ) -> list[Article]:
    """Check every file and work out what `add` will write (nothing is written here).

    Raises:
        InputError: one line naming the file and the problem.
    """
    if options.get("doc_id") and len(files) > 1:
        raise InputError(f"--doc-id {options['doc_id']}: names one article, but "
                         f"{len(files)} files were given")
    rows, digests = _existing(raw_dir)
    taken = {r["doc_id"] for r in rows}
    articles_dir = (raw_dir / "articles").resolve()
    out: list[Article] = []
    for path in files:
        art = _plan_one(Path(path), raw_dir, articles_dir, options, strip_header, taken, digests)
        taken.add(art.row["doc_id"])
        digests.add(art.row["sha256"])
        out.append(art)
    return out


def _plan_one(path: Path, raw_dir: Path, articles_dir: Path, options: dict[str, str],
              strip_header: bool, taken: set[str], digests: set[str]) -> Article:
    """The checked plan for one file (see `plan`)."""
    original = _read_source(path)
    text = decode_article(path, original)
    meta, head_len = split_header(text)
    values = {**header_fields(meta), **{k: v for k, v in options.items() if v}}
    values["published"] = iso_date(values.get("published", ""), str(path))
    data = original
    if strip_header and head_len:
        body = text[head_len:]
        if not body.strip():
            raise InputError(f"{path}: nothing but header lines: no article text to add")
        data = body.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    for d in {digest, hashlib.sha256(original).hexdigest()}:
        if d in digests:
            raise InputError(f"{path}: identical to an article already in the corpus "
                             f"(sha256 {d[:12]}...): not added twice")
    in_place = path.resolve().parent == articles_dir
    if in_place and data != original:
        raise InputError(f"{path}: already in the articles folder, which is never rewritten: "
                         "add a copy from elsewhere to strip its header")
    doc_id = _doc_id(path, values, taken)
    target = path.resolve() if in_place else articles_dir / f"{doc_id}.txt"
    if not in_place and os.path.lexists(target):
        raise InputError(f"{target}: already exists (not listed under doc_id {doc_id!r}): "
                         "pass another --doc-id")
    if not values.get("title"):
        first = text[head_len:].strip().split("\n", 1)[0].strip()
        values["title"] = first if 0 < len(first.split()) <= 20 \
            and not re.search(r"[.!?:\"”’]$", first) else ""
    row = {c: values.get(c, "") for c in COLUMNS}
    row.update(doc_id=doc_id, path=target.relative_to(articles_dir.parent).as_posix(),
               language=values.get("language") or "en", sha256=digest)
    return Article(path, data, row, target, in_place)


def _doc_id(path: Path, values: dict[str, str], taken: set[str]) -> str:
    """The given doc_id (checked), or one made from outlet and date (else the file name),
    with `-2`, `-3` ... appended while it is taken."""
    given = values.get("doc_id", "")
    if given:
        if not DOC_ID.match(given) or len(given) > MAX_DOC_ID:
            raise InputError(f"--doc-id {given[:40]!r}: use at most {MAX_DOC_ID} letters, "
                             "digits, '.', '_' and '-', starting with a letter or digit")
        if given in taken:
            raise InputError(f"{path}: doc_id {given!r} is already in the manifest: "
                             "pass another --doc-id")
        return given
    outlet, date = slug(values.get("outlet", "")), values.get("published", "")[:10]
    base = f"{outlet}-{date}" if outlet and date else slug(path.stem) or "article"
    base = base[:MAX_DOC_ID - 4]
    doc_id, n = base, 1
    while doc_id in taken:
        n += 1
        doc_id = f"{base}-{n}"
    return doc_id


def commit(articles: list[Article], raw_dir: Path) -> None:
    """Write the planned articles, then the manifest in one rename; on failure, remove the
    articles written so far (nothing is left half added)."""
    written: list[Path] = []
    try:
        for art in articles:
            if art.in_place:
                continue
            art.target.parent.mkdir(parents=True, exist_ok=True)
            tmp = art.target.with_name(f".{art.target.name}.tmp-{os.getpid()}")
            tmp.write_bytes(art.data)
            os.link(tmp, art.target)  # fails if the name appeared meanwhile: never overwrite
            written.append(art.target)
            tmp.unlink()
        append_rows(raw_dir / "manifest.csv", [a.row for a in articles])
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        for art in articles:
            art.target.with_name(f".{art.target.name}.tmp-{os.getpid()}").unlink(missing_ok=True)
        raise


def _csv_lines(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def append_rows(manifest: Path, rows: list[dict[str, str]]) -> None:
    """Append rows to the manifest, replaced in one rename. An existing manifest keeps its
    bytes and column order; one missing contract columns is rewritten with them added."""
    if manifest.exists():
        text = manifest.read_bytes().decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(text)))
        header = [h.strip() for h in records[0]] if records else list(COLUMNS)
    else:
        text, records, header = "", [], list(COLUMNS)
    if not text.strip():
        text, records = _csv_lines([list(COLUMNS)]), [list(COLUMNS)]
        header = list(COLUMNS)
    missing = [c for c in COLUMNS if c not in header]
    if missing:  # rewrite: the old rows get the new columns, empty
        header += missing
        text = _csv_lines([header] + [r + [""] * (len(header) - len(r)) for r in records[1:]])
    elif not text.endswith("\n"):
        text += "\n"
    text += _csv_lines([[r.get(c, "") for c in header] for r in rows])
    write_atomic(manifest, text)


def rehash(raw_dir: Path) -> list[str]:
    """Record the sha256 of every manifest row that has none; return their doc_ids.

    Each file is checked as the build checks it (inside the raw folder, a text article), and
    the manifest is rewritten in one rename only when every file passed. A sha256 that does
    not match is left alone: the build reports it as changed raw data."""
    rows = read_manifest(raw_dir, allow_empty=True)
    filled: dict[str, str] = {}
    for row in rows:
        if not row.get("sha256"):
            path = check_article_path(raw_dir, row)
            data = read_checked(path)
            decode_article(path, data)
            filled[row["doc_id"]] = hashlib.sha256(data).hexdigest()
    if not filled:
        return []
    manifest = raw_dir / "manifest.csv"
    records = list(csv.reader(io.StringIO(manifest.read_bytes().decode("utf-8-sig"))))
    header = [h.strip() for h in records[0]]
    if "sha256" not in header:
        header.append("sha256")
    col, doc = header.index("sha256"), header.index("doc_id")
    out = [header]
    for rec in records[1:]:
        rec = rec + [""] * (len(header) - len(rec))
        if len(rec) > doc and rec[doc].strip() in filled and not rec[col].strip():
            rec[col] = filled[rec[doc].strip()]
        out.append(rec)
    write_atomic(manifest, _csv_lines(out))
    return sorted(filled)
