"""The ``sygraph`` command line: a thin layer over the Python API.

Every expected failure prints one line, ``sygraph: error: <message>``, and exits with code 1
(bad arguments too); an unexpected exception (a bug) prints one line, ``sygraph: internal
error: …``, and exits 1 as well. ``--debug`` (or ``SYGRAPH_DEBUG=1``) adds the traceback.

Commands that print tables also print ``--json`` (numbers as numbers, entities with their
ids), ``--csv`` and ``--tsv`` (header row first) for scripts.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
import traceback
from pathlib import Path

from . import __version__
from .builder import build_folder
from .errors import InputError, InputWarning, QueryError, SygraphError
from .evaluate import format_bio_report, format_body_report, format_report, score_bio, score_body, score_gold
from .explain import explain, format_explanation
from .formats import DEFAULT_FORMATS, FORMAT_NAMES, atomic_write
from .graph import DIVISION_SOURCE
from .ids import DEFAULT_BASE_IRI, validate_base_iri
from .ingest import DEFAULT_MAX_CHARS, JSONL_SUFFIXES, iter_inputs
from .knowledge import load
from .outdir import EXIT_INTERNAL, EXIT_TERMINATED, Terminated, sigterm_interrupts
from .parallel import default_jobs, pipeline_version
from .registry import check_registry, suggest_merges
from .store import open_store, refuse_service
from .terms import RelationType
from .vocab import PREFIXES

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 3
DEFAULT_GRAPH = "output/sygraph.graphml"
DEBUG_ENV = "SYGRAPH_DEBUG"

DESCRIPTION = """\
Build a knowledge graph of 双拥 news: places, units, people and programs, the relations
between them and the articles that mention them, exported as GraphML and RDF.
"""

EPILOG = """\
examples:
  sygraph build                          build seeds/ into output/
  sygraph build corpus/ more.jsonl -o out --format graphml ttl nt jsonld csv
  sygraph eval output/sygraph.graphml ../shared/gold
  sygraph query 泸州军分区                 relations of an entity, with evidence
  sygraph query 泸州军分区 --csv --limit 20
  sygraph sparql 'SELECT ?n WHERE { ?p a schema:Place ; rdfs:label ?n }'
  sygraph sparql - --json < query.rq       the query from standard input
  sygraph stats                          counts, most connected entities, communities
  sygraph info                           versions, models, data digests

for scripts: query, sparql, stats and eval take --json, --csv or --tsv; info takes --json.

exit codes: 0 success; 1 error, nothing written (bad arguments, a missing or unreadable file,
an output folder that cannot be written or that another build is writing); 3 built, but some
inputs were skipped (each skipped input is named on stderr as FILE[:LINE]: PROBLEM, and listed
in OUTDIR/report.json with the warnings about inputs read but cut; --allow-skips makes it 0);
4 built, but sygraph failed on some articles (an internal error: a bug to report); 130
interrupted (Ctrl-C); 143 terminated (SIGTERM). --debug (or SYGRAPH_DEBUG=1) prints the
traceback of an error as well.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 1 (the code of every error);
    ``--help`` and ``--version`` still exit 0."""

    def error(self, message: str):  # noqa: D401 - argparse's API
        self.exit(EXIT_ERROR, f"sygraph: error: {message}\n(see '{self.prog} --help')\n")


def _add_debug(parser: argparse.ArgumentParser) -> None:
    """``--debug`` after any (sub)command too, without a subcommand's default hiding the
    global flag given before it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if "--debug" not in sub._option_string_actions:
                    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                     help="on an error, print the traceback as well")
                _add_debug(sub)


