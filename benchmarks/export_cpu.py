"""Export CPU seconds and peak resident memory per format, for the sygraph on PYTHONPATH:
build the graph of a corpus once (one job), then write each format alone, in the order given.
The peak after a format is the process's peak so far (``ru_maxrss``), so give the formats in
the order a build writes them.

usage: python benchmarks/export_cpu.py CORPUS FORMAT ...
"""
import resource
import sys
import tempfile

import sygraph
from sygraph.formats import write_formats


def resident_mb() -> int:
    with open("/proc/self/statm") as f:
        return round(int(f.read().split()[1]) * resource.getpagesize() / 1e6)


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1000  # KB on Linux


def main(corpus: str, formats: list[str]) -> None:
    kg = sygraph.build([corpus], jobs=1)
    print(f"graph built: resident {resident_mb()} MB, peak so far {peak_mb()} MB", flush=True)
    for fmt in formats:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
        write_formats(kg, tempfile.mkdtemp(prefix="export-cpu-"), [fmt])
        spent = resource.getrusage(resource.RUSAGE_SELF).ru_utime - before
        print(f"{fmt}: {spent:.2f} s user, peak so far {peak_mb()} MB, resident after {resident_mb()} MB",
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    main(sys.argv[1], sys.argv[2:])
