"""Large scans: reports written as notebooks finish, the same bytes as the whole report; a folder of any
size searched for shared blocks; Ctrl-C and dying workers leave a valid report."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_promote import __version__, cli, cli_batch
from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file, report
from jupyterlab_promote.engine.report.reporters import github, sarif, text

from factories import write_notebook

SHARED = (
    "orders = orders.dropna(subset=['amount'])\n"
    "orders['amount'] = orders['amount'].astype(float)\n"
    "orders = orders[orders['amount'] > 0]\n"
    "orders['log_amount'] = np.log1p(orders['amount'])\n"
    "orders = orders.sort_values('placed_at')\n"
    "orders = orders.reset_index(drop=True)\n"
)


def distinct(number: int) -> str:
    """Six lines whose shapes no other number gives (attribute names keep their text in a shape)."""
    return "\n".join(f"value_{number} = table.step_{number}_{line}()" for line in range(6)) + "\n"


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_a_folder_of_250_notebooks_still_reports_the_block_two_of_them_share(capsys, tmp_path):
    for number in range(250):
        write_notebook(tmp_path / f"n{number:03}.ipynb", "import numpy as np", distinct(number))
    write_notebook(tmp_path / "n017.ipynb", "import numpy as np", distinct(17), SHARED)
    write_notebook(tmp_path / "n201.ipynb", "import numpy as np", distinct(201), SHARED.replace("orders", "sales"))
    _, out = run(capsys, "check", str(tmp_path), "--format", "json", "--select", "DU002")
    shared = {Path(e["path"]).name: [f["message"] for f in e["findings"]] for e in json.loads(out)["notebooks"]
              if e["findings"]}
    assert list(shared) == ["n017.ipynb", "n201.ipynb"]
    assert "n201.ipynb (cell #3)" in shared["n017.ipynb"][0] and "n017.ipynb" in shared["n201.ipynb"][0]


def project(root: Path) -> Path:
    for folder in ("a", "b"):
        for number in range(6):
            write_notebook(root / folder / f"n{number}.ipynb", "import numpy as np", SHARED, "eval(input())\nx = 1",
                  distinct(number))
    (root / "b" / "broken.ipynb").write_text("{", encoding="utf-8")
    return root


def entries_of(root: Path) -> list[dict]:
    return [check_file(path) for path in cli.find_notebooks([str(root)])]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_reports_are_the_whole_reports_byte_for_byte(capsys, tmp_path, jobs):
    root = project(tmp_path)
    entries = entries_of(root)  # outside a batch run: the siblings as the files give them
    for output, whole in (("json", json.dumps(report(entries), indent=2)),
                          ("sarif", json.dumps(sarif.render(entries, __version__), indent=2)),
                          ("text", text.render(entries, colour=False)),
                          ("github", github.render(entries))):
        _, streamed = run(capsys, "check", str(root), "--format", output, "--jobs", jobs)
        assert streamed == whole + "\n", output


def test_the_interrupted_tail_keeps_every_format_valid(capsys, tmp_path):
    from jupyterlab_promote.engine.report.reporters import streamed

    entries = entries_of(project(tmp_path))
    for stream in (streamed.JsonStream({"name": "t"}), streamed.SarifStream("1")):
        totals = streamed.Totals()
        pieces = []
        for entry in entries[:3]:
            piece = stream.piece(entry)
            if piece:
                pieces.append(piece)
            totals.add(streamed.summary(entry), stream.keeps_paths)
        document = json.loads(stream.head() + stream.separator.join(pieces) + stream.tail(totals, interrupted=True))
        if isinstance(stream, streamed.JsonStream):
            assert document["interrupted"] is True and len(document["notebooks"]) == 3
        else:
            assert document["runs"][0]["invocations"][0]["executionSuccessful"] is False


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_prints_what_it_has_as_a_valid_report_and_exits_130(tmp_path, jobs):
    for number in range(150):
        write_notebook(tmp_path / f"n{number:03}.ipynb", "import numpy as np", SHARED, distinct(number))
    process = subprocess.Popen([sys.executable, "-m", "jupyterlab_promote.cli", "check", str(tmp_path), "--format",
                                "json", "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = b""
    while b'"path"' not in out:  # the first notebook's entry has been written
        chunk = process.stdout.read1(65536)
        assert chunk, process.stderr.read().decode()
        out += chunk
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=120)
    document = json.loads(out + rest)
    assert process.returncode == 130, err.decode()
    assert document["interrupted"] is True
    assert 1 <= len(document["notebooks"]) < 150
    assert [e["path"] for e in document["notebooks"]] == sorted(e["path"] for e in document["notebooks"])
    assert b"interrupted" in err


def _dies_in_a_worker(parent: int, job):
    if os.getpid() != parent and job[0].name == "a_dies.ipynb":
        os.kill(os.getpid(), signal.SIGKILL)
    return _check_one(job)


_check_one = cli._check_one


def test_a_worker_killed_while_analysing_costs_that_notebook_only(capsys, tmp_path, monkeypatch):
    from functools import partial

    for number in range(12):
        write_notebook(tmp_path / f"n{number:02}.ipynb", "import numpy as np", distinct(number))
    write_notebook(tmp_path / "a_dies.ipynb", "import numpy as np", distinct(99))
    # The first run of notebooks goes to the forked worker before this process takes any.
    monkeypatch.setattr(cli, "_check_one", partial(_dies_in_a_worker, os.getpid()))
    code, out = run(capsys, "check", str(tmp_path), "--format", "json", "--jobs", "2")
    entries = json.loads(out)["notebooks"]
    assert code == 1
    assert [Path(e["path"]).name for e in entries] == ["a_dies.ipynb"] + [f"n{n:02}.ipynb" for n in range(12)]
    assert "ended (killed by signal 9: out of memory?)" in entries[0]["error"]
    assert all(e["error"] is None for e in entries[1:])


def test_every_worker_dying_still_ends_the_run(capsys, tmp_path, monkeypatch):
    for number in range(12):
        write_notebook(tmp_path / f"n{number:02}.ipynb", "x = 1")
    parent = os.getpid()

    def dies_in_workers(job):
        if os.getpid() != parent:
            os._exit(3)
        return _check_one(job)

    monkeypatch.setattr(cli, "_check_one", dies_in_workers)
    monkeypatch.setattr(cli_batch, "available_cores", lambda: 3)
    code, out = run(capsys, "check", str(tmp_path), "--format", "json")
    entries = json.loads(out)["notebooks"]
    failed = [e for e in entries if e["error"]]
    assert code == 1 and len(entries) == 12
    assert 1 <= len(failed) <= 2 and all("exit code 3" in e["error"] for e in failed)
