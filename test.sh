#!/usr/bin/env bash
# The one test command: installs what the tests need on a fresh Debian machine, then builds and runs every test.
# Tests that need a real server or client (the app itself, Chromium, kubectl, MariaDB, PostgreSQL, @octokit/fixtures-server) start it on 127.0.0.1 with their
# own data; none is skipped.
set -euo pipefail
cd "$(dirname "$0")"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium for the end-to-end tests (Playwright cannot download its own browsers here), and kubectl
# (kubernetes-client) as the real client that the fake Kubernetes API is checked against, and MariaDB (server, client
# and mariadb-dump) for the import progress tests, and Prometheus (server and promtool) for the CDN panel's PromQL series,
# and PostgreSQL (initdb and postgres) for the scale-out tests: shared history, Data Protection keys and leader snapshots,
# and Alertmanager for the notification tests, and blackbox_exporter as the site checks' prober's peer.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/kubectl ] || missing+=(kubernetes-client)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
[ -x /usr/bin/mariadb-dump ] || missing+=(mariadb-client)
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || missing+=(prometheus)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
[ -x /usr/bin/prometheus-blackbox-exporter ] || missing+=(prometheus-blackbox-exporter)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }

# @octokit/fixtures-server (npm, version pinned by the committed package-lock.json): the real peer that serves recorded
# GitHub responses to the report's GitHub source. Node and npm come from Debian when missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test.sh: installing nodejs npm"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm ci --prefix src/OpsDashboard.Tests/node --no-audit --no-fund --loglevel=error >/dev/null

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build OpsDashboard.sln -c Release -nologo -clp:NoSummary -v:q
status=0
dotnet test OpsDashboard.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

# One plain closing line that any CI can read: counts from the TRX file the run just wrote.
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
  skipped=$((total - executed))
  # A failure named again at the very end, with the first lines of its message, so the tail of a CI log says which.
  if [ "${failed:-0}" -gt 0 ]; then
    awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); print "failed: " name; shown = 0; want = 1 }
         want && /<Message>/ { inside = 1; sub(/.*<Message>/, "") }
         inside { line = $0; sub(/<\/Message>.*/, "", line); if (shown < 4) print "  " line; shown++; if ($0 ~ /<\/Message>/) { inside = 0; want = 0 } }' "$trx"
  fi
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
  [ "$executed" -gt 0 ] || { echo "test.sh: no test ran" >&2; status=1; }
else
  echo "test.sh: no test results were written" >&2
  status=1
fi
exit "$status"
