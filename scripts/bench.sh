#!/usr/bin/env bash
# Builds the benchmarks in Release and runs one. The benchmark starts what it measures itself (Azurite on a free
# loopback port, the hub host as a process) and stops it afterwards; this script only installs the pinned Azurite.
# Usage: scripts/bench.sh mash-view [--children 10000] [--callers 32] [--duration 30] [--warmup 5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"

ensure_azurite
project="$repo_root/benchmarks/PartnershipHub.Benchmarks"
dotnet build "$project" -c Release --nologo -v quiet
exec dotnet run -c Release --no-build --project "$project" -- "$@"