def _output_options(cmd: argparse.ArgumentParser, tables: tuple[str, ...] = (), note: str = "") -> None:
    fmt = cmd.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON for scripts (numbers as numbers, ids with names)")
    fmt.add_argument("--csv", action="store_true", help="print the table as CSV, header row first")
    fmt.add_argument("--tsv", action="store_true", help="print the table as tab-separated values, header row first")
    if tables:
        cmd.add_argument("--table", choices=tables, metavar="TABLE",
                         help=f"the table --csv and --tsv print: {', '.join(tables)} (default: {tables[0]}){note}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="sygraph", description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"sygraph {__version__}")
    p.add_argument("--debug", action="store_true",
                   help=f"on an error, print the traceback as well (or set {DEBUG_ENV}=1)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph from articles and write it",
                       description="Read .txt files, directories of them (recursively) and .jsonl corpora "
                                   "(one article per line: id, text, optional title, published, source, url), "
                                   "extract entities and relations, and write the graph.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                   help="files or directories to read (default: seeds/)")
    b.add_argument("-o", "--output", default="output", metavar="OUTDIR",
                   help="directory to write into (default: output/)")
    b.add_argument("--format", nargs="+", default=list(DEFAULT_FORMATS), choices=FORMAT_NAMES, metavar="FMT",
                   help="formats to write: " + ", ".join(FORMAT_NAMES) + " (default: graphml ttl html)")
    b.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                   help=f"base of the IRIs minted for nodes (default: {DEFAULT_BASE_IRI})")
    b.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: all cores; small corpora are built in-process)")
    b.add_argument("--cache", metavar="DIR",
                   help="keep each article's extraction here; a rebuild re-extracts only new or changed "
                        "articles (the result is identical to a clean build)")
    b.add_argument("--stream", action="store_true",
                   help="write N-Triples (sygraph.nt) as articles are merged, without holding the graph in "
                        "memory: for corpora larger than memory (other formats need the in-memory graph)")
    b.add_argument("--registry", metavar="FILE",
                   help="your registry of canonical entities, lexicon words and stop words (TSV; see the README)")
    b.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"cut an article longer than N characters, and say so (default: {DEFAULT_MAX_CHARS:,})")
    b.add_argument("-q", "--quiet", action="store_true", help="do not print the summary table")
    b.add_argument("--allow-skips", action="store_true",
                   help="exit 0, not 3, when some inputs were skipped (each is still named on stderr and "
                        "in report.json): for `sygraph build … && …` chains over messy corpora")

    e = sub.add_parser("eval", help="score a built graph against gold annotation files, or sygraph against a "
                                     "BIO NER file",
                       description="Entity-level precision, recall and F1 per type of a built GraphML against "
                                   "a folder of *.gold.json files, with the lists of misses and false hits; or, "
                                   "with --bio, of sygraph on a character-per-line BIO file (PER/LOC/ORG), one "
                                   "sentence per article.",
                       epilog="examples:\n  sygraph eval output/sygraph.graphml ../shared/gold\n"
                              "  sygraph eval output/sygraph.graphml corpus/annotations.jsonl --set seed\n"
                              "  sygraph eval --body corpus/annotations.jsonl --shared ../shared\n"
                              "  sygraph eval --bio ../shared/pd-ner/dev.bio",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("graph", nargs="?", help="a GraphML file written by sygraph build")
    e.add_argument("gold", nargs="?", help="a folder of *.gold.json files, or span annotations (corpus/annotations.jsonl)")
    e.add_argument("--fold", type=int, help="with span annotations: score only the articles of this fold (0-4)")
    e.add_argument("--set", dest="subset", default="", choices=("", "corpus", "dev", "seed"),
                   help="with span annotations: score only this set of articles")
    e.add_argument("--bio", metavar="FILE", help="score on a BIO NER file instead of a built graph")
    e.add_argument("--body", metavar="ANNOTATIONS", help="score the body lines sygraph reads against span annotations")
    e.add_argument("--shared", default="../shared", help="with --body: the folder the annotated files are under")
    _output_options(e, EVAL_TABLES, "; --bio has scores, misses and false_hits, --body scores and wrong")

    def graph_option(cmd: argparse.ArgumentParser, tables: tuple[str, ...] = (), note: str = "") -> None:
        cmd.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="FILE",
                         help=f"a graph written by sygraph build, GraphML or Turtle (default: {DEFAULT_GRAPH})")
        _output_options(cmd, tables, note)

    q = sub.add_parser("query", help="show an entity, its relations with their evidence, and its neighbourhood",
                       description="Look an entity up by canonical name or alias and print its typed relations, "
                                   "each with the sentence that states it.",
                       epilog="examples:\n  sygraph query 泸州军分区\n  sygraph query 西峰区人武部 --relation assists\n"
                              "  sygraph query 九龙村 --depth 2 --json\n  sygraph query 泸州军分区 --csv --limit 10",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("name", help="canonical name or alias")
    q.add_argument("--relation", metavar="R", choices=[r.value for r in RelationType],
                   help="only this relation (" + ", ".join(RelationType) + ")")
    q.add_argument("--depth", type=int, default=1, metavar="N",
                   help="also list the entities within N relations (default: 1)")
    q.add_argument("--limit", type=_count, metavar="N", help="list at most N relations of each entity (default: all)")
    graph_option(q)

    sq = sub.add_parser("sparql", help="run a SPARQL query over a built graph",
                        description="Run a SPARQL query (text, a file, or - for standard input) with the prefixes "
                                    "sy, schema, skos, rdfs, xsd, prov and rdf preset. SELECT and ASK print a table "
                                    "(or --json, --csv, --tsv); CONSTRUCT and DESCRIBE print RDF.",
                        epilog="examples:\n  sygraph sparql 'SELECT ?name WHERE { ?p a schema:Place ; rdfs:label ?name }'\n"
                               "  sygraph sparql units.rq --csv\n"
                               "  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | sygraph sparql - --json\n"
                               "  sygraph sparql 'CONSTRUCT WHERE { ?u a sy:Unit ; rdfs:label ?n }' --format nt",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    sq.add_argument("query", help="the query, a file holding it (.rq, .sparql), or - to read it from standard input")
    sq.add_argument("--format", choices=("ttl", "nt"), default="ttl",
                    help="the RDF that CONSTRUCT and DESCRIBE print: Turtle (ttl, the default) or N-Triples (nt)")
    sq.add_argument("--store", metavar="DIR",
                    help="query a persistent Oxigraph store in DIR, loaded from the graph's N-Triples or Turtle "
                         "export (sygraph.nt or sygraph.ttl beside GRAPH) on first use")
    sq.add_argument("--allow-service", action="store_true",
                    help="let SERVICE clauses query remote endpoints (refused by default: a query file "
                         "should not make the machine send requests)")
    graph_option(sq)

    rg = sub.add_parser("registry", help="check a registry file, or suggest merges from a built graph",
                        description="Your registry says which surface forms are one entity, which words are "
                                    "entities of a type, and which never are. check validates a registry file; "
                                    "suggest proposes candidate merges from a built graph as a registry to edit.",
                        epilog="examples:\n  sygraph registry check sygraph-registry.tsv\n"
                               "  sygraph registry suggest -o suggested.tsv\n"
                               "  sygraph build corpus/ --registry sygraph-registry.tsv",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    rsub = rg.add_subparsers(dest="action", metavar="ACTION", required=True)
    rc = rsub.add_parser("check", help="validate a registry file (one line per problem, naming the line)")
    rc.add_argument("file", help="the registry file")
    rs = rsub.add_parser("suggest", help="propose merges found in a built graph, as a registry file to edit")
    rs.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="FILE", help=f"default: {DEFAULT_GRAPH}")
    rs.add_argument("-o", "--output", metavar="FILE", help="write the suggestions here (default: print them)")

    ex = sub.add_parser("explain", help="show how a text is read: every candidate span, who proposed it, what "
                                        "kept or dropped it, and which source made each relation")
    ex.add_argument("text", help="the text (a sentence or a few), or - to read it from standard input")
    ex.add_argument("--json", action="store_true", help="the decisions and relations as JSON")
    vw = sub.add_parser("view", help="write the interactive view of a built graph (one HTML file, offline)",
                        description="Write one self-contained HTML file that opens offline in any browser: nodes "
                                    "coloured by type and sized by degree, search, filters, a focus mode, and the "
                                    "evidence of every relation on click.")
    vw.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="FILE", help=f"default: {DEFAULT_GRAPH}")
    vw.add_argument("-o", "--output", default="output/sygraph.html", metavar="FILE",
                    help="default: output/sygraph.html")

    st = sub.add_parser("stats", help="counts, the most connected entities by type, and communities")
    st.add_argument("--top", type=_count, default=5, metavar="N", help="entities listed per type (default: 5)")
    graph_option(st, STATS_TABLES, "; the text then shows only this table")

    inf = sub.add_parser("info", help="versions of sygraph, Python and its libraries; its models and data files",
                         description="What this sygraph is made of, for a bug report or to compare two installs: "
                                     "versions of sygraph, Python and the key libraries, each shipped model with its "
                                     "training record, a digest of the lexicon data files and the division table.")
    inf.add_argument("--json", action="store_true", help="print JSON for scripts")
    _add_debug(p)
    return p


STATS_TABLES = ("top", "counts", "communities")
EVAL_TABLES = ("scores", "misses", "false_hits", "relation_misses", "relation_false_hits", "wrong")


def _count(text: str) -> int:
    """A whole number, 0 or more (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (``--help`` and usage errors exit, with
    0 and 1, as argparse does)."""
    args = _parser().parse_args(argv)
    # one switch for every command, also for the workers of a build: args.debug
    args.debug = bool(getattr(args, "debug", False)) or debug_from_env()
    if args.command is None:
        _parser().print_help()
        return EXIT_OK
    try:
        code = {"build": _build, "eval": _eval, "query": _query, "sparql": _sparql, "stats": _stats,
                "registry": _registry, "view": _view, "info": _info, "explain": _explain}[args.command](args)
        sys.stdout.flush()  # a reader gone away shows here, not at exit
        return code
    except SygraphError as err:
        _traceback(args, err)
        print(f"sygraph: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("sygraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (sygraph eval … | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:
        if err.filename is None:
            return _internal_error(args, err)
        # a file the command could not read or write: the user's to fix, named
        _traceback(args, err)
        print(f"sygraph: error: {err.filename}: {err.strerror or _one_line(err)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # a bug: still one line, the traceback on request
        return _internal_error(args, err)


def _internal_error(args: argparse.Namespace, err: Exception) -> int:
    _traceback(args, err)
    hint = "" if args.debug else " (run with --debug for the traceback)"
    print(f"sygraph: internal error: {type(err).__name__}: {_one_line(err)}{hint}", file=sys.stderr)
    return EXIT_ERROR


def debug_from_env() -> bool:
    """Whether ``SYGRAPH_DEBUG`` asks for tracebacks (anything but empty, 0, false, no, off)."""
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def _traceback(args: argparse.Namespace, err: BaseException) -> None:
    if getattr(args, "debug", False):
        traceback.print_exception(err, file=sys.stderr)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:300] + "…" if len(text) > 300 else text or "(no message)"


def _build(args: argparse.Namespace) -> int:
    debug = bool(getattr(args, "debug", False)) or os.environ.get("SYGRAPH_DEBUG", "") not in ("", "0")

    def report(err: InputError) -> None:
        kind = "warning" if isinstance(err, InputWarning) else "skipped"
        print(f"sygraph: {kind}: {err}", file=sys.stderr)

    def failure(failed) -> None:  # a bug of sygraph's on one article: the others are built
        if debug and failed.traceback:
            print(failed.traceback.rstrip("\n"), file=sys.stderr)
        hint = "" if debug else " (run with --debug for the traceback)"
        print(f"sygraph: internal error: {failed}{hint}", file=sys.stderr)

    args.base_iri = validate_base_iri(args.base_iri)  # before any input is read
    try:
        with sigterm_interrupts():  # SIGTERM cleans up as Ctrl-C does
            result = build_folder(args.inputs, args.output, formats=args.format, stream=args.stream,
                                  base_iri=args.base_iri, jobs=args.jobs or default_jobs(), cache=args.cache,
                                  registry=args.registry, max_chars=args.max_chars,
                                  progress=_expected(args) if not args.quiet else False,
                                  on_error=report, on_failure=failure)
    except Terminated:
        print("sygraph: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    if not args.quiet:
        if args.stream:
            _build_stream(result)
        else:
            _print_summary(result.counts, result.written, result.skipped)
    if result.failures:
        return EXIT_INTERNAL
    return EXIT_SKIPPED if result.skipped and not args.allow_skips else EXIT_OK


REPORT = "report.json"


def _expected(args) -> bool | int:
    """How many articles a build will read, when the inputs say so (files, not JSONL lines);
    the progress bar then shows the time left. Only counted on a terminal."""
    if not sys.stderr.isatty():
        return False
    try:
        files = [p for p, _ in iter_inputs(args.inputs)]
    except InputError:
        return True
    return True if any(p.suffix.lower() in JSONL_SUFFIXES for p in files) else len(files)


def _build_stream(result) -> None:
    """The summary of a --stream build (written by ``_build`` through sygraph.build)."""
    print(f"articles {result.counts['articles']}  triples {result.counts['triples']}  skipped {result.skipped}")
    print(f"wrote {result.written[0]}")


def _problem(message: str) -> dict[str, str]:
    """``file[:line]: problem`` as {"input", "problem"}."""
    where, _, problem = message.partition(": ")
    return {"input": where, "problem": problem}


def _print_summary(counts: dict[str, int], written: list[Path], skipped: int) -> None:
    rows = [("articles", counts["articles"]), ("skipped inputs", skipped)]
    rows += [(f"entities: {t}", counts[t]) for t in ("place", "unit", "person", "program")]
    rows += [("entities: total", sum(counts[t] for t in ("place", "unit", "person", "program"))),
             ("relations", counts["relations"])]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>7}")
    for path in written:
        print(f"wrote {path}")


# -- output for people and for scripts --------------------------------------------------

Table = tuple[tuple[str, ...], list[tuple]]  # headers, rows


def _emit(args: argparse.Namespace, value, tables: dict[str, Table], text) -> int:
    """Print ``value`` as JSON (--json), one of ``tables`` as CSV or TSV (--csv, --tsv; the
    one --table names, else the first), or call ``text`` for people."""
    if args.json:
        _print_json(value)
    elif args.csv or args.tsv:
        headers, rows = tables[_table_name(args, tables)]
        _write_delimited(headers, rows, "," if args.csv else "\t")
    else:
        text()
    return EXIT_OK


def _table_name(args: argparse.Namespace, tables: dict[str, Table]) -> str:
    name = getattr(args, "table", None) or next(iter(tables))
    if name not in tables:
        raise InputError(f"sygraph {args.command} has no table {name!r} here; choose from {', '.join(tables)}")
    return name


def _write_delimited(headers: tuple[str, ...], rows: list[tuple], delimiter: str) -> None:
    """A header row, then the rows, through the csv module (quoted where a cell needs it)."""
    out = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
    out.writerow(headers)
    out.writerows([_cell(c) for c in row] for row in rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value):
    """A score as a JSON number: whole numbers as integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def _table(rows: list[tuple], headers: tuple) -> str:
    """Rows as aligned columns; CJK characters count as two columns."""
    def width(text: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    cells = [tuple(_cell(c) for c in headers)] + [tuple(_cell(c) for c in r) for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths)] + lines[1:])


def _load(path: str):
    return load(path)


# -- eval ------------------------------------------------------------------------------

SCORE_HEADERS = ("level", "type", "p", "r", "f1", "tp", "fp", "fn")


def _score_rows(level: str, scores: dict[str, dict]) -> list[tuple]:
    return [(level, t, c["p"], c["r"], c["f1"], c["tp"], c["fp"], c["fn"]) for t, c in scores.items()]


def _eval(args: argparse.Namespace) -> int:
    if args.body:
        report = score_body(args.body, args.shared, fold=args.fold, subset=args.subset)
        text = format_body_report(report)
        tables = {"scores": (("articles", "lines", "right", "accuracy"),
                             [(report["articles"], report["lines"], report["right"], report["accuracy"])]),
                  "wrong": (("file", "line", "annotated", "read", "text"),
                            [(w["file"], w["line"], w["annotated"], w["read"], w["text"]) for w in report["wrong"]])}
    elif args.bio:
        report = score_bio(args.bio)
        text = format_bio_report(report)
        # the report lists each miss and false hit as "type: text", once per sentence
        report = {**report, "misses": _tally(report["misses"]), "false_hits": _tally(report["false_hits"])}
        tables = {"scores": (SCORE_HEADERS, _score_rows("entity", {**report["types"], "micro": report["micro"]})),
                  "misses": (("type", "name", "count"), [(m["type"], m["name"], m["count"]) for m in report["misses"]]),
                  "false_hits": (("type", "name", "count"),
                                 [(m["type"], m["name"], m["count"]) for m in report["false_hits"]])}
    elif args.graph and args.gold:
        report = score_gold(args.graph, args.gold, fold=args.fold, subset=args.subset)
        text = format_report(report)
        triple = ("article", "head", "relation", "tail")
        tables = {"scores": (SCORE_HEADERS, _score_rows("entity", {**report["types"], "micro": report["micro"]})
                             + _score_rows("relation", report.get("relation_types", {}))),
                  "misses": (("article", "type", "name"),
                             [(m["article"], m["type"], m["name"]) for m in report["misses"]]),
                  "false_hits": (("article", "type", "name", "id"),
                                 [(m["article"], m["type"], m["name"], m.get("id", "")) for m in report["false_hits"]]),
                  "relation_misses": (triple, [tuple(m.get(k, "") for k in triple)
                                               for m in report.get("relation_misses", [])]),
                  "relation_false_hits": (triple, [tuple(m.get(k, "") for k in triple)
                                                   for m in report.get("relation_false_hits", [])])}
    else:
        raise InputError("eval needs GRAPH and GOLD, or --bio FILE, or --body ANNOTATIONS")
    if not (args.json or args.csv or args.tsv):
        _table_name(args, tables)  # a --table this report does not have is an error in text too
    return _emit(args, report, tables, lambda: print(text))


def _tally(items: list[str]) -> list[dict]:
    """``"type: text"`` strings as {"type", "name", "count"}, most frequent first."""
    from collections import Counter

    counts = Counter(items)
    out = []
    for item, n in counts.items():
        kind, _, name = item.partition(": ")
        out.append({"type": kind, "name": name, "count": n})
    return sorted(out, key=lambda m: (-m["count"], m["type"], m["name"]))


# -- query -----------------------------------------------------------------------------

QUERY_HEADERS = ("entity_id", "entity", "head_id", "head", "relation", "tail_id", "tail", "evidence", "article",
                 "inferred", "confidence")


def _attr_value(value):
    """A node attribute as JSON: flags as true/false; codes and levels stay strings."""
    if isinstance(value, str) and value in ("True", "False"):
        return value == "True"
    return value


def _query(args: argparse.Namespace) -> int:
    kg = _load(args.graph)
    hits = kg.find(args.name)
    if not hits:
        raise QueryError(f"no entity named {args.name!r} in {args.graph}")
    out = []
    for entity in hits:
        records = [r for r in kg.relations(head=entity) + kg.relations(tail=entity)
                   if args.relation is None or r.relation == args.relation]
        near = kg.subgraph(entity, depth=args.depth).entities()
        node = kg.graph.nodes[entity.id]
        attrs = {k: _attr_value(v) for k, v in sorted(node.items())
                 if k not in ("type", "label", "aliases", "iri") and v not in ("", None)}
        out.append({"id": entity.id, "name": entity.name, "type": entity.type.value, "aliases": list(entity.aliases),
                    **attrs,
                    "relation_count": len(records),
                    "relations": [{"head": r.head.name, "head_id": r.head.id, "relation": r.relation,
                                   "tail": r.tail.name, "tail_id": r.tail.id, "evidence": r.evidence,
                                   "article": r.article, "inferred": bool(r.inferred),
                                   "confidence": float(r.confidence)}
                                  for r in records[:args.limit]],
                    "within_depth": [{"id": e.id, "name": e.name, "type": e.type.value}
                                     for e in near if e.id != entity.id],
                    "articles": [{"id": a["id"], "source": a["source"], "title": a.get("title", ""),
                                  "published": a.get("published", "")} for a in kg.articles(entity)]})
    rows = [(item["id"], item["name"], r["head_id"], r["head"], r["relation"], r["tail_id"], r["tail"], r["evidence"],
             r["article"], r["inferred"], r["confidence"]) for item in out for r in item["relations"]]

    def text() -> None:
        for item in out:
            extra = f"  code {item['adcode']}" if item.get("adcode") else ""
            print(f"{item['name']} ({item['type']}){extra}  aliases: {', '.join(item['aliases']) or '-'}")
            table = [(r["head"], r["relation"], r["tail"],
                      r["evidence"] or f"({'inferred' if r['inferred'] else '-'})") for r in item["relations"]]
            print(_table(table, ("head", "relation", "tail", "evidence")) if table else "no relations")
            if len(item["relations"]) < item["relation_count"]:
                print(f"({len(item['relations'])} of {item['relation_count']} relations; --limit {args.limit})")
            print(f"within {args.depth}: {', '.join(e['name'] for e in item['within_depth']) or '-'}")
            print(f"articles: {', '.join(a['source'] for a in item['articles']) or '-'}")

    return _emit(args, out, {"relations": (QUERY_HEADERS, rows)}, text)


# -- sparql ----------------------------------------------------------------------------

QUERY_SUFFIXES = (".rq", ".sparql")


def _query_text(arg: str) -> str:
    """The query: ``-`` reads standard input; an existing file is read; an argument that
    looks like a file name but names no file is an error, not a query."""
    if arg == "-":
        stream = getattr(sys.stdin, "buffer", None)
        try:
            text = stream.read().decode("utf-8-sig") if stream is not None else sys.stdin.read()
        except UnicodeDecodeError as err:
            raise InputError(f"standard input: the query is not UTF-8 ({err.reason} at byte {err.start})") from err
        if not text.strip():
            raise QueryError("standard input: no query (sygraph sparql - reads the query from standard input)")
        return text
    path = Path(arg)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a query too long or odd to be a file name
        is_file = False
    if is_file:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as err:
            raise InputError(f"{arg}: cannot read the query file ({err.strerror})") from err
        except UnicodeDecodeError as err:
            raise InputError(f"{arg}: the query file is not UTF-8 ({err.reason} at byte {err.start})") from err
        if not text.strip():
            raise QueryError(f"{arg}: the query file is empty")
        return text
    one_word = not any(c.isspace() for c in arg)
    looks_like_path = "{" not in arg and "\n" not in arg and (
        arg.lower().endswith(QUERY_SUFFIXES) or (one_word and ("/" in arg or os.sep in arg)))
    if looks_like_path:
        if path.is_dir():
            raise InputError(f"{arg}: is a directory, not a query file")
        raise InputError(f"{arg}: no such query file")
    return arg


def _rdf_export(graph: str) -> Path:
    path = Path(graph)
    if path.suffix in (".nt", ".ttl"):
        return path
    for name in ("sygraph.nt", "sygraph.ttl"):
        if (path.parent / name).is_file():
            return path.parent / name
    raise InputError(f"{path.parent}: no sygraph.nt or sygraph.ttl to load into the store")


XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
FLOAT_TYPES = frozenset((XSD + "decimal", XSD + "double", XSD + "float"))


class _Term(tuple):
    """An RDF term of either engine (rdflib in memory, Oxigraph in a store) as
    (kind, text, datatype, language): kind is iri, bnode or literal."""

    __slots__ = ()

    kind = property(lambda self: self[0])
    text = property(lambda self: self[1])
    datatype = property(lambda self: self[2])
    language = property(lambda self: self[3])


def _rdflib_term(t) -> _Term | None:
    from rdflib import BNode, Literal

    if t is None:
        return None
    if isinstance(t, Literal):
        return _Term(("literal", str(t), str(t.datatype) if t.datatype else "", t.language or ""))
    return _Term(("bnode" if isinstance(t, BNode) else "iri", str(t), "", ""))


def _ox_term(t) -> _Term | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.Literal):
        language = t.language or ""
        datatype = "" if language else t.datatype.value
        if datatype == XSD + "string":
            datatype = ""  # rdflib gives a plain literal no datatype; so do we
        return _Term(("literal", t.value, datatype, language))
    return _Term(("bnode" if isinstance(t, ox.BlankNode) else "iri", t.value, "", ""))


def _json_term(t: _Term):
    """A term as JSON: numeric literals as numbers, booleans as true/false, the rest as text."""
    if t.kind == "literal" and t.datatype:
        text = t.text.strip()
        try:
            if t.datatype in INTEGER_TYPES:
                return int(text)
            if t.datatype == XSD + "boolean" and text in ("true", "false", "1", "0"):
                return text in ("true", "1")
            if t.datatype in FLOAT_TYPES:
                if t.datatype == XSD + "decimal" and not any(c in text for c in ".eE"):
                    return int(text)
                value = float(text)
                return value if math.isfinite(value) else t.text
        except ValueError:  # an ill-typed literal keeps its text
            return t.text
    return t.text


def _ox_triple(s: _Term, p: _Term, o: _Term):
    import pyoxigraph as ox

    def node(t: _Term):
        if t.kind == "iri":
            return ox.NamedNode(t.text)
        if t.kind == "bnode":
            return ox.BlankNode(t.text)
        if t.language:
            return ox.Literal(t.text, language=t.language)
        return ox.Literal(t.text, datatype=ox.NamedNode(t.datatype)) if t.datatype else ox.Literal(t.text)

    return ox.Triple(node(s), node(p), node(o))


def _run_sparql(args: argparse.Namespace, text: str):
    """(kind, variables, rows): SELECT rows of terms (None where unbound), ASK one boolean,
    CONSTRUCT and DESCRIBE triples of terms."""
    refuse_service(text, args.allow_service)
    rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    if args.store:
        import pyoxigraph as ox

        store = open_store(args.store, _rdf_export(args.graph))
        prefixes = {**{k: str(v) for k, v in PREFIXES.items()}, "rdf": rdf_ns}
        try:
            result = store.query(text, prefixes=prefixes)
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                return "SELECT", names, [tuple(_ox_term(row[n]) for n in names) for row in result]
            if isinstance(result, ox.QueryTriples):
                return "CONSTRUCT", [], [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object))
                                         for t in result]
            return "ASK", [], bool(result)
        except (SyntaxError, ValueError, OSError, RuntimeError) as err:
            raise QueryError(f"bad SPARQL query: {_one_line(err)}") from err
    from rdflib.namespace import RDF

    kg = _load(args.graph)
    try:
        result = kg.rdf().query(text, initNs={**PREFIXES, "rdf": RDF})
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            return "SELECT", names, [tuple(_rdflib_term(row[n]) for n in names) for row in result]
        if result.type == "ASK":
            return "ASK", [], bool(result.askAnswer)
        return result.type, [], [tuple(map(_rdflib_term, t)) for t in result]
    except Exception as err:  # rdflib raises pyparsing and several evaluation errors
        raise QueryError(f"bad SPARQL query: {_one_line(err)}") from err


ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _sort_key(row: tuple) -> tuple:
    return tuple(("", "", "", "") if t is None else (t.text, t.kind, t.datatype, t.language) for t in row)


def _sparql(args: argparse.Namespace) -> int:
    text = _query_text(args.query)
    kind, names, rows = _run_sparql(args, text)
    if kind != "ASK" and (kind != "SELECT" or not ORDER_BY.search(text)):
        # an order the query does not fix is the engine's, and may differ from run to run
        rows = sorted(rows, key=_sort_key)
    if kind == "ASK":
        value = [{"result": rows}]
        table = (("result",), [(rows,)])
    elif kind == "SELECT":
        value = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
        table = (tuple(names), [tuple(t.text if t is not None else "" for t in row) for row in rows])
    else:  # CONSTRUCT, DESCRIBE: a graph
        value = [{"subject": s.text, "predicate": p.text, "object": _json_term(o)} for s, p, o in rows]
        table = (("subject", "predicate", "object"), [(s.text, p.text, o.text) for s, p, o in rows])

    def text_out() -> None:
        if kind in ("SELECT", "ASK"):
            print(_table(*reversed(table)) if table[1] else "no rows")
            return
        import pyoxigraph as ox

        triples = sorted((_ox_triple(*t) for t in rows), key=str)
        fmt = ox.RdfFormat.N_TRIPLES if args.format == "nt" else ox.RdfFormat.TURTLE
        prefixes = {**{k: str(v) for k, v in sorted(PREFIXES.items())},
                    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"} if args.format == "ttl" else None
        data = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
        sys.stdout.write(data.decode("utf-8"))

    return _emit(args, value, {"rows": table}, text_out)


def _explain(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    text = sys.stdin.read() if args.text == "-" else args.text
    e = explain(text)
    if args.json:
        print(json.dumps({"decisions": [asdict(d) for d in e.decisions],
                          "mentions": [{"text": t, "type": k} for t, k in e.mentions],
                          "relations": [asdict(r) for r in e.relations]}, ensure_ascii=False, indent=1))
    else:
        print(format_explanation(e))
    return EXIT_OK


def _view(args: argparse.Namespace) -> int:
    path = _load(args.graph).view(args.output)
    print(f"wrote {path}")
    return EXIT_OK


def _registry(args: argparse.Namespace) -> int:
    if args.action == "check":
        problems = check_registry(args.file)
        for problem in problems:
            print(f"sygraph: error: {problem}", file=sys.stderr)
        if not problems:
            print(f"{args.file}: ok")
        return EXIT_ERROR if problems else EXIT_OK
    text = suggest_merges(_load(args.graph))
    if args.output:
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return EXIT_OK


# -- stats ----------------------------------------------------------------------------

def _stats(args: argparse.Namespace) -> int:
    kg = _load(args.graph)
    counts = kg.summary()
    top = {t: [{"id": e.id, "name": e.name, "degree": _number(score)} for e, score in kg.rank(type=t, top=args.top)]
           for t in ("place", "unit", "person", "program")}
    groups = [[{"id": e.id, "name": e.name, "type": e.type.value} for e in grp] for grp in kg.communities()]
    report = {"counts": counts, "top_by_degree": top, "communities": groups}
    tables = {"top": (("type", "rank", "id", "name", "degree"),
                      [(t, n, e["id"], e["name"], e["degree"]) for t, rows in top.items()
                       for n, e in enumerate(rows, 1)]),
              "counts": (("what", "count"), list(counts.items())),
              "communities": (("community", "id", "name", "type"),
                              [(n, e["id"], e["name"], e["type"]) for n, grp in enumerate(groups, 1) for e in grp])}

    def text() -> None:
        parts = []
        if args.table in (None, "counts"):
            parts.append(_table(list(counts.items()), ("what", "count")))
        if args.table in (None, "top"):
            parts += [f"most connected {t}s\n" + _table([(e["name"], e["degree"]) for e in rows], ("name", "degree"))
                      for t, rows in top.items()]
        if args.table in (None, "communities"):
            lines = [f"communities ({len(groups)})"]
            for n, grp in enumerate(groups[: args.top], 1):
                names = [e["name"] for e in grp]
                lines.append(f"  {n}. {', '.join(names[:12])}{' …' if len(names) > 12 else ''}")
            parts.append("\n".join(lines))
        print("\n\n".join(parts))

    return _emit(args, report, tables, text)


# -- info ------------------------------------------------------------------------------

DEPENDENCIES = ("jieba", "networkx", "rdflib", "pyoxigraph", "python-crfsuite", "opencc")
LEXICON_SUFFIXES = (".tsv", ".tsv.gz", ".ttl")


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _data_rows(name: str, blob: bytes) -> int:
    """Rows of a shipped table: lines after the header, not blank, not comments."""
    import gzip

    text = (gzip.decompress(blob) if name.endswith(".gz") else blob).decode("utf-8")
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("#")]
    return max(len(lines) - 1, 0)


def info_report() -> dict:
    """What ``sygraph info`` prints: versions, models with their training records, a digest
    of the lexicon data files, the division table."""
    import platform
    from importlib import metadata, resources

    deps = {}
    for dist in DEPENDENCIES:
        try:
            deps[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            deps[dist] = None
    data = resources.files("sygraph.data")
    files = {entry.name: entry for entry in data.iterdir() if entry.is_file()}
    models = []
    for name in sorted(n for n in files if n.endswith(".crfsuite")):
        blob = files[name].read_bytes()
        model = {"file": name, "bytes": len(blob), "sha256": _sha256(blob)[:16], "training": None}
        sidecar = files.get(name + ".json")
        if sidecar is not None:
            try:
                model["training"] = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:  # say so; info is what you run when something is wrong
                model["problem"] = f"{sidecar.name}: not a readable training record ({_one_line(err)})"
        models.append(model)
    # sha256 of the lines `sha256sum` prints for the files, in name order:
    #   cd src/sygraph/data && sha256sum $(ls *.tsv *.tsv.gz *.ttl | LC_ALL=C sort) | sha256sum
    lexicon = {name: _sha256(files[name].read_bytes()) for name in sorted(files) if name.endswith(LEXICON_SUFFIXES)}
    manifest = "".join(f"{digest}  {name}\n" for name, digest in lexicon.items())
    divisions = {}
    for name in ("divisions.tsv", "villages.tsv.gz"):
        if name in files:
            divisions[name] = _data_rows(name, files[name].read_bytes())
    try:
        pipeline = pipeline_version()
    except Exception:  # noqa: BLE001 - a diagnostic: report what can be reported
        pipeline = None
    return {
        "sygraph": {"version": __version__, "location": str(Path(__file__).resolve().parent)},
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "platform": sys.platform},
        "dependencies": deps,
        "models": models,
        "lexicon": {"files": len(lexicon), "sha256": _sha256(manifest.encode("utf-8"))[:16],
                    "by_file": {name: digest[:16] for name, digest in lexicon.items()}},
        "divisions": {"rows": divisions, "source": DIVISION_SOURCE},
        "pipeline_digest": pipeline,
    }


def _record_text(value) -> str:
    """A training record's value in a line: digests shortened, nested records counted."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value[:16] + "…" if len(value) == 64 and all(c in "0123456789abcdef" for c in value) else value
    if isinstance(value, dict):
        return " ".join(f"{k}={_record_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return f"{len(value)} records"
        return ", ".join(_record_text(v) for v in value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _info(args: argparse.Namespace) -> int:
    report = info_report()
    if args.json:
        _print_json(report)
        return EXIT_OK
    py = report["python"]
    lines = [f"sygraph {report['sygraph']['version']} ({report['sygraph']['location']})",
             f"python {py['version']} ({py['implementation']}, {py['platform']})", "dependencies:"]
    width = max(len(d) for d in report["dependencies"])
    lines += [f"  {d:<{width}}  {v or 'not installed'}" for d, v in report["dependencies"].items()]
    lines.append("models:")
    for m in report["models"]:
        lines.append(f"  {m['file']}  {m['bytes']:,} bytes  sha256 {m['sha256']}")
        if m.get("problem"):
            lines.append(f"    {m['problem']}")
        elif m["training"] is None:
            lines.append("    no training record")
        else:
            lines += [f"    {k}: {_record_text(v)}" for k, v in m["training"].items()]
    lex = report["lexicon"]
    lines.append(f"lexicon data: {lex['files']} files (*.tsv, *.tsv.gz, *.ttl), sha256 {lex['sha256']}")
    rows = report["divisions"]["rows"]
    lines.append("division table: " + ", ".join(f"{n:,} rows in {name}" for name, n in rows.items())
                 + f"; source: {report['divisions']['source']}")
    if report["pipeline_digest"]:
        lines.append(f"pipeline digest (the --cache key): {report['pipeline_digest']}")
    print("\n".join(lines))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
