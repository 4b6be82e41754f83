"""The ``sygraph`` command line: a thin layer over the Python API.

Every expected failure prints one line, ``sygraph: error: <message>``, and exits with a
non-zero code; tracebacks are for bugs only.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import InputError, SygraphError
from .export import DEFAULT_FORMATS, FORMATS
from .vocab import DEFAULT_BASE_IRI

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 3

DESCRIPTION = """\
Build a knowledge graph of 双拥 news: places, units, people and programs, the relations
between them and the articles that mention them, exported as GraphML and RDF.
"""

EPILOG = """\
examples:
  sygraph build                          build seeds/ into output/
  sygraph build corpus/ more.jsonl -o out --format graphml ttl nt jsonld csv
  sygraph eval output/sygraph.graphml ../shared/gold

exit codes: 0 success; 1 error (nothing written); 3 built, but some inputs were skipped
(each skipped input is named on stderr as FILE[:LINE]: PROBLEM).
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sygraph", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"sygraph {__version__}")
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
    b.add_argument("--format", nargs="+", default=list(DEFAULT_FORMATS), choices=FORMATS, metavar="FMT",
                   help="formats to write: " + ", ".join(FORMATS) + " (default: graphml ttl)")
    b.add_argument("--base-iri", default=DEFAULT_BASE_IRI, metavar="IRI",
                   help=f"base of the IRIs minted for nodes (default: {DEFAULT_BASE_IRI})")
    b.add_argument("-q", "--quiet", action="store_true", help="do not print the summary table")

    e = sub.add_parser("eval", help="score a built graph against gold annotation files, or sygraph against a "
                                     "BIO NER file",
                       description="Entity-level precision, recall and F1 per type of a built GraphML against "
                                   "a folder of *.gold.json files, with the lists of misses and false hits; or, "
                                   "with --bio, of sygraph on a character-per-line BIO file (PER/LOC/ORG), one "
                                   "sentence per article.",
                       epilog="examples:\n  sygraph eval output/sygraph.graphml ../shared/gold\n"
                              "  sygraph eval --bio ../shared/pd-ner/dev.bio",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("graph", nargs="?", help="a GraphML file written by sygraph build")
    e.add_argument("gold", nargs="?", help="a folder of *.gold.json files")
    e.add_argument("--bio", metavar="FILE", help="score on a BIO NER file instead of a built graph")
    e.add_argument("--json", action="store_true", help="print the full report as JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_OK
    try:
        return {"build": _build, "eval": _eval}[args.command](args)
    except SygraphError as err:
        print(f"sygraph: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("sygraph: interrupted", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from .pipeline import build

    skipped: list[InputError] = []

    def report(err: InputError) -> None:
        skipped.append(err)
        print(f"sygraph: skipped: {err}", file=sys.stderr)

    kg = build(args.inputs, base_iri=args.base_iri, on_error=report)
    written = kg.write(args.output, formats=args.format)
    if not args.quiet:
        _print_summary(kg.summary(), written, len(skipped))
    return EXIT_SKIPPED if skipped else EXIT_OK


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


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import format_bio_report, format_report, score_bio, score_gold

    if args.bio:
        report = score_bio(args.bio)
        text = format_bio_report(report)
    elif args.graph and args.gold:
        report = score_gold(args.graph, args.gold)
        text = format_report(report)
    else:
        raise InputError("eval needs GRAPH and GOLD, or --bio FILE")
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else text)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
