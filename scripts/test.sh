#!/usr/bin/env bash
# Run every test suite: jest (frontend units), pytest (engine, CLI, routes)
# and Galata (the panel in a real JupyterLab and Chromium).
#
# Sets up the environment first (see scripts/setup.sh), runs all three
# runners even when one fails, and ends with one line "N passed, M failed".
# Exits non-zero if any runner failed. Logs go to $PROMOTE_TEST_LOGS (default:
# a new temporary directory, printed at the end).
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing chromium for the UI tests"
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: /usr/bin/chromium is missing; install it or set CHROMIUM_PATH" >&2
  fi
fi

# shellcheck source=scripts/setup.sh
if ! PROMOTE_RTC_TESTS=1 PROMOTE_EXAMPLE_REQUIREMENTS=1 . scripts/setup.sh; then
  echo "test: set-up failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

logs=${PROMOTE_TEST_LOGS:-$(mktemp -d -t promote-tests.XXXXXX)}
mkdir -p "$logs"
passed=0
failed=0

# count LOG PATTERN: the number before PATTERN on the last line matching it.
count() {
  grep -oE "[0-9]+ $2" "$1" | tail -n 1 | grep -oE '^[0-9]+' || echo 0
}

# tally NAME RC PASSED FAILED HAS_SUMMARY: add a runner's results.
tally() {
  local name=$1 rc=$2 p=$3 f=$4 summary=$5
  if { [ "$rc" -ne 0 ] || [ "$summary" = no ]; } && [ "$f" -eq 0 ]; then
    f=1 # crashed or failed without saying which test failed
  fi
  echo "test: $name: $p passed, $f failed (exit code $rc)"
  passed=$((passed + p))
  failed=$((failed + f))
}

echo "::: jest"
jlpm test 2>&1 | tee "$logs/jest.log"
rc=${PIPESTATUS[0]}
line=$(grep -E '^Tests:' "$logs/jest.log" | tail -n 1)
if [ -n "$line" ]; then
  echo "$line" >"$logs/jest.summary"
  tally jest "$rc" "$(count "$logs/jest.summary" passed)" \
    "$(count "$logs/jest.summary" failed)" yes
else
  tally jest "$rc" 0 0 no
fi

echo "::: pytest"
python -m pytest -vv -r ap 2>&1 | tee "$logs/pytest.log"
rc=${PIPESTATUS[0]}
line=$(grep -E '^=+ .*(passed|failed|error|errors|skipped|no tests ran).* in [0-9.]+s' "$logs/pytest.log" | tail -n 1)
if [ "$rc" -eq 5 ] && ! find tests -name 'test_*.py' 2>/dev/null | grep -q .; then
  echo "test: pytest: no tests written yet"
elif [ -n "$line" ]; then
  echo "$line" >"$logs/pytest.summary"
  tally pytest "$rc" "$(count "$logs/pytest.summary" passed)" \
    $(($(count "$logs/pytest.summary" failed) + $(count "$logs/pytest.summary" 'errors?'))) yes
else
  tally pytest "$rc" 0 0 no
fi

# galata NAME LOG [PLAYWRIGHT ARGS...]: one Galata run, tallied under NAME.
galata() {
  local name=$1 log=$2 rc
  shift 2
  echo "::: $name"
  (cd ui-tests && jlpm install && jlpm playwright test --reporter=list "$@") 2>&1 |
    tee "$log" | grep -v '^\[WebServer\]'
  rc=${PIPESTATUS[0]}
  grep -E '^ +[0-9]+ (passed|failed|flaky|interrupted)' "$log" >"$log.summary"
  if [ -s "$log.summary" ]; then
    tally "$name" "$rc" \
      $(($(count "$log.summary" passed) + $(count "$log.summary" flaky))) \
      $(($(count "$log.summary" failed) + $(count "$log.summary" interrupted))) yes
  else
    tally "$name" "$rc" 0 0 no
  fi
}

galata galata "$logs/galata.log"
# Two pages on one notebook, on a collaborative server of its own.
galata "galata (collaboration)" "$logs/galata-rtc.log" --config playwright.rtc.config.js

echo "test: logs in $logs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
