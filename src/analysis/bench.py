"""Benchmark the build on synthetic corpora (`python -m analysis bench --sizes 1000,10000`).

The corpus is **generated**, never copied from real articles: sentences are drawn from
templates filled with the codebook's state names, demonyms, capitals, places, role heads and
relation triggers, with attribution frames ("X said that ...", "according to Y", quotes,
group and anonymous sources, denials), hedges, conditionals, forecasts and numbers. Each
article has about 1,000 words. Generation is deterministic: article `i` is drawn from
`random.Random(config.SEED * 100_003 + i)`, so the 1,000-article corpus is a prefix of the
10,000-article one and a run on any machine writes the same bytes.

For every size the benchmark measures, each step in a fresh child process (so the memory
figures of one step do not leak into the next):

- `docs`: the per-document stages alone (`pipeline.iter_documents`, engine `process`, 2
  workers, no cache), after reading and checking the corpus;
- `build`: the whole build (`pipeline.build(..., cache=False, quiet=True)`, engine
  `process`, 2 workers) into a temporary output folder;
- `cold` / no-op: a cached build into an empty cache, then at once the same build again
  with nothing changed (in-process time), then the no-op rebuild through the command line
  (`python -m analysis build`, interpreter start-up included). A no-op that was not skipped
  (the code changed in between: it is part of the cache key) is marked "rebuilt".

Peak memory is reported twice: `ru_maxrss` of the child (`RUSAGE_SELF`) and of its
largest worker (`RUSAGE_CHILDREN`), and the peak of the summed RSS of the whole process
tree, sampled every 20 ms (an upper bound: pages shared after fork count once per process).

Results go to `bench/results.json` and `bench/results.md` with the machine they came from.
Nothing here is a timed test: the figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from analysis import config

#: Issue 7 targets (reported next to the figures, never asserted).
TARGET_DOCS_PER_S = 150.0
TARGET_PEAK_MB = 2048.0
TARGET_NOOP_S = 3.0
TARGET_REPORTS_S = 30.0
#: Issue 14 targets: `make reports` on a synthetic corpus of this many articles, seconds.
TARGET_REPORTS_AT = {1000: 120.0, 10000: 600.0}
BENCH_WORKERS = 2
#: Time limit of one measured step (seconds); `ANALYSIS_BENCH_TIMEOUT` overrides it.
DEFAULT_TIMEOUT_S = 900.0

# -- synthetic corpus -----------------------------------------------------------------------
_SYLLABLES = ("ar", "ve", "lin", "to", "mas", "ka", "ren", "do", "vi", "sel", "ha", "mir",
              "no", "tal", "be", "rik", "sa", "lo", "gan", "de", "ro", "fen", "mi", "zo")
_OUTLETS = ("Synthetic Wire", "Example Daily", "Test Monitor", "Model Observer")
_SPEECH = ("said", "stated", "claimed", "announced", "reported", "added", "confirmed",
           "insisted", "noted", "stressed", "warned", "argued", "explained")
_DENY = ("denied", "rejected", "dismissed")
_HEDGES = ("reportedly", "allegedly", "apparently", "possibly", "probably")
_ANON = ("There are reports that", "It is claimed that", "Reports say that",
         "It was reported that", "There is information that", "Some reports suggest that")
_GROUPS = ("sources", "officials", "diplomats", "analysts", "military sources",
           "security sources", "observers", "experts")
_PEOPLE = ("servicemen", "soldiers", "fighters", "civilians", "volunteers", "officers")
_EQUIPMENT = ("tanks", "armoured vehicles", "drones", "artillery pieces", "rocket launchers",
              "trucks", "air defence systems")
_TIMES = ("on Monday", "on Tuesday", "overnight", "early in the morning", "on Sunday",
          "late on Friday", "during the night", "in the afternoon", "this week", "yesterday")
_FILLER = (
    "The situation along the line of contact remained tense for the {ord} day in a row.",
    "Heavy artillery fire was heard in the area {time}, and the power supply was cut.",
    "The exchange of fire lasted about {n} hours, with short pauses.",
    "Roads leading to the area were closed and traffic was diverted through {place}.",
    "Footage published online showed columns of smoke rising above the hills.",
    "The weather in the mountains has worsened, which limits the use of aviation.",
    "Schools in the districts close to the front were closed until further notice.",
    "Hospitals in {place} received {n} wounded people over the past {k} days.",
    "The front line stretches for about {big} kilometres across difficult terrain.",
    "About {big} people have left their homes since the start of the escalation.",
    "Prices of fuel rose by {pct} percent in the region over the last month.",
    "The talks held in {capital} ended without a joint statement.",
    "Internet access in several districts was restricted {time}.",
    "A curfew was introduced in {place} from 21:00 to 06:00.",
    "The map below shows the approximate situation as of {day}.",
)
_HEADINGS = ("Situation on the ground", "Military situation", "Diplomatic track",
             "Losses and damage", "Reactions", "Background", "Humanitarian situation")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


@dataclass(frozen=True)
class _Vocab:
    """Words drawn from the codebook (data, not code: no state or place is named here)."""

    states: tuple[tuple[str, str, str, str], ...]   # (id, name, demonym, capital)
    places: dict[str, tuple[str, ...]]               # state id -> place names
    all_places: tuple[str, ...]
    heads: tuple[str, ...]                           # role head nouns ("defense ministry")
    titles: tuple[str, ...]                          # role titles ("defense minister")
    rel_verbs: tuple[str, ...]
    rel_nouns: tuple[str, ...]
    boilerplate: tuple[str, ...]


def _vocab(codebook_dir: Path | str | None = None) -> _Vocab:
    from analysis.codebook import load_codebook

    cb = load_codebook(codebook_dir)
    states = []
    for st in sorted(cb.states.values(), key=lambda s: s.id):
        if st.name and st.demonyms:
            capital = (st.capitals or st.capitals_cs or (st.name,))[0]
            states.append((st.id, st.name, st.demonyms[0], capital))
    places: dict[str, list[str]] = {}
    for p in cb.places:
        if p.country and " " not in p.name.strip("'"):
            places.setdefault(p.country, []).append(p.name)
    heads, titles = [], []
    for role in cb.roles.values():
        if role.kind == "body":
            heads += role.heads[:2]
            titles += role.titles[:2]
    rel_verbs = [t for r in cb.relation_types if r.pos == "verb" for t in r.triggers[:3]]
    rel_nouns = [t for r in cb.relation_types if r.pos == "noun" for t in r.triggers[:3]]
    bp = tuple((cb.boilerplate.get("all") or {}).get("lines", ()))[:4]
    return _Vocab(tuple(states), {k: tuple(sorted(v)) for k, v in places.items()},
                  tuple(sorted(x for v in places.values() for x in v)), tuple(heads),
                  tuple(titles), tuple(rel_verbs), tuple(rel_nouns), bp)


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def _number(rng: random.Random) -> str:
    n = rng.choice((rng.randint(2, 60), rng.randint(60, 900), rng.randint(1000, 20000)))
    return f"{n:,}"


class _Article:
    """Sentence generator for one article (one random stream, a dyad and a cast)."""

    def __init__(self, v: _Vocab, rng: random.Random):
        self.v, self.rng = v, rng
        self.cast = rng.sample(v.states, 5)      # two sides, then third parties
        self.people = [(_name(rng), rng.choice(v.titles), rng.randrange(5)) for _ in range(4)]

    def state(self, main: bool = True) -> tuple[str, str, str, str]:
        return self.rng.choice(self.cast[:2] if main or self.rng.random() < 0.6 else self.cast)

    def place(self) -> str:
        rng, sid = self.rng, self.cast[self.rng.randrange(2)][0]
        names = self.v.places.get(sid) or self.v.all_places
        return rng.choice(names)

    def actor(self) -> str:
        """A noun phrase naming an actor: a state, its army, a body, a capital."""
        rng = self.rng
        _, name, dem, capital = self.state(main=False)
        return rng.choice((name, f"the {dem} army", f"{dem} forces", f"the {dem} side",
                           f"the {dem} {rng.choice(self.v.heads)}", capital, name))

    def clause(self) -> str:
        """An asserted content: an event, casualties, diplomacy or an evaluation."""
        rng, v = self.rng, self.v
        a, b = self.cast[0], self.cast[1]
        if rng.random() < 0.5:
            a, b = b, a
        kind = rng.randrange(8)
        when = rng.choice(_TIMES)
        if kind == 0:
            return f"{self.actor()} {rng.choice(v.rel_verbs)} {b[2]} positions near {self.place()} {when}"
        if kind == 1:
            return f"{a[1]} carried out {rng.choice(v.rel_nouns)} {b[1]} {when}"
        if kind == 2:
            return (f"at least {_number(rng)} {rng.choice(_PEOPLE)} were killed or wounded in "
                    f"{self.place()} {when}")
        if kind == 3:
            return (f"the {a[2]} army destroyed {_number(rng)} {rng.choice(_EQUIPMENT)} belonging to "
                    f"{b[1]}")
        if kind == 4:
            c = self.state(main=False)
            return f"{a[1]} and {c[1]} held a telephone call on the situation around {self.place()}"
        if kind == 5:
            return (f"{self.actor()} {rng.choice(v.rel_verbs)} {self.actor()} and "
                    f"{rng.choice(('will', 'may', 'could'))} continue its operations")
        if kind == 6:
            return (f"{b[1]} lost control over {_number(rng)} {rng.choice(('villages', 'heights', 'positions'))} "
                    f"in {self.place()}")
        return f"{a[1]} is ready to support {b[1]} in the {rng.choice(('talks', 'ceasefire', 'dispute'))}"

    def sentence(self) -> str:
        rng = self.rng
        r = rng.random()
        c = self.clause()
        cap = c[0].upper() + c[1:]
        _, name, dem, _ = self.state(main=False)
        person, title, _ = rng.choice(self.people)
        if r < 0.26:
            return self.filler()
        if r < 0.38:
            return f"The {dem} {rng.choice(self.v.heads)} {rng.choice(_SPEECH)} that {c}."
        if r < 0.46:
            return f"{dem} {title} {person} {rng.choice(_SPEECH)}: “{cap}.”"
        if r < 0.52:
            return f"“{cap},” {person} {rng.choice(_SPEECH)}."
        if r < 0.60:
            return f"According to the {dem} {rng.choice(self.v.heads)}, {c}."
        if r < 0.66:
            return f"{rng.choice(('', 'Pro-'))}{dem} {rng.choice(_GROUPS)} {rng.choice(_SPEECH)} that {c}."
        if r < 0.71:
            return f"{rng.choice(_ANON)} {c}."
        if r < 0.76:
            return f"{name} {rng.choice(_DENY)} claims that {c}."
        if r < 0.80:
            return f"If these reports are confirmed, {c}."
        if r < 0.84:
            return f"{cap[:1]}{cap[1:].replace(' were ', f' were {rng.choice(_HEDGES)} ', 1)}."
        if r < 0.88:
            return f"{name} will {rng.choice(('respond to', 'support', 'not accept'))} {self.actor()}, {person} {rng.choice(_SPEECH)}."
        return f"{cap}."

    def filler(self) -> str:
        rng = self.rng
        return rng.choice(_FILLER).format(
            ord=rng.choice(_ORDINALS), time=rng.choice(_TIMES), n=rng.randint(2, 12),
            k=rng.randint(2, 9), place=self.place(), big=_number(rng),
            pct=rng.randint(3, 40), capital=self.state(main=False)[3],
            day=f"{rng.randint(1, 28)} {rng.choice(('September', 'October', 'November'))}")


def generate_article(i: int, vocab: _Vocab, seed: int = config.SEED,
                     words: int = 1000) -> tuple[dict[str, str], str]:
    """Generate article `i`: (manifest row without path/sha256, text)."""
    rng = random.Random(seed * 100_003 + i)
    art = _Article(vocab, rng)
    a, b = art.cast[0], art.cast[1]
    title = rng.choice((f"{a[1]} and {b[1]}: fighting continues near {art.place()}",
                        f"{a[2]} forces advance as {b[1]} calls for talks",
                        f"{b[1]} accuses {a[1]} of escalation"))
    outlet = rng.choice(_OUTLETS)
    published = (date(2020, 9, 1) + timedelta(days=rng.randrange(120))).isoformat()
    lines = [title, ""]
    n_words, pars = 0, 0
    while n_words < words:
        if pars and rng.random() < 0.08:
            lines += [rng.choice(_HEADINGS), ""]
        par = " ".join(art.sentence() for _ in range(rng.randint(2, 5)))
        lines += [par, ""]
        n_words += len(par.split())
        pars += 1
        if vocab.boilerplate and rng.random() < 0.03:
            lines += [rng.choice(vocab.boilerplate), ""]
    text = "\n".join(lines)
    row = {"doc_id": f"synth-{i:06d}", "title": title, "outlet": outlet, "published": published,
           "url": f"https://example.org/synthetic/{i:06d}", "language": "en"}
    return row, text


def generate_corpus(raw_dir: Path | str, n: int, codebook_dir: Path | str | None = None,
                    seed: int = config.SEED, words: int = 1000) -> dict[str, int]:
    """Write a synthetic raw folder: `manifest.csv` (with sha256) and `articles/*.txt`.

    Args:
        raw_dir: folder to write (created; existing files of the same name are replaced).
        n: number of articles.
        codebook_dir: codebook whose states, places and lexicons fill the templates.
        seed: random seed (default `config.SEED`).
        words: approximate words per article.
    Returns:
        `{"articles": n, "words": total words, "bytes": total bytes}`.
    """
    raw_dir = Path(raw_dir)
    (raw_dir / "articles").mkdir(parents=True, exist_ok=True)
    vocab = _vocab(codebook_dir)
    total_words = total_bytes = 0
    with open(raw_dir / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["doc_id", "path", "title", "outlet", "published",
                                           "url", "language", "sha256"], lineterminator="\n")
        w.writeheader()
        for i in range(n):
            row, text = generate_article(i, vocab, seed, words)
            data = text.encode("utf-8")
            rel = f"articles/{row['doc_id']}.txt"
            (raw_dir / rel).write_bytes(data)
            w.writerow({**row, "path": rel, "sha256": hashlib.sha256(data).hexdigest()})
            total_words += len(text.split())
            total_bytes += len(data)
    return {"articles": n, "words": total_words, "bytes": total_bytes}


# -- measured steps (each runs in its own child process) -------------------------------------
def _maxrss_mb() -> tuple[float, float]:
    """(self, largest waited-for child) peak resident set size in MB."""
    unit = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return tuple(resource.getrusage(who).ru_maxrss * unit / 1024 / 1024  # type: ignore[return-value]
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def _cpu_s(who: int) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def _step_args(argv: list[str]) -> argparse.Namespace:
    """The arguments of one measured step (`python -m analysis.bench docs|build ...`)."""
    ap = argparse.ArgumentParser(prog="python -m analysis.bench")
    ap.add_argument("kind", choices=["docs", "build"])
    ap.add_argument("--raw", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--codebook", type=Path, default=config.CODEBOOK)
    ap.add_argument("--interim", type=Path)
    ap.add_argument("--cache", action="store_true")
    ap.add_argument("--noop", action="store_true", help="then build again (a no-op rebuild)")
    ap.add_argument("--engine", default="process")
    ap.add_argument("--workers", type=int, default=BENCH_WORKERS)
    ap.add_argument("--timeout", type=float, default=0)
    return ap.parse_args(argv)


def _step(argv: list[str]) -> dict[str, Any]:
    """Run one measured step in this process; return its figures."""
    a = _step_args(argv)
    if a.timeout > 0:  # on timeout: print where the step is stuck (the parent then stops it)
        import faulthandler

        faulthandler.dump_traceback_later(a.timeout, exit=False)
    out = _docs_step(a) if a.kind == "docs" else _build_step(a)
    out["maxrss_self_mb"], out["maxrss_children_mb"] = _maxrss_mb()
    return out


def _docs_step(a: argparse.Namespace) -> dict[str, Any]:
    """The per-document stages alone (no cache, no tables): extraction throughput, with the
    CPU of the coordinating process and of the workers apart."""
    from analysis.build import pipeline
    from analysis.codebook import load_codebook
    from analysis.ingest.corpus import load_corpus

    t0 = time.perf_counter()
    cb = load_codebook(a.codebook)
    raws = load_corpus(a.raw, cb)
    t1 = time.perf_counter()
    cpu0, kids0 = _cpu_s(resource.RUSAGE_SELF), _cpu_s(resource.RUSAGE_CHILDREN)
    counts = {"claims": 0, "mentions": 0, "relations": 0}
    n_docs = 0
    # the rows are counted and dropped as they arrive, as the build streams them to disk
    for _, rows in pipeline.iter_documents(raws, cb, a.codebook / "corrections",
                                           engine=a.engine, workers=a.workers,
                                           cache_dir=None):
        n_docs += 1
        for name in counts:
            counts[name] += rows.pieces[name].n
    t2 = time.perf_counter()
    # CPU of the coordinating process (sending articles, receiving results) and of the
    # workers: tells extraction cost from engine overhead
    return {"main_cpu_s": _cpu_s(resource.RUSAGE_SELF) - cpu0,
            "workers_cpu_s": _cpu_s(resource.RUSAGE_CHILDREN) - kids0,
            "load_s": t1 - t0, "seconds": t2 - t1, "articles": n_docs,
            "words": sum(len(r.text.split()) for r in raws), **counts}


def _build_step(a: argparse.Namespace) -> dict[str, Any]:
    """A whole build (then, with `--noop`, the same build again: nothing to redo)."""
    from analysis.build import pipeline

    if a.interim:
        config.INTERIM = a.interim
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    summary = pipeline.build(a.raw, a.out, a.codebook, engine=a.engine, workers=a.workers,
                             cache=a.cache, quiet=True)
    out.update(seconds=time.perf_counter() - t0, summary=summary)
    if not a.noop:
        out.update(_systems_time(a.out, a.codebook))
    if a.noop:  # the same build again at once: nothing changed, so nothing to redo
        t0 = time.perf_counter()
        again = pipeline.build(a.raw, a.out, a.codebook, engine=a.engine,
                               workers=a.workers, cache=a.cache, quiet=True)
        out.update(noop_s=time.perf_counter() - t0, noop_skipped=bool(again.get("skipped")))
    return out


def _systems_time(out_dir: Path, codebook: Path) -> dict[str, Any]:
    """Time `network.systems_balance` alone on a build's relations (part of the build's
    corpus stage: synthetic corpora have about one conflict system per article, so a cost
    per system shows here first)."""
    import pandas as pd

    from analysis import network
    from analysis.codebook import load_codebook

    rel_path, act_path = out_dir / "relations.parquet", out_dir / "actors.parquet"
    if not rel_path.exists() or not act_path.exists():
        return {}
    from analysis.build.pipeline import _state_mentions

    rel, actors = pd.read_parquet(rel_path), pd.read_parquet(act_path)
    cb = load_codebook(codebook)
    per_doc: dict[str, dict[str, int]] = {}
    men_path = out_dir / "mentions.parquet"
    if men_path.exists():  # the build's per-document mentions per actor, as the build had
        counts = pd.read_parquet(men_path, columns=["doc_id", "actor_id"]).value_counts()
        for (doc, actor), n in counts.items():
            per_doc.setdefault(doc, {})[actor] = int(n)
    mentions = _state_mentions(per_doc, dict(zip(actors["actor_id"], actors["state"])))
    t0 = time.perf_counter()
    systems = network.systems_balance(rel, actors, cb.conflicts, cb.material_conflict(),
                                      mentions)
    return {"systems_s": time.perf_counter() - t0, "n_systems": len(systems)}


def _stuck_at(stderr: str) -> list[str]:
    """The innermost project lines of a faulthandler dump ('file:line in function')."""
    calls = [ln.strip() for ln in stderr.splitlines() if ln.strip().startswith("File ")]
    main = calls  # faulthandler lists the most recent call first, main thread last
    if "Current thread" in stderr or "Thread 0x" in stderr:
        block = stderr.split("(most recent call first):")[-1]
        main = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("File ")]
    keep = [f for f in main if "analysis" in f and "bench.py" not in f] or main
    return [f.replace("File ", "").replace('"', "") for f in keep[:6]]


class _TreeWatch:
    """Every process a child started, and the peak of their summed resident memory
    (sampled every 20 ms in a thread until `stop`)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self._psutil = psutil
        self.root = psutil.Process(pid)
        self.seen: dict[int, Any] = {pid: self.root}
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def tree(self) -> list[Any]:
        """The child and every process it started so far (also those that ended)."""
        try:
            for p in self.root.children(recursive=True):
                self.seen.setdefault(p.pid, p)
        except self._psutil.Error:
            pass
        return list(self.seen.values())

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in self.tree():
                try:
                    total += p.memory_info().rss
                except self._psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def kill_all(self) -> None:
        """Kill every process of the tree still running (psutil checks each is still the
        process that was seen)."""
        for p in reversed(self.tree()):
            try:
                if p.is_running():
                    p.kill()
            except self._psutil.Error:
                pass


