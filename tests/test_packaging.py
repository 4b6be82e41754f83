"""The wheel carries the package's data files."""
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_data_files(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("sygraph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("divisions.tsv", "villages.tsv.gz", "unit_heads.tsv", "surnames.tsv", "sygraph.ttl"):
        assert f"sygraph/data/{data}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
