#!/usr/bin/env bash
# Runs the hub on loopback with its embedded store: one SQLite file, hub.db in the data folder, durable before every
# acknowledgement, so a second run finds the data of the first. Needs only the .NET SDK; with Node.js (npm) the build
# also bundles the board's performance pack, served on http://127.0.0.1:5090/pack.
# Ctrl+C, SIGINT or SIGTERM to this script stops the hub.
#   PHUB_GRPC_PORT     gRPC port (default 5080)
#   PHUB_WEB_PORT      the performance pack's web page (default 5090; 0: none)
#   PHUB_DATA_FOLDER   local data: hub.db, token signing key, identifier secret (default .data)
# To run on Azure Table Storage instead (as a cluster does), set Storage__Provider=AzureTables and
# Storage__ConnectionString in the environment; scripts/cluster.sh shows it with Azurite.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

grpc_port="${PHUB_GRPC_PORT:-5080}"
web_port="${PHUB_WEB_PORT:-5090}"
data_folder="$(mkdir -p "${PHUB_DATA_FOLDER:-$repo_root/.data}" && cd "${PHUB_DATA_FOLDER:-$repo_root/.data}" && pwd)"

echo "Building the hub..."
dotnet build "$repo_root/src/PartnershipHub.Host" -c Release -v quiet -nologo
echo "Starting the hub on 127.0.0.1:$grpc_port (data in $data_folder/hub.db). Ctrl+C stops it."
[ "$web_port" = 0 ] || echo "The board's performance pack: http://127.0.0.1:$web_port/pack (sign in with a token from phub token --role partnership-analyst)"
echo "Get a token with: phub token --data-folder $data_folder --org E09000033 --role mash-practitioner (phub: see the README)"
# The hub runs in the background so that a signal reaches the traps at once (bash runs a trap only between
# commands), and the EXIT trap stops it however the script ends.
Hub__GrpcPort="$grpc_port" \
Hub__WebPort="$web_port" \
Hub__DataFolder="$data_folder" \
  dotnet "$repo_root/src/PartnershipHub.Host/bin/Release/net10.0/PartnershipHub.Host.dll" --contentRoot "$repo_root/src/PartnershipHub.Host" &
hub_pid=$!
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
wait "$hub_pid"
