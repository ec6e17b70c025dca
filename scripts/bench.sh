#!/usr/bin/env bash
# Builds the benchmarks in Release and runs one. The benchmark starts what it measures itself (Azurite, Redis, the
# hub host as processes on free loopback ports) and stops it afterwards; this script only installs the pinned Azurite
# and Debian's redis-server first. Not part of the test suite.
#   scripts/bench.sh mash-view [--children 100000] [--mash-children 300] [--rate 200] [--duration 30] [--callers 32] [--data-folder DIR]
#   scripts/bench.sh cluster-writes [--calls 1500] [--concurrency 16] [--warmup 200]
#   scripts/bench.sh sync-push [--records 100000] [--children 1000] [--batch 500] [--in-flight 4] [--raw-parallel 8]
#   scripts/bench.sh borough-load [--children 110000] [--deltas 10000] [--batch 250] [--seed 2010] [--raw-records 100000] [--data-folder DIR] [--hub URL --data-folder DIR]
#   scripts/bench.sh store [--sizes 10000,100000,1000000] [--callers 64] [--samples 2000] [--compare 5000]
#   scripts/bench.sh datasets [--pushed 1000] [--smallest 10000] [--largest 1000000] [--calls 300] [--warmup 100] [--azurite in-memory|persisted]
#   scripts/bench.sh datasets --data-folder DIR [--calls 300] [--warmup 100]   (a copy of a seeded embedded store)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"

ensure_azurite
ensure_redis
project="$repo_root/benchmarks/PartnershipHub.Benchmarks"
dotnet build "$project" -c Release --nologo -v quiet
exec dotnet run -c Release --no-build --project "$project" -- "$@"
