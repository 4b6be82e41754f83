"""The README's Python examples run, and CI runs the README's own test command."""
import re
import runpy

from sygraph import formats

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_examples_run(tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(formats, "FORMATS", dict(formats.FORMATS))  # an example registers a format of its own
    for i, code in enumerate(blocks):
        script = tmp_path / f"example_{i}.py"
        script.write_text(code, encoding="utf-8")
        runpy.run_path(str(script))
    assert "西峰区人武部" in capsys.readouterr().out


def test_ci_runs_the_readme_test_command():
    marker = README.index("<!-- test-command")
    command = README[marker:].split("```sh\n", 1)[1].split("\n", 1)[0]
    assert command == "pip install -e '.[test]' && pytest"
    assert "test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
