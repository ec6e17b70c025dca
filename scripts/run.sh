#!/usr/bin/env bash
# Runs the hub on loopback with its embedded default store: Azurite's table service keeping its data in
# .data/azurite, so a second run finds the data of the first. Ctrl+C, SIGINT or SIGTERM to this script stops the hub
# and its store together.
#   PHUB_GRPC_PORT     gRPC port (default 5080)
#   PHUB_STORAGE_PORT  Azurite table port (default 10002)
#   PHUB_DATA_FOLDER   local data: tables, token signing key, identifier secret (default .data)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"

grpc_port="${PHUB_GRPC_PORT:-5080}"
storage_port="${PHUB_STORAGE_PORT:-10002}"
data_folder="$(mkdir -p "${PHUB_DATA_FOLDER:-$repo_root/.data}" && cd "${PHUB_DATA_FOLDER:-$repo_root/.data}" && pwd)"

# Every process started here is stopped with the script, however it ends: a signal runs the EXIT trap through exit.
children=()
stop_children() {
  local pid
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_azurite
mkdir -p "$data_folder/azurite"
"$azurite_table" --tableHost 127.0.0.1 --tablePort "$storage_port" --location "$data_folder/azurite" \
  --skipApiVersionCheck --disableProductStyleUrl >"$data_folder/azurite.log" 2>&1 &
children+=($!)
if ! wait_for_port "$storage_port" 60; then
  echo "Azurite did not start on 127.0.0.1:$storage_port; see $data_folder/azurite.log" >&2
  exit 1
fi

echo "Building the hub..."
dotnet build "$repo_root/src/PartnershipHub.Host" -c Release -v quiet -nologo
echo "Starting the hub on 127.0.0.1:$grpc_port (data in $data_folder). Ctrl+C stops it."
echo "Get a token with: phub token --data-folder $data_folder --org E09000033 --role mash-practitioner (phub: see the README)"
Hub__GrpcPort="$grpc_port" \
Hub__DataFolder="$data_folder" \
Storage__ConnectionString="$(azurite_connection_string "$storage_port")" \
  dotnet "$repo_root/src/PartnershipHub.Host/bin/Release/net10.0/PartnershipHub.Host.dll" --contentRoot "$repo_root/src/PartnershipHub.Host" &
children+=($!)
# In the background so that a signal reaches the traps at once (bash runs a trap only between commands).
wait "${children[-1]}"