def _run_child(cmd: list[str], env: dict[str, str] | None = None,
               timeout: float = 0) -> dict[str, Any]:
    """Run a child process, sampling the summed RSS of its process tree; return figures.

    A child that outlives `timeout` (seconds, 0: none) is stopped, with every process of its
    tree, and reported as not finished, with the place it was stuck at (the measured steps
    dump their stack through faulthandler when their own time limit passes).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=config.ROOT)
    watch = _TreeWatch(proc.pid)
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=timeout + 15 if timeout else None)
    except subprocess.TimeoutExpired:
        timed_out = True
        watch.kill_all()
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    watch.stop()
    watch.kill_all()  # workers a finished step may have left behind
    peak_mb = watch.peak / 1024 / 1024
    if timed_out:
        return {"dnf": True, "timeout_s": timeout, "wall_s": wall, "tree_peak_mb": peak_mb,
                "stuck_at": _stuck_at(stderr)}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    lines = [x for x in stdout.splitlines() if x.startswith("{")]
    res = json.loads(lines[-1]) if lines else {"stdout": stdout[-500:]}
    res["wall_s"] = wall
    res["tree_peak_mb"] = peak_mb
    return res


def _bench_size(n: int, codebook: Path, timeout: float) -> dict[str, Any]:
    """Every measurement for one corpus size, in a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix=f"analysis-bench-{n}-"))
    log = lambda msg: print(f"  [{n}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        raw, root = tmp / "raw", tmp / "root"
        (root / "data").mkdir(parents=True)
        t0 = time.perf_counter()
        corpus = generate_corpus(raw, n, codebook)
        gen_s = time.perf_counter() - t0
        log(f"generated {n} articles, {corpus['words']:,} words in {gen_s:.1f} s")
        py = [sys.executable, "-m", "analysis.bench"]
        common = ["--raw", str(raw), "--codebook", str(codebook), "--timeout", str(timeout)]
        res: dict[str, Any] = {"articles": n, "words": corpus["words"],
                               "raw_mb": corpus["bytes"] / 1024 / 1024, "generate_s": gen_s}

        def step(name: str, cmd: list[str], env: dict[str, str] | None = None) -> bool:
            r = _run_child(cmd, env, timeout)
            res[name] = r
            if r.get("dnf"):
                log(f"{name}: did not finish in {timeout:.0f} s; stuck at "
                    f"{(r['stuck_at'] or ['?'])[0]}")
                return False
            log(f"{name}: {r.get('seconds', r['wall_s']):.2f} s, "
                f"peak tree RSS {r['tree_peak_mb']:.0f} MB")
            return True

        step("docs", py + ["docs", *common])
        if not step("build", py + ["build", *common, "--out", str(tmp / "out-nocache")]):
            return res
        # a cached build into an empty cache, the same build again at once (in process), then
        # through the command line: back to back, so edits to the code (which rightly
        # invalidate the cache) are unlikely to fall in between
        interim = root / "data" / "interim"
        if not step("cold", py + ["build", *common, "--out", str(tmp / "out"), "--cache",
                                  "--noop", "--interim", str(interim)]):
            return res
        log(f"no-op rebuild in process: {res['cold']['noop_s']:.2f} s "
            f"({'skipped' if res['cold']['noop_skipped'] else 'NOT skipped: inputs changed?'})")
        if step("noop_cli", [sys.executable, "-m", "analysis", "build", "--raw", str(raw),
                             "--out", str(tmp / "out"), "--codebook", str(codebook),
                             "--cache-dir", str(interim / "cache")],  # the cold step's cache
                env={**os.environ, "ANALYSIS_ROOT": str(root)}):
            res["noop_cli"]["skipped"] = "up to date" in res["noop_cli"].get("stdout", "")
        res["cached_equals_uncached"] = all(
            (tmp / "out" / f.name).read_bytes() == f.read_bytes()
            for f in sorted((tmp / "out-nocache").iterdir()))
        res["cache_mb"] = sum(p.stat().st_size for p in interim.rglob("*.pkl")) / 1024 / 1024
        log("make reports")
        res["make_reports"] = _make_reports(tmp / "out-nocache")
        return res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _make_reports(processed: Path | None = None) -> dict[str, Any]:
    """Time `make reports` on the seed (or on the build in `processed`, put in the copy's
    `data/processed/`, newer than its inputs so make does not rebuild it) with a warm
    environment, in a copy of the project.

    The copy (mtimes kept, `.venv` shared) has its rendered reports removed so every notebook
    is executed; the project's own `reports/` is never touched.
    """
    root = config.ROOT
    venv = root / ".venv"
    if not shutil.which("make") or not (venv / ".setup-stamp").exists() \
            or not (venv / "bin" / "python").exists():
        return {"skipped": "needs `make` and a set-up .venv (run `make setup`)"}
    if os.environ.get("ANALYSIS_BENCH_REPORTS", "1") == "0":
        return {"skipped": "ANALYSIS_BENCH_REPORTS=0"}
    tmp = Path(tempfile.mkdtemp(prefix="analysis-bench-reports-"))
    try:
        copy = tmp / "project"
        shutil.copytree(root, copy, symlinks=True,
                        ignore=shutil.ignore_patterns(".venv", ".git", "bench", "__pycache__",
                                                      ".pytest_cache", "interim"))
        for p in (copy / "reports").glob("*"):
            if p.suffix in {".html", ".pdf"}:
                p.unlink()
        if processed is not None:
            shutil.rmtree(copy / "data" / "processed")
            shutil.copytree(processed, copy / "data" / "processed")
            for f in (copy / "data" / "processed").iterdir():
                os.utime(f)  # newer than every input, whenever the build ran
        env = {**os.environ, "ANALYSIS_ROOT": str(copy)}
        # `-o STAMP`: the shared environment is never re-made from the copy (a setup there
        # would install the copy's package into the project's .venv, then delete it).
        cmd = ["make", "-C", str(copy), "-o", str(venv / ".setup-stamp"), "reports",
               f"VENV={venv}"]
        t0, cpu0 = time.perf_counter(), _cpu_s(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
        wall, cpu = time.perf_counter() - t0, _cpu_s(resource.RUSAGE_CHILDREN) - cpu0
        if proc.returncode != 0:
            return {"failed": f"exit {proc.returncode}", "seconds": wall,
                    "log": (proc.stdout + proc.stderr)[-2000:]}
        index = (copy / "reports" / "index.html").read_text(encoding="utf-8")
        shown = re.search(r"<dt>Articles</dt><dd>(\d+)</dd>", index)  # which build it read
        return {"seconds": wall, "cpu_s": cpu, "load": os.getloadavg()[0],
                "articles": int(shown.group(1)) if shown else None,
                "command": "make reports (warm .venv, every notebook re-executed)"}
    except (OSError, subprocess.SubprocessError) as exc:
        return {"failed": str(exc)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def machine() -> dict[str, Any]:
    """The machine the figures came from."""
    import pandas

    try:
        import psutil
        mem_gb = round(psutil.virtual_memory().total / 1024 ** 3, 1)
    except ImportError:
        mem_gb = None
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"platform": platform.platform(), "machine": platform.machine(), "cpu": cpu,
            "cpu_count": os.cpu_count(),
            "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_gb": mem_gb, "python": platform.python_version(),
            "pandas": pandas.__version__}


def _secs(step: dict[str, Any] | None) -> float | None:
    if not step or step.get("dnf"):
        return None
    return step.get("seconds", step.get("wall_s"))


def _rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        n, w = r["articles"], r["words"]
        d, b = r.get("docs") or {}, r.get("build") or {}
        ds, bs = _secs(d), _secs(b)
        rows.append({
            "articles": n, "words": w,
            "docs_s": ds, "docs_aps": n / ds if ds else None, "docs_wps": w / ds if ds else None,
            "docs_peak_mb": d.get("tree_peak_mb"),
            "build_s": bs, "build_aps": n / bs if bs else None, "build_wps": w / bs if bs else None,
            "build_dnf_s": b.get("timeout_s") if b.get("dnf") else None,
            "build_rss_mb": b.get("maxrss_self_mb"), "worker_rss_mb": b.get("maxrss_children_mb"),
            "tree_peak_mb": b.get("tree_peak_mb"), "cold_s": _secs(r.get("cold")),
            "noop_s": (r.get("cold") or {}).get("noop_s"),
            "noop_skipped": (r.get("cold") or {}).get("noop_skipped"),
            "noop_cli_s": (r.get("noop_cli") or {}).get("wall_s"),
            "noop_cli_skipped": (r.get("noop_cli") or {}).get("skipped"),
            "cache_mb": r.get("cache_mb"), "stuck_at": b.get("stuck_at"),
            "systems_s": b.get("systems_s"), "n_systems": b.get("n_systems"),
            "reports_s": _secs(r.get("make_reports")),
            "reports_cpu_s": (r.get("make_reports") or {}).get("cpu_s"),
        })
    return rows


def _fmt(x: Any, spec: str = ".1f") -> str:
    return "—" if x is None else format(x, spec)


def _redone(skipped: bool | None) -> str:
    return " (rebuilt)" if skipped is False else ""


def to_markdown(report: dict[str, Any]) -> str:
    """The results as a Markdown page (machine, table, targets)."""
    m = report["machine"]
    rows = _rows(report["results"])
    out = [f"# Benchmark: synthetic corpora ({report['when']})", "",
           f"Machine: {m['cpu']} ({m['cpu_count']} CPUs), {m['memory_gb']} GB RAM, "
           f"{m['platform']}, Python {m['python']}, pandas {m['pandas']}.  ",
           f"Engine `process` with {BENCH_WORKERS} workers; ~1,000-word generated articles "
           f"(`analysis.bench`, seed {config.SEED}); each step in a fresh process, "
           f"time limit {report['timeout_s']:.0f} s per step.", "",
           "| articles | words | per-doc s | per-doc art/s | per-doc words/s | per-doc peak MB "
           "| build s | build art/s | build words/s | build peak MB (tree / main / worker) "
           "| cached cold s | no-op s | no-op CLI s |",
           "|" + "---:|" * 13]
    for r in rows:
        build_s = _fmt(r["build_s"]) if r["build_dnf_s"] is None else \
            f"> {r['build_dnf_s']:.0f} (DNF)"
        out.append(
            f"| {r['articles']:,} | {r['words']:,} | {_fmt(r['docs_s'])} | "
            f"{_fmt(r['docs_aps'], '.0f')} | {_fmt(r['docs_wps'], ',.0f')} | "
            f"{_fmt(r['docs_peak_mb'], '.0f')} | {build_s} | {_fmt(r['build_aps'], '.1f')} | "
            f"{_fmt(r['build_wps'], ',.0f')} | {_fmt(r['tree_peak_mb'], '.0f')} / "
            f"{_fmt(r['build_rss_mb'], '.0f')} / {_fmt(r['worker_rss_mb'], '.0f')} | "
            f"{_fmt(r['cold_s'])} | {_fmt(r['noop_s'], '.2f')}{_redone(r['noop_skipped'])} | "
            f"{_fmt(r['noop_cli_s'], '.2f')}{_redone(r['noop_cli_skipped'])} |")
    out += ["", "Per-doc: `iter_documents` alone (read + check of the corpus excluded), peak = "
            "summed RSS of the process and its workers. Build: `pipeline.build(cache=False)` "
            "end to end. Build peak: tree = peak of the summed RSS of the build and its "
            "workers, sampled every 20 ms (upper bound: pages shared after fork counted per "
            "process); main / worker = `ru_maxrss` of the build process and of its largest "
            "worker. No-op: a second cached build with nothing changed, in process and through "
            "`python -m analysis build` (interpreter start-up included); \"rebuilt\": the build "
            "was not skipped (the code or the inputs changed in between). DNF: did not finish "
            "within the time limit.", ""]
    for r in rows:
        if r["systems_s"] is not None:
            out.append(f"- {r['articles']:,} articles: `systems_balance` of "
                       f"{r['n_systems']:,} conflict systems {r['systems_s']:.2f} s "
                       "(part of the build, timed again alone on its output)")
    for r in rows:
        if r["stuck_at"]:
            out.append(f"- {r['articles']:,} articles, build stopped after "
                       f"{r['build_dnf_s']:.0f} s in: `{'` <- `'.join(r['stuck_at'][:3])}`")
    for r in rows:
        if r["reports_s"] is not None:
            out.append(f"- {r['articles']:,} articles: `make reports` (every notebook, HTML, "
                       f"PDF, explorer) {r['reports_s']:.1f} s wall, "
                       f"{_fmt(r['reports_cpu_s'])} s CPU of the processes it waited for")
    mr = report.get("make_reports", {})
    if "seconds" in mr and "failed" not in mr:
        out.append(f"`make reports` on the seed, warm environment: {mr['seconds']:.1f} s.")
    else:
        out.append(f"`make reports`: not measured ({mr.get('skipped') or mr.get('failed')}).")
    out += ["", "## Targets (issues 7 and 14)", ""]
    for t in report["targets"]:
        out.append(f"- {'met' if t['met'] else 'NOT met'}: {t['target']} — {t['measured']}")
    return "\n".join(out) + "\n"


def _targets(results: list[dict[str, Any]], mr: dict[str, Any]) -> list[dict[str, Any]]:
    rows = _rows(results)
    t: list[dict[str, Any]] = []
    if rows:
        aps = [r["docs_aps"] or 0.0 for r in rows]
        t.append({"target": f">= {TARGET_DOCS_PER_S:.0f} articles/s, per-document stages, "
                            f"{BENCH_WORKERS} workers", "met": min(aps) >= TARGET_DOCS_PER_S,
                  "measured": ", ".join(f"{_fmt(r['docs_aps'], '.0f')}/s at {r['articles']:,}"
                                        for r in rows)})
        big = max(rows, key=lambda r: r["articles"])
        peaks = [x for x in (big["tree_peak_mb"], big["docs_peak_mb"]) if x is not None]
        t.append({"target": f"{big['articles']:,} articles under {TARGET_PEAK_MB:.0f} MB peak",
                  "met": bool(peaks) and max(peaks) < TARGET_PEAK_MB and big["build_s"] is not None,
                  "measured": f"build {_fmt(big['tree_peak_mb'], '.0f')} MB"
                              + (" (did not finish)" if big["build_s"] is None else "")
                              + f", per-document stage {_fmt(big['docs_peak_mb'], '.0f')} MB "
                              "(summed RSS of the process tree)"})
        if len(rows) > 1:
            small = min(rows, key=lambda r: r["articles"])
            if big["build_s"] and small["build_s"]:
                ratio = (big["build_s"] / big["articles"]) / (small["build_s"] / small["articles"])
                measured = f"per-article build time at {big['articles']:,} / at {small['articles']:,} = {ratio:.2f}"
            else:
                ratio = float("inf")
                measured = f"the build at {big['articles']:,} did not finish"
            t.append({"target": "build time grows linearly (per-article time ratio <= 1.25)",
                      "met": ratio <= 1.25, "measured": measured})
        noop = [r["noop_cli_s"] for r in rows]
        t.append({"target": f"no-op rebuild <= {TARGET_NOOP_S:.0f} s",
                  "met": all(x is not None and x <= TARGET_NOOP_S for x in noop),
                  "measured": ", ".join(f"{_fmt(r['noop_s'], '.2f')} s in process / "
                                        f"{_fmt(r['noop_cli_s'], '.2f')} s CLI at {r['articles']:,}"
                                        for r in rows)})
    for r in rows:
        limit = TARGET_REPORTS_AT.get(r["articles"])
        if limit is not None and r["reports_s"] is not None:
            t.append({"target": f"make reports at {r['articles']:,} articles <= {limit:.0f} s",
                      "met": r["reports_s"] <= limit, "measured": f"{r['reports_s']:.1f} s"})
    if "seconds" in mr and "failed" not in mr:
        t.append({"target": f"make reports on the seed <= {TARGET_REPORTS_S:.0f} s warm",
                  "met": mr["seconds"] <= TARGET_REPORTS_S, "measured": f"{mr['seconds']:.1f} s"})
    return t


def main(args: argparse.Namespace) -> int:
    """`python -m analysis bench`: run every size, print and write the results."""
    sizes = [int(s) for s in str(getattr(args, "sizes", "1000,10000")).split(",") if s.strip()]
    out_dir = Path(getattr(args, "out", None) or config.ROOT / "bench")
    codebook = Path(getattr(args, "codebook", None) or os.environ.get("ANALYSIS_BENCH_CODEBOOK")
                    or config.CODEBOOK)
    timeout = float(getattr(args, "timeout", None) or os.environ.get("ANALYSIS_BENCH_TIMEOUT")
                    or DEFAULT_TIMEOUT_S)
    out_dir.mkdir(parents=True, exist_ok=True)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    def write(results: list[dict[str, Any]], mr: dict[str, Any]) -> str:
        report = {"when": when, "machine": machine(), "workers": BENCH_WORKERS,
                  "seed": config.SEED, "codebook": str(codebook), "timeout_s": timeout,
                  "sizes": sizes, "results": results, "rows": _rows(results),
                  "make_reports": mr, "targets": _targets(results, mr)}
        md = to_markdown(report)
        (out_dir / "results.json").write_text(json.dumps(report, indent=1, default=str) + "\n",
                                              encoding="utf-8")
        (out_dir / "results.md").write_text(md, encoding="utf-8")
        return md

    results: list[dict[str, Any]] = []
    for n in sizes:
        print(f"bench: {n:,} articles", file=sys.stderr, flush=True)
        results.append(_bench_size(n, codebook, timeout))
        write(results, {"skipped": "not reached yet"})  # partial results survive a crash
    print("bench: make reports", file=sys.stderr, flush=True)
    md = write(results, _make_reports())
    print(md)
    print(f"wrote {out_dir / 'results.json'} and {out_dir / 'results.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # a measured step, run by `main` in a child process
    print(json.dumps(_step(sys.argv[1:]), default=str))
