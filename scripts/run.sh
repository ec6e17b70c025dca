#!/usr/bin/env bash
# Runs the hub on loopback with its embedded store: one SQLite file, hub.db in the data folder, durable before every
# acknowledgement, so a second run finds the data of the first. Needs only the .NET SDK (no Node.js, npm or Azurite).
#   PHUB_GRPC_PORT     gRPC port (default 5080)
#   PHUB_DATA_FOLDER   local data: hub.db, token signing key, identifier secret (default .data)
# To run on Azure Table Storage instead (as a cluster does), set Storage__Provider=AzureTables and
# Storage__ConnectionString in the environment; scripts/cluster.sh shows it with Azurite.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

grpc_port="${PHUB_GRPC_PORT:-5080}"
data_folder="$(mkdir -p "${PHUB_DATA_FOLDER:-$repo_root/.data}" && cd "${PHUB_DATA_FOLDER:-$repo_root/.data}" && pwd)"

echo "Building the hub..."
dotnet build "$repo_root/src/PartnershipHub.Host" -c Release -v quiet -nologo
echo "Starting the hub on 127.0.0.1:$grpc_port (data in $data_folder/hub.db). Ctrl+C stops it."
echo "Get a token with: dotnet run --project src/PartnershipHub.Cli -- token --data-folder $data_folder --org E09000033 --role mash-practitioner"
Hub__GrpcPort="$grpc_port" \
Hub__DataFolder="$data_folder" \
  exec dotnet "$repo_root/src/PartnershipHub.Host/bin/Release/net10.0/PartnershipHub.Host.dll" --contentRoot "$repo_root/src/PartnershipHub.Host"
