#!/usr/bin/env bash
# Runs the hub on loopback with its embedded default store: Azurite's table service keeping its data in
# .data/azurite, so a second run finds the data of the first. Ctrl+C stops both.
#   PHUB_GRPC_PORT     gRPC port (default 5080)
#   PHUB_STORAGE_PORT  Azurite table port (default 10002)
#   PHUB_DATA_FOLDER   local data: tables, token signing key, identifier secret (default .data)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"

grpc_port="${PHUB_GRPC_PORT:-5080}"
storage_port="${PHUB_STORAGE_PORT:-10002}"
data_folder="$(mkdir -p "${PHUB_DATA_FOLDER:-$repo_root/.data}" && cd "${PHUB_DATA_FOLDER:-$repo_root/.data}" && pwd)"

ensure_azurite
mkdir -p "$data_folder/azurite"
"$azurite_table" --tableHost 127.0.0.1 --tablePort "$storage_port" --location "$data_folder/azurite" \
  --skipApiVersionCheck --disableProductStyleUrl >"$data_folder/azurite.log" 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null; wait "$azurite_pid" 2>/dev/null' EXIT
if ! wait_for_port "$storage_port" 60; then
  echo "Azurite did not start on 127.0.0.1:$storage_port; see $data_folder/azurite.log" >&2
  exit 1
fi

echo "Building the hub..."
dotnet build "$repo_root/src/PartnershipHub.Host" -c Release -v quiet -nologo
echo "Starting the hub on 127.0.0.1:$grpc_port (data in $data_folder). Ctrl+C stops it."
echo "Get a token with: dotnet run --project src/PartnershipHub.Cli -- token --data-folder $data_folder --org E09000033 --role mash-practitioner"
Hub__GrpcPort="$grpc_port" \
Hub__DataFolder="$data_folder" \
Storage__ConnectionString="$(azurite_connection_string "$storage_port")" \
  dotnet "$repo_root/src/PartnershipHub.Host/bin/Release/net10.0/PartnershipHub.Host.dll" --contentRoot "$repo_root/src/PartnershipHub.Host"
