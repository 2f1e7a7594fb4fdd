# Shared set-up for scripts/start.sh and scripts/test.sh; source it from the
# repository root. Idempotent: the second run only rebuilds what changed.
# Returns non-zero as soon as a step fails.
#
# Creates .venv if missing, installs JupyterLab and this package in editable
# mode with its test extras (which builds the TypeScript), links the
# labextension for development and enables the server extension. With
# PROMOTE_EXAMPLE_REQUIREMENTS=1 (the start and test commands) it also installs what
# the example notebook imports; with PROMOTE_RTC_TESTS=1 (the test command) jupyter-collaboration.

_promote_stamp() {
  # A fingerprint of the files whose change needs a reinstall ($1 = "python")
  # or a frontend rebuild ($1 = "frontend").
  if [ "$1" = python ]; then
    cat pyproject.toml package.json yarn.lock
  else
    find src style schema package.json tsconfig.json -type f -print0 2>/dev/null |
      sort -z | xargs -0 cat
  fi | cksum | cut -d' ' -f1
}

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "${PYTHON:-python3}" -m venv .venv || return 1
fi
# shellcheck disable=SC1091
. .venv/bin/activate || return 1

if ! python -c 'import jupyterlab, sys; v = tuple(int(p) for p in jupyterlab.__version__.split(".")[:2]); sys.exit(not (4, 6) <= v < (5, 0))' 2>/dev/null; then
  echo "setup: installing JupyterLab"
  python -m pip install -q "jupyterlab>=4.6,<5" || return 1
fi

_promote_stamps=.venv/.jupyterlab_promote-stamps
mkdir -p "$_promote_stamps"
_promote_py=$(_promote_stamp python)
_promote_fe=$(_promote_stamp frontend)
if ! python -m pip show -q jupyterlab_promote >/dev/null 2>&1 ||
  [ "$(cat "$_promote_stamps/python" 2>/dev/null)" != "$_promote_py" ] ||
  [ ! -f jupyterlab_promote/labextension/package.json ]; then
  echo "setup: pip install -e .[test] (builds the frontend)"
  python -m pip install -q -e ".[test]" || return 1
  echo "$_promote_py" >"$_promote_stamps/python"
  echo "$_promote_fe" >"$_promote_stamps/frontend"
elif [ "$(cat "$_promote_stamps/frontend" 2>/dev/null)" != "$_promote_fe" ]; then
  echo "setup: rebuilding the frontend"
  { jlpm install && jlpm build; } || return 1
  echo "$_promote_fe" >"$_promote_stamps/frontend"
fi

if [ ! -L ".venv/share/jupyter/labextensions/jupyterlab_promote" ]; then
  echo "setup: linking the labextension"
  jupyter labextension develop . --overwrite || return 1
fi
if [ ! -f "$_promote_stamps/server-enabled" ]; then
  jupyter server extension enable jupyterlab_promote || return 1
  touch "$_promote_stamps/server-enabled"
fi
# The real-time collaboration UI tests (ui-tests/playwright.rtc.config.js) need jupyter-collaboration,
# in the range that supports this JupyterLab; only the test command asks for it. Once installed it is on
# for any JupyterLab of this environment, unless started with --YDocExtension.disable_rtc=True (as the
# other UI tests' server is).
if [ "${PROMOTE_RTC_TESTS:-0}" = 1 ] &&
  ! python -c 'import jupyter_collaboration, sys; sys.exit(not jupyter_collaboration.__version__.startswith("5."))' 2>/dev/null; then
  echo "setup: installing jupyter-collaboration (real-time collaboration UI tests)"
  python -m pip install -q "jupyter-collaboration>=5.0.4,<6" || return 1
fi
# The example's own packages (examples/requirements.txt: pandas, scikit-learn...) go into this
# environment, whose python3 kernel JupyterLab runs, so that a clean re-run of the example fails only
# where the notebook itself is wrong. The test command asks for them too: the checklist's UI test runs the
# example's imports so that Pin what ran can read what the kernel loaded.
if [ "${PROMOTE_EXAMPLE_REQUIREMENTS:-0}" = 1 ]; then
  _promote_ex=$(cksum <examples/requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$_promote_stamps/example" 2>/dev/null)" != "$_promote_ex" ]; then
    echo "setup: installing the example's requirements (examples/requirements.txt)"
    python -m pip install -q -r examples/requirements.txt || return 1
    echo "$_promote_ex" >"$_promote_stamps/example"
  fi
fi
unset _promote_stamps _promote_py _promote_fe _promote_ex
