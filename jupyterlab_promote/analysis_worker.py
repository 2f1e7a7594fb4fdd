"""An analysis worker process: `python -m jupyterlab_promote.analysis_worker FD MEMORY_MB` (see analysis_pool)."""

import sys

from .analysis_pool import serve
from .engine.report import analysis  # noqa: F401  (imported before the first request, not during it)

if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
