#!/usr/bin/env bash
# Set up the development environment (first run: about two minutes) and start
# JupyterLab on the bundled example notebook, with the packages the example
# imports (examples/requirements.txt) in the kernel's environment (.venv).
# The server's root is examples/: the file browser shows only that folder.
# Real-time collaboration stays off even where the test command installed
# jupyter-collaboration into .venv for its own UI test.
#
#   bash scripts/start.sh              # port 8899, random token
#   PORT=9000 TOKEN=secret bash scripts/start.sh
#
# Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
PROMOTE_EXAMPLE_REQUIREMENTS=1 . scripts/setup.sh

port=${PORT:-8899}
ip=${IP:-127.0.0.1}
token=${TOKEN:-$(python -c 'import secrets; print(secrets.token_hex(16))')}

echo
echo "JupyterLab with jupyterlab_promote is starting. Open:"
echo
echo "    http://$ip:$port/lab/tree/churn_analysis.ipynb?token=$token"
echo
echo "then click the gauge icon in the left sidebar (Promotion readiness)."
echo "Served from examples/ on port $port (another: PORT=9000 bash scripts/start.sh)."
echo "The command line tool: .venv/bin/jupyter-promote check examples/churn_analysis.ipynb"
echo

exec jupyter lab examples/churn_analysis.ipynb \
  --allow-root --no-browser --ip="$ip" --port="$port" \
  --ServerApp.port_retries=0 \
  --IdentityProvider.token="$token" \
  --ServerApp.root_dir=examples \
  --YDocExtension.disable_rtc=True
