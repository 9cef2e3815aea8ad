#!/usr/bin/env python3
"""Generate the notebooks in notebooks/ (deterministic: fixed cell ids, no outputs).

    python scripts/make_notebooks.py          # rewrite notebooks/*.ipynb
    python scripts/make_notebooks.py --check  # exit 1 if a notebook differs from this script

Each notebook: a title and numbered steps, an inputs/outputs cell, one cell tagged
`parameters`, then one sentence of prose before each code cell, each code cell a call or two
into `analysis.report.sections`. Paths come from `analysis.config` (through the helpers),
never from the notebook. Edit the notebooks here, not in JupyterLab, then rerun this script.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {"name": "python"}


def params(prefix: str) -> str:
    return (
        "# Parameters (papermill style): analysis.report injects new values after this cell.\n"
        "doc_ids = []  # articles to cover, by doc_id; empty: every article\n"
        "processed_dir = None  # processed tables; None: analysis.config.PROCESSED\n"
        "figures_dir = None  # where figures go; None: analysis.config.FIGURES\n"
        f"figure_prefix = {prefix!r}  # file-name prefix of this notebook's figures"
    )


LOAD = ("from analysis.report import sections\n\n"
        "t = sections.load(processed_dir, doc_ids)\n"
        "sections.table(sections.documents_table(t), caption='Articles covered')")
LOAD_MD = "We load the processed tables, restricted to the selected articles, and list the articles."

IO = (
    "**Inputs and outputs**\n\n"
    "- **Inputs**: the processed tables in `data/processed/` (`analysis.config.PROCESSED`), "
    "written by `python -m analysis build` from `data/raw/` and the codebook.\n"
    "- **Outputs**: {outputs}\n"
    "- **Parameters**: `doc_ids` selects articles (empty: all); `processed_dir` and "
    "`figures_dir` override the default folders (None: from `analysis.config`)."
)

NOTEBOOK_SPECS: dict[str, dict] = {}

NOTEBOOK_SPECS["01-ingest"] = dict(
    title="Ingest: articles, cleaning and sentences",
    intro="How the raw articles became clean text split into paragraphs and sentences, "
          "with the checksums that pin every input.",
    steps=[
        "Load the processed tables for the selected articles.",
        "Show where each article comes from and the checksums of its raw and cleaned text.",
        "Check the segmentation: paragraphs, sentences and sentence length per article.",
        "Preview the first sentences of each article with their character offsets.",
    ],
    outputs="this notebook and its HTML/PDF export in `reports/`; no tables are written.",
    prefix="01-",
    cells=[
        ("md", LOAD_MD),
        ("code", LOAD),
        ("md", "## Provenance\n\nEach article's URL, its file and the sha256 of the raw file "
               "(checked against the manifest) and of the cleaned text that all offsets point into."),
        ("code", "sections.table(sections.provenance_table(t), "
                 "caption='Provenance and checksums')"),
        ("md", "## Segmentation\n\nParagraphs and sentences per article, with the mean and the "
               "longest sentence length in characters (a very long sentence hints at a "
               "segmentation miss)."),
        ("code", "sections.table(sections.segmentation_stats(t), caption='Segmentation')"),
        ("md", "## First sentences\n\nThe first sentences of each article, with paragraph "
               "number and offsets into the cleaned text."),
        ("code", "sections.table(sections.sentences_preview(t, n=12), caption='First sentences')"),
    ],
)

NOTEBOOK_SPECS["02-actors"] = dict(
    title="Actors: who is mentioned, and how mentions were resolved",
    intro="Actor mentions resolved to codebook actors (states, governments, militaries, "
          "persons, media, source groups), and the names the codebook does not know yet.",
    steps=[
        "Load the processed tables for the selected articles.",
        "Count actors and mentions by actor type.",
        "List every actor with its state, parent organisation and mentions.",
        "Show how mentions were resolved and list them in text order.",
        "List unresolved names, candidates for the codebook.",
    ],
    outputs="this notebook and its HTML/PDF export in `reports/`.",
    prefix="02-",
    cells=[
        ("md", LOAD_MD),
        ("code", LOAD),
        ("md", "## Actor types\n\nActors that are mentioned at least once, and their mentions, "
               "by actor type."),
        ("code", "sections.table(sections.actor_type_counts(t), caption='Actors by type')"),
        ("md", "## Actors\n\nEvery actor in the actors table (mentioned ones and their "
               "ancestors), with the state it belongs to and its parent organisation."),
        ("code", "sections.table(sections.actors_table(t), caption='Actors')"),
        ("md", "## Resolution\n\nHow mentions were resolved: by alias, demonym phrase, title "
               "and name, pattern or coreference."),
        ("code", "sections.table(sections.mentions_by_rule(t), caption='Mentions by rule')"),
        ("md", "The first mentions in text order, with the actor each resolves to."),
        ("code", "sections.table(sections.mentions_table(t, n=60), caption='Mentions')"),
        ("md", "## Unresolved names\n\nCapitalised names that the codebook does not know, "
               "most frequent first: candidates for `data/codebook/`."),
        ("code", "sections.table(sections.unresolved_table(t), caption='Unresolved names')"),
    ],
)

NOTEBOOK_SPECS["03-claims"] = dict(
    title="Claims: who asserts what, on whose authority, how firmly",
    intro="Every claim with its claimant, attribution, cue, polarity, modality and type, "
          "and the claims that contradict each other.",
    steps=[
        "Load the processed tables for the selected articles.",
        "Measure the sourcing profile: shares of author, named, group and anonymous claims.",
        "Cross attribution with modality, and count claim types.",
        "List every claim, then the contested pairs side by side.",
        "List consequential claims that carry no named source.",
    ],
    outputs="`reports/figures/03-sourcing-profile.png` (and its CSV), this notebook and "
            "its HTML/PDF export in `reports/`.",
    prefix="03-",
    cells=[
        ("md", LOAD_MD),
        ("code", LOAD),
        ("md", "## Sourcing profile\n\nThe share of claims in the article's own voice "
               "(author), attributed to named sources, to unnamed groups, or to no one."),
        ("code", "sections.table(sections.sourcing_profile(t), caption='Sourcing profile')"),
        ("md", "The same profile as a chart, per outlet."),
        ("code", "sections.show_figures([sections.sourcing_figure(t, figures_dir, "
                 "figure_prefix)])"),
        ("md", "## Modality and claim types\n\nHow firmly each kind of source asserts "
               "(asserted, hedged, conditional, forecast)."),
        ("code", "sections.table(sections.modality_by_attribution(t), "
                 "caption='Modality by attribution')"),
        ("md", "Claims by type, with the CAMEO code the codebook maps each type to."),
        ("code", "sections.table(sections.claim_type_counts(t), caption='Claim types')"),
        ("md", "## Claims\n\nEvery claim in text order: what is claimed, by whom, how."),
        ("code", "sections.table(sections.claims_table(t), caption='Claims')"),
        ("md", "## Contested claims\n\nPairs of claims that disagree about the same event."),
        ("code", "sections.table(sections.contested_table(t), caption='Contested claims', "
                 "empty='No contested claims.')"),
        ("md", "## Unsourced assertions\n\nClaims about the use of force (captures, strikes, "
               "casualties) made in the author's voice or with no source at all."),
        ("code", "sections.table(sections.unsourced_table(t), caption='Unsourced assertions', "
                 "empty='None.')"),
    ],
)

NOTEBOOK_SPECS["04-network"] = dict(
    title="Network: signed relations between actors and states",
    intro="Typed, signed actor-to-actor relations, each tied to the claim it comes from; "
          "the state-level network, its blocs and its structural balance.",
    steps=[
        "Load the processed tables for the selected articles.",
        "Count relations by type and sign, and list them with their claims.",
        "Compare outlets: cooperative and hostile relations each reports.",
        "Show the state-level network, its node metrics, blocs and triads.",
        "Draw the state network and the full actor network.",
    ],
    outputs="`reports/figures/04-state-network.png`, `reports/figures/04-actor-network.png` "
            "(each with its CSV), this notebook and its HTML/PDF export in `reports/`.",
    prefix="04-",
    cells=[
        ("md", LOAD_MD),
        ("code", LOAD),
        ("md", "## Relations\n\nRelations by type and sign (1 cooperative, -1 hostile, "
               "0 neutral)."),
        ("code", "sections.table(sections.relation_counts(t), caption='Relations by type')"),
        ("md", "Every relation with who asserts it and the claim it comes from."),
        ("code", "sections.table(sections.relations_table(t), caption='Relations')"),
        ("md", "Relations reported by each outlet."),
        ("code", "sections.table(sections.relations_by_outlet(t), caption='Relations by outlet')"),
        ("md", "The claimant view: who asserts relations, and about which actors."),
        ("code", "sections.table(sections.claimant_view(t), caption='Claimants and the actors "
                 "they speak about')"),
        ("md", "## State network\n\nActors collapsed to their states; signed weights summed."),
        ("code", "sections.table(sections.state_edges_table(t), caption='State-level edges')"),
        ("md", "Node metrics and the bloc each state falls in."),
        ("code", "sections.table(sections.nodes_table(t, 'state'), caption='States')"),
        ("md", "Blocs and structural balance, in words."),
        ("code", "sections.prose(sections.balance_sentences(t))"),
        ("md", "Every closed triad of states and whether it is balanced."),
        ("code", "sections.table(sections.triads_table(t), caption='Triads', "
                 "empty='No closed triads.')"),
        ("md", "## Figures\n\nThe signed state network (blue cooperative, red hostile, grey neutral)."),
        ("code", "sections.show_figures([sections.network_figure(t, 'state', figures_dir, "
                 "figure_prefix)])"),
        ("md", "The full actor network, every relation an edge."),
        ("code", "sections.show_figures([sections.network_figure(t, 'actor', figures_dir, "
                 "figure_prefix)])"),
    ],
)

NOTEBOOK_SPECS["05-report"] = dict(
    title="Reviewer report: claims, sourcing and the actor network",
    intro="What the articles claim, on whose authority, what is contested and how the actors "
          "line up, with the evidence one step away and a measure of how far the "
          "extraction can be trusted.",
    steps=[
        "Load the processed tables for the selected articles.",
        "Summarise the findings in plain sentences written from the data.",
        "Show the sources, the claims, the contested claims and the sourcing profile.",
        "Draw the signed state and actor networks; list loaded language, places and flags.",
        "Report accuracy against the hand-coded seed, methods, limitations and provenance.",
    ],
    outputs="`reports/05-report.html` and `reports/05-report.pdf`, figures in "
            "`reports/figures/` (each with its CSV).",
    prefix="05-",
    cells=[
        ("md", "We load the processed tables for the selected articles and show the sources "
               "and data this report was built from."),
        ("code", "from analysis.report import sections\n\n"
                 "t = sections.load(processed_dir, doc_ids)\n"
                 "sections.title_block(t)"),
        ("md", "## Findings\n\nWhat the extraction found, in plain sentences generated from "
               "the tables."),
        ("code", "sections.prose(sections.findings(t), bullets=True)"),
        ("md", "## Sources\n\nOutlet, publication date, URL and the sha256 of each raw "
               "article; the as-of date is the latest publication date."),
        ("code", "sections.table(sections.source_metadata(t), caption='Source metadata')"),
        ("md", "Per article: claims by attribution, contested claims and relations by sign."),
        ("code", "sections.table(sections.per_article_table(t), caption='Per article')"),
        ("md", "## Claims\n\nWho asserts what and how firmly: attribution says on whose "
               "authority (author, named, group, anonymous), the cue how it is introduced, "
               "modality how firmly."),
        ("code", "sections.table(sections.claims_table(t), caption='Claims')"),
        ("md", "## Contested claims\n\nClaims that disagree about the same event, side by side."),
        ("code", "sections.table(sections.contested_table(t), caption='Contested claims', "
                 "empty='No contested claims were found.')"),
        ("md", "Consequential claims (use of force) made without a named source."),
        ("code", "sections.table(sections.unsourced_table(t), caption='Unsourced assertions', "
                 "empty='Every claim about the use of force names a source.')"),
        ("md", "## Sourcing profile\n\nThe share of claims by attribution, as a chart."),
        ("code", "sections.show_figures([sections.sourcing_figure(t, figures_dir, "
                 "figure_prefix)])"),
        ("md", "The same profile per outlet (percent of each outlet's claims)."),
        ("code", "sections.table(sections.sourcing_by_outlet(t), caption='Sourcing by outlet')"),
        ("md", "## Actor networks\n\n### State network\n\nActors collapsed to their states; "
               "blue edges cooperative, red hostile, grey neutral."),
        ("code", "sections.show_figures([sections.network_figure(t, 'state', figures_dir, "
                 "figure_prefix)])"),
        ("md", "Blocs and structural balance of the state network, explained."),
        ("code", "sections.prose(sections.balance_sentences(t))"),
        ("md", "### Actor network\n\nEvery actor and every relation between them."),
        ("code", "sections.show_figures([sections.network_figure(t, 'actor', figures_dir, "
                 "figure_prefix)])"),
        ("md", "Relations reported by each outlet, by sign."),
        ("code", "sections.table(sections.relations_by_outlet(t), caption='Relations by outlet')"),
        ("md", "## Loaded language\n\nEvaluative labels and framing devices, grouped by the "
               "actor they target."),
        ("code", "sections.table(sections.loaded_by_target(t), "
                 "caption='Loaded language by target', "
                 "empty='No loaded language was found.')"),
        ("md", "## Places\n\nPlaces named in claims, and the kinds of claims that name them."),
        ("code", "sections.table(sections.places_table(t), caption='Places', "
                 "empty='No places were found in claims.')"),
        ("md", "## Reference-consistency flags\n\nTitles and names that disagree with the "
               "dated offices in the codebook (e.g. a minister named for an office they did "
               "not hold on the publication date)."),
        ("code", "sections.table(sections.flags_table(t), caption='Flags', "
                 "empty='No inconsistencies were flagged.')"),
        ("md", "## Accuracy\n\nPrecision, recall and F1 of the extraction against the "
               "hand-coded seed article, field by field."),
        ("code", "sections.accuracy()"),
        ("md",
         "## Methods and limitations\n\n"
         "**Methods.** Articles are cleaned of outlet boilerplate and split into paragraphs "
         "and sentences with character offsets. Actors are found with a curated codebook "
         "(aliases, demonyms, titles, dated offices) and resolved to states, governments, "
         "militaries, persons, media and source groups. Claims are found from attribution "
         "cues (verbs of saying, *according to*, denials) and classified by attribution "
         "(author, named, group, anonymous), polarity, modality (hedges, conditionals, "
         "forecasts) and type (with CAMEO/PLOVER codes). Each claim that links two actors "
         "yields a typed, signed relation; relations form a signed network whose state-level "
         "view gives blocs and structural balance. Every number in this report is computed "
         "from the processed tables; every edge leads back to its claim and sentence.\n\n"
         "**Limitations.** Extraction is rule-based: it misses paraphrased attributions and "
         "actors the codebook lacks (see the unresolved names in notebook 02), and it can "
         "attach a claim to the wrong claimant in long sentences. A claim's presence says "
         "that someone asserted it, not that it is true. A single article, or a few, cannot "
         "represent an outlet; sourcing profiles describe these texts only. Structural "
         "balance on a small network rests on very few triads. Accuracy is measured on the "
         "hand-coded seed article only."),
        ("md", "## Reproducibility\n\nThe commit, the build command and the checksums of the "
               "data this report was built from."),
        ("code", "sections.table(sections.reproducibility(t), caption='Provenance', "
                 "sortable=False)"),
        ("md", "Package versions of the environment that built this report."),
        ("code", "sections.table(sections.package_versions(), caption='Package versions', "
                 "sortable=False)"),
    ],
)


def build(name: str, spec: dict) -> nbformat.NotebookNode:
    """One notebook from its spec, with cell ids cell-01, cell-02, ..."""
    cells = []

    def add(kind: str, source: str, tags: list[str] | None = None) -> None:
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell.id = f"cell-{len(cells) + 1:02d}"
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)

    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(spec["steps"], 1))
    add("md", f"# {spec['title']}\n\n{spec['intro']}\n\n**Steps**\n\n{steps}")
    add("md", IO.format(outputs=spec["outputs"]))
    add("code", params(spec["prefix"]), tags=["parameters"])
    for kind, source in spec["cells"]:
        add(kind, source)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO,
                   "title": spec["title"]}
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a notebook differs from what this script writes")
    args = parser.parse_args(argv)
    NOTEBOOKS.mkdir(exist_ok=True)
    stale = []
    for name, spec in NOTEBOOK_SPECS.items():
        path = NOTEBOOKS / f"{name}.ipynb"
        text = render(build(name, spec))
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("notebooks differ from scripts/make_notebooks.py: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
