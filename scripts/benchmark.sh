#!/usr/bin/env bash
# Measures child-registration write throughput over gRPC with one silo and with three on this machine, each on a
# fresh Azurite and Redis on loopback, and prints both figures. Not part of the test suite. Options are passed on
# to the benchmark: --calls N (default 1500), --concurrency C (default 16), --warmup W (default 200).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"

ensure_azurite
ensure_redis
dotnet build "$repo_root/benchmarks/PartnershipHub.Cluster.Benchmark" -c Release -v quiet -nologo
dotnet "$repo_root/benchmarks/PartnershipHub.Cluster.Benchmark/bin/Release/net10.0/PartnershipHub.Cluster.Benchmark.dll" "$@"
