#!/usr/bin/env bash
# Set up the development environment (first run: about two minutes) and start
# JupyterLab on the bundled example notebook.
#
#   bash scripts/start.sh              # port 8899, random token
#   PORT=9000 TOKEN=secret bash scripts/start.sh
#
# Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/setup.sh
. scripts/setup.sh

port=${PORT:-8899}
ip=${IP:-127.0.0.1}
token=${TOKEN:-$(python -c 'import secrets; print(secrets.token_hex(16))')}

echo
echo "JupyterLab with jupyterlab_promote is starting. Open:"
echo
echo "    http://$ip:$port/lab/tree/churn_analysis.ipynb?token=$token"
echo
echo "then click the gauge icon in the left sidebar (Promotion readiness)."
echo

exec jupyter lab examples/churn_analysis.ipynb \
  --allow-root --no-browser --ip="$ip" --port="$port" \
  --ServerApp.port_retries=0 \
  --IdentityProvider.token="$token" \
  --ServerApp.root_dir=examples
