#!/usr/bin/env bash
# Builds and runs the whole test suite. The suites start what they need themselves (Azurite on free loopback
# ports, Redis for the multi-silo tests, the hub host as a process, Chromium for the performance pack's page) and stop
# it afterwards; this script only installs the pinned Azurite, Debian's redis-server and Debian's chromium first. The
# build itself bundles the performance pack's page with npm ci from web/package-lock.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"
source "$(dirname "${BASH_SOURCE[0]}")/chromium.sh"

ensure_azurite
ensure_redis
ensure_chromium
results="$repo_root/TestResults"
rm -rf "$results"
status=0
dotnet test "$repo_root/PartnershipHub.sln" -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over every suite, added up from the result files' counters.
if ls "$results"/*.trx >/dev/null 2>&1; then
  grep -ho '<Counters [^>]*>' "$results"/*.trx | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
    END { printf "%d passed, %d failed\n", n["passed"], n["failed"] + n["error"] + n["timeout"] + n["aborted"] }'
fi
# The counters only cover the projects that ran: a project that did not build leaves no result file, so say so.
if [ "$status" -ne 0 ]; then
  echo "dotnet test exited with $status: a project failed to build or a test run failed (see above)" >&2
fi
exit "$status"
