"""Each rule's CPU time on a cold check of a folder of notebooks, as the CLI runs it (one process, each
notebook analysed once).

    python benchmarks/bench_rules_cold.py NOTEBOOK_FOLDER [PREFIX]

Every rule's check is wrapped (Rule is frozen: object.__setattr__) to add up the process time it takes,
the findings consumed. The garbage collector's pauses are counted apart (gc.callbacks): a full collection
walks every object alive (the parsed cells of the notebooks read so far) and lands in whichever rule is
allocating when it falls due, so a rule's time with them swings by a tenth of a second from one change to
the next while its own work does not. What rules share (the leakage row flow, a notebook's data flow) is
counted for the first rule that asks for it. Prints the whole run, the rules together and the rules
whose code starts with PREFIX (default LK): seconds with the pauses, the pauses, and without them.
"""

import gc
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jupyterlab_promote.engine import check_file  # noqa: E402
from jupyterlab_promote.engine.rules import ALL_RULES  # noqa: E402


class _Clock:
    """CPU per rule, and the collector's pauses that fell inside each rule."""

    def __init__(self) -> None:
        self.spent: Counter[str] = Counter()
        self.paused: Counter[str] = Counter()
        self.running: str | None = None
        self._pause_start = 0.0

    def on_gc(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._pause_start = time.process_time()
        elif self.running is not None:
            self.paused[self.running] += time.process_time() - self._pause_start

    def wrap(self, rule) -> None:
        check = rule.check

        def timed(nb):
            self.running = rule.code
            start = time.process_time()
            found = list(check(nb))
            self.spent[rule.code] += time.process_time() - start
            self.running = None
            return found

        object.__setattr__(rule, "check", timed)


def _row(label: str, spent: float, paused: float) -> str:
    return f"| {label} | {spent:.3f} | {paused:.3f} | {spent - paused:.3f} |"


def main() -> None:
    folder = Path(sys.argv[1])
    prefix = sys.argv[2] if len(sys.argv) > 2 else "LK"
    clock = _Clock()
    gc.callbacks.append(clock.on_gc)
    for rule in ALL_RULES:
        clock.wrap(rule)
    notebooks = sorted(folder.glob("*.ipynb"))
    start = time.process_time()
    for path in notebooks:
        check_file(path, display_path=path.name)
    total = time.process_time() - start
    chosen = sorted(code for code in clock.spent if code.startswith(prefix))
    print(f"{len(notebooks)} notebooks, whole run {total:.2f} s CPU\n")
    print("| CPU, cold | s | of which gc pauses | without them |\n|---|---|---|---|")
    print(_row("all rules", sum(clock.spent.values()), sum(clock.paused.values())))
    print(_row(f"{prefix} rules", sum(clock.spent[c] for c in chosen), sum(clock.paused[c] for c in chosen)))
    for code in chosen:
        print(_row(code, clock.spent[code], clock.paused[code]))


if __name__ == "__main__":
    main()
