"""The ``sygraph`` command line: a thin layer over the Python API.

Every expected failure prints one line, ``sygraph: error: <message>``, and exits with a
non-zero code; tracebacks are for bugs only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import InputError, InputWarning, QueryError, SygraphError
from .ingest import DEFAULT_MAX_CHARS
from .export import DEFAULT_FORMATS, FORMATS
from .vocab import DEFAULT_BASE_IRI

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 3
DEFAULT_GRAPH = "output/sygraph.graphml"

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
  sygraph sparql 'SELECT ?n WHERE { ?p a schema:Place ; rdfs:label ?n }'
  sygraph stats                          counts, most connected entities, communities

exit codes: 0 success; 1 error (nothing written); 3 built, but some inputs were skipped
(each skipped input is named on stderr as FILE[:LINE]: PROBLEM, and listed in
OUTDIR/report.json with the warnings about inputs read but cut).
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
                   help="formats to write: " + ", ".join(FORMATS) + " (default: graphml ttl html)")
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
    e.add_argument("--json", action="store_true", help="print the full report as JSON")

    def graph_option(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="FILE",
                         help=f"a graph written by sygraph build, GraphML or Turtle (default: {DEFAULT_GRAPH})")
        cmd.add_argument("--json", action="store_true", help="print JSON for scripts")

    q = sub.add_parser("query", help="show an entity, its relations with their evidence, and its neighbourhood",
                       description="Look an entity up by canonical name or alias and print its typed relations, "
                                   "each with the sentence that states it.",
                       epilog="examples:\n  sygraph query 泸州军分区\n  sygraph query 西峰区人武部 --relation assists\n"
                              "  sygraph query 九龙村 --depth 2 --json",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("name", help="canonical name or alias")
    q.add_argument("--relation", metavar="R", help="only this relation (located_in, assists, ...)")
    q.add_argument("--depth", type=int, default=1, metavar="N",
                   help="also list the entities within N relations (default: 1)")
    graph_option(q)

    sq = sub.add_parser("sparql", help="run a SPARQL query over a built graph",
                        description="Run a SPARQL query (text or a file) with the prefixes sy, schema, skos, rdfs, "
                                    "xsd, prov and rdf preset.",
                        epilog="example:\n  sygraph sparql 'SELECT ?name WHERE { ?p a schema:Place ; rdfs:label ?name }'",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    sq.add_argument("query", help="the query, or a file holding it")
    sq.add_argument("--store", metavar="DIR",
                    help="query a persistent Oxigraph store in DIR, loaded from the graph's N-Triples or Turtle "
                         "export (sygraph.nt or sygraph.ttl beside GRAPH) on first use")
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

    vw = sub.add_parser("view", help="write the interactive view of a built graph (one HTML file, offline)",
                        description="Write one self-contained HTML file that opens offline in any browser: nodes "
                                    "coloured by type and sized by degree, search, filters, a focus mode, and the "
                                    "evidence of every relation on click.")
    vw.add_argument("-g", "--graph", default=DEFAULT_GRAPH, metavar="FILE", help=f"default: {DEFAULT_GRAPH}")
    vw.add_argument("-o", "--output", default="output/sygraph.html", metavar="FILE",
                    help="default: output/sygraph.html")

    st = sub.add_parser("stats", help="counts, the most connected entities by type, and communities")
    st.add_argument("--top", type=int, default=5, metavar="N", help="entities listed per type (default: 5)")
    graph_option(st)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_OK
    try:
        return {"build": _build, "eval": _eval, "query": _query, "sparql": _sparql,
                "stats": _stats, "registry": _registry, "view": _view}[args.command](args)
    except SygraphError as err:
        print(f"sygraph: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("sygraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (sygraph eval … | head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .export import FILE_NAMES, atomic_write
    from .pipeline import build

    out = Path(args.output)
    targets = {(out / name).resolve() for f in args.format for name in FILE_NAMES[f]} | {(out / REPORT).resolve()}
    for given in args.inputs:
        if Path(given).resolve() in targets:
            raise InputError(f"{given}: an input cannot also be an output")
    skipped: list[str] = []
    warnings: list[str] = []

    def report(err: InputError) -> None:
        if isinstance(err, InputWarning):
            warnings.append(str(err))
            print(f"sygraph: warning: {err}", file=sys.stderr)
        else:
            skipped.append(str(err))
            print(f"sygraph: skipped: {err}", file=sys.stderr)

    from .parallel import default_jobs

    if args.stream:
        return _build_stream(args, out, report, skipped, warnings)
    kg = build(args.inputs, base_iri=args.base_iri, on_error=report, max_chars=args.max_chars,
               registry=args.registry, jobs=args.jobs or default_jobs(), cache=args.cache,
               progress=_expected(args) if not args.quiet else False)
    written = kg.write(out, formats=args.format)
    counts = kg.summary()
    summary = {"inputs": [str(p) for p in args.inputs], "articles_built": counts["articles"],
               "skipped": sorted((_problem(x) for x in skipped), key=lambda d: (d["input"], d["problem"])),
               "warnings": sorted((_problem(x) for x in warnings), key=lambda d: (d["input"], d["problem"])),
               "counts": counts, "outputs": sorted(p.name for p in written)}
    if "registry_sha256" in kg.graph.graph:
        summary["registry_sha256"] = kg.graph.graph["registry_sha256"]
    atomic_write(out / REPORT, (json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    if not args.quiet:
        _print_summary(counts, [*written, out / REPORT], len(skipped))
    return EXIT_SKIPPED if skipped else EXIT_OK


REPORT = "report.json"


def _expected(args) -> bool | int:
    """How many articles a build will read, when the inputs say so (files, not JSONL lines);
    the progress bar then shows the time left. Only counted on a terminal."""
    if not sys.stderr.isatty():
        return False
    from .ingest import JSONL_SUFFIXES, iter_inputs

    try:
        files = [p for p, _ in iter_inputs(args.inputs)]
    except InputError:
        return True
    return True if any(p.suffix.lower() in JSONL_SUFFIXES for p in files) else len(files)


def _build_stream(args, out: Path, report, skipped: list[str], warnings: list[str]) -> int:
    from .export import atomic_write
    from .export.stream import write_ntriples_stream
    from .ingest import read_articles
    from .parallel import default_jobs, extract_all
    from .registry import load_registry

    registry = load_registry(args.registry) if args.registry else None
    results = extract_all(read_articles(args.inputs, on_error=report, max_chars=args.max_chars),
                          registry=registry, jobs=args.jobs or default_jobs(), cache=args.cache,
                          on_error=report, progress=_expected(args) if not args.quiet else False)
    counts = write_ntriples_stream(results, out / "sygraph.nt", base_iri=args.base_iri)
    summary = {"inputs": [str(p) for p in args.inputs], "articles_built": counts["articles"],
               "skipped": sorted((_problem(x) for x in skipped), key=lambda d: (d["input"], d["problem"])),
               "warnings": sorted((_problem(x) for x in warnings), key=lambda d: (d["input"], d["problem"])),
               "counts": {"triples": counts["triples"]}, "outputs": ["sygraph.nt"]}
    atomic_write(out / REPORT, (json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    if not args.quiet:
        print(f"articles {counts['articles']}  triples {counts['triples']}  skipped {len(skipped)}")
        print(f"wrote {out / 'sygraph.nt'}")
    return EXIT_SKIPPED if skipped else EXIT_OK


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


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import format_bio_report, format_body_report, format_report, score_bio, score_body, score_gold

    if args.body:
        report = score_body(args.body, args.shared, fold=args.fold, subset=args.subset)
        text = format_body_report(report)
    elif args.bio:
        report = score_bio(args.bio)
        text = format_bio_report(report)
    elif args.graph and args.gold:
        report = score_gold(args.graph, args.gold, fold=args.fold, subset=args.subset)
        text = format_report(report)
    else:
        raise InputError("eval needs GRAPH and GOLD, or --bio FILE")
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else text)
    return EXIT_OK


def _load(path: str):
    from .pipeline import load

    return load(path)


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def _table(rows: list[tuple], headers: tuple) -> str:
    """Rows as aligned columns; CJK characters count as two columns."""
    def width(text: str) -> int:
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths)] + lines[1:])


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
        out.append({"id": entity.id, "name": entity.name, "type": entity.type.value, "aliases": list(entity.aliases),
                    **dict(entity.attrs),
                    "relations": [{"head": r.head.name, "relation": r.relation, "tail": r.tail.name,
                                   "evidence": r.evidence, "article": r.article, "inferred": r.inferred}
                                  for r in records],
                    "within_depth": [e.name for e in near if e.id != entity.id],
                    "articles": [a["source"] for a in kg.articles(entity)]})
    if args.json:
        _print_json(out)
        return EXIT_OK
    for item in out:
        extra = f"  code {item['adcode']}" if item.get("adcode") else ""
        print(f"{item['name']} ({item['type']}){extra}  aliases: {', '.join(item['aliases']) or '-'}")
        rows = [(r["head"], r["relation"], r["tail"], r["evidence"] or f"({'inferred' if r['inferred'] else '-'})")
                for r in item["relations"]]
        print(_table(rows, ("head", "relation", "tail", "evidence")) if rows else "no relations")
        print(f"within {args.depth}: {', '.join(item['within_depth']) or '-'}")
        print(f"articles: {', '.join(item['articles']) or '-'}")
    return EXIT_OK


def _rdf_export(graph: str) -> Path:
    path = Path(graph)
    if path.suffix in (".nt", ".ttl"):
        return path
    for name in ("sygraph.nt", "sygraph.ttl"):
        if (path.parent / name).is_file():
            return path.parent / name
    raise InputError(f"{path.parent}: no sygraph.nt or sygraph.ttl to load into the store")


def _sparql(args: argparse.Namespace) -> int:
    from pathlib import Path as _Path

    text = args.query
    if _Path(text).is_file():
        text = _Path(text).read_text(encoding="utf-8")
    if args.store:
        from .store import sparql_store

        rows = sparql_store(args.store, _rdf_export(args.graph), text)
    else:
        rows = _load(args.graph).sparql(text)
    if args.json:
        _print_json(rows)
    elif rows:
        headers = tuple(rows[0])
        print(_table([tuple(r.get(h, "") for h in headers) for r in rows], headers))
    else:
        print("no rows")
    return EXIT_OK


def _view(args: argparse.Namespace) -> int:
    path = _load(args.graph).view(args.output)
    print(f"wrote {path}")
    return EXIT_OK


def _registry(args: argparse.Namespace) -> int:
    from .registry import check_registry, suggest_merges

    if args.action == "check":
        problems = check_registry(args.file)
        for problem in problems:
            print(f"sygraph: error: {problem}", file=sys.stderr)
        if not problems:
            print(f"{args.file}: ok")
        return EXIT_ERROR if problems else EXIT_OK
    text = suggest_merges(_load(args.graph))
    if args.output:
        from .export import atomic_write

        atomic_write(Path(args.output), text.encode("utf-8"))
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    kg = _load(args.graph)
    top = {t: [(e.name, f"{score:g}") for e, score in kg.rank(type=t, top=args.top)]
           for t in ("place", "unit", "person", "program")}
    groups = [[e.name for e in grp] for grp in kg.communities()]
    report = {"counts": kg.summary(), "top_by_degree": top, "communities": groups}
    if args.json:
        _print_json(report)
        return EXIT_OK
    print(_table(list(report["counts"].items()), ("what", "count")))
    for t, rows in top.items():
        print(f"\nmost connected {t}s")
        print(_table(rows, ("name", "degree")))
    print(f"\ncommunities ({len(groups)})")
    for n, grp in enumerate(groups[: args.top], 1):
        print(f"  {n}. {', '.join(grp[:12])}{' …' if len(grp) > 12 else ''}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
