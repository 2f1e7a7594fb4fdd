"""How the server holds up under crafted notebooks: analysis time, and how long `/api/status` waits meanwhile.

    python benchmarks/bench_server.py [CORPUS_FOLDER]

Starts a real Jupyter server with the extension on a free local port, sends each crafted notebook to
`POST analyze` while another thread asks `GET /api/status` every 20 ms, and prints a Markdown table:
the analysis's wall time and the status requests' median and worst latency during it. With a corpus
folder it also measures a live one-cell edit of a 300-cell notebook through the analysis processes.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

TOKEN = "bench-server-token"
SIZE = 40_000


def crafted_cells() -> dict[str, str]:
    """Cells built to make text scanning slow (the patterns a security review found) and to be big."""
    return {
        "`!curl -kkkk…` (40 KB)": "!curl " + "-k" * (SIZE // 2) + " x",
        "`'<{[$%…'` literal (40 KB)": 'token = "' + "<{[$%" * (SIZE // 5) + '"',
        "`print(\"<spaces>x\")` (40 KB)": 'print("' + " " * SIZE + 'x")',
        "indented line after a magic (40 KB)": "%time x = 1\n" + " " * SIZE + "y",
        "one 5 MB line of code": "data = [" + "1, " * 1_700_000 + "]",
        "1,500 distinct cells": "",
    }


def notebook(source: str) -> dict:
    cells = [source] if source else [
        f"def step_{i}(frame):\n    total = 0\n    for row in frame.iterrows():\n        total += row[1]['v{i}']\n"
        f"    return total\n\nresult_{i} = step_{i}(data)" for i in range(1500)
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [{"cell_type": "code", "id": f"c{i}", "source": s, "metadata": {}, "outputs": [],
                       "execution_count": None} for i, s in enumerate(cells)]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(base: str, path: str, body: dict | None = None) -> float:
    """Seconds the request took; raises on a non-2xx answer."""
    data = None if body is None else json.dumps(body).encode()
    sent = urllib.request.Request(f"{base}{path}", data=data, method="POST" if data else "GET",
                                  headers={"Authorization": f"token {TOKEN}"})
    start = time.perf_counter()
    with urllib.request.urlopen(sent, timeout=600) as response:
        response.read()
    return time.perf_counter() - start


def start_server(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
         "--ServerApp.jpserver_extensions={'jupyterlab_promote': True}", "--allow-root"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            request(base, "/api/status")
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("the server did not start")
            time.sleep(0.1)


def under_load(base: str, body: dict) -> tuple[float, list[float]]:
    """The analysis's wall time and the status latencies measured while it ran."""
    latencies: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            latencies.append(request(base, "/api/status"))
            done.wait(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        took = request(base, "/jupyterlab-promote/analyze", body)
    finally:
        done.set()
        poller.join()
    return took, latencies


def live_edit_p95(base: str, corpus: Path, edits: int = 100) -> float:
    cells = []
    for path in sorted(corpus.glob("*.ipynb")):
        cells.extend(c for c in json.loads(path.read_bytes())["cells"] if c.get("cell_type") == "code")
        if len(cells) >= 300:
            break
    cells = [dict(c, id=f"cell{i}", hash="v0", source="".join(c["source"])) for i, c in enumerate(cells[:300])]
    metadata = {"language_info": {"name": "python"}}
    first = {"path": "live.ipynb", "document_id": "bench", "metadata": metadata, "cells": cells}
    request(base, "/jupyterlab-promote/analyze", first)
    walls = []
    for i in range(edits):
        position = (i * 37) % 300
        cells[position] = edited = dict(cells[position], source=cells[position]["source"] + f"\ne_{i} = {i}",
                                        hash=f"v{i + 1}")
        sent = [c if c is edited else {"id": c["id"], "hash": c["hash"]} for c in cells]
        walls.append(request(base, "/jupyterlab-promote/analyze",
                             {"path": "live.ipynb", "document_id": "bench", "metadata": metadata, "cells": sent}))
    return statistics.quantiles(walls, n=20)[18]


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as root:
        server, base = start_server(Path(root))
        try:
            request(base, "/jupyterlab-promote/analyze", {"path": "warm.ipynb", "notebook": notebook("x = 1")})
            print("| crafted notebook | analysis (wall) | `/api/status` median, worst meanwhile |\n|---|---|---|")
            for name, source in crafted_cells().items():
                took, latencies = under_load(base, {"path": "crafted.ipynb", "notebook": notebook(source)})
                print(f"| {name} | {took:.2f} s | {statistics.median(latencies) * 1000:.0f} ms, "
                      f"{max(latencies) * 1000:.0f} ms ({len(latencies)} requests) |")
            if corpus is not None:
                print(f"\nLive one-cell edit of 300 cells over HTTP, p95: {live_edit_p95(base, corpus) * 1000:.1f} ms")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    main()
