#!/usr/bin/env bash
# Runs a three-silo hub cluster on loopback, for trying clustering by hand: Azurite (tables), Redis (membership)
# and three hub processes sharing one data folder (one token signing key, one identifier index secret). Any silo
# answers any call. Ctrl+C stops everything.
#   PHUB_CLUSTER_DATA_FOLDER  tables, keys and logs (default .data/cluster)
#   PHUB_GRPC_PORT            gRPC port of the first silo; the others take the next two (default 5081)
#   PHUB_STORAGE_PORT         Azurite table port (default 10012)
#   PHUB_REDIS_PORT           Redis port (default: a free one)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"

data_folder="${PHUB_CLUSTER_DATA_FOLDER:-$repo_root/.data/cluster}"
mkdir -p "$data_folder/azurite"
data_folder="$(cd "$data_folder" && pwd)"
grpc_base="${PHUB_GRPC_PORT:-5081}"
storage_port="${PHUB_STORAGE_PORT:-10012}"

ensure_azurite
ensure_redis
redis_port="${PHUB_REDIS_PORT:-$(free_port)}"

# Every process runs in a session of its own (setsid), so Ctrl+C reaches only this script, which then stops the
# silos before the stores they need for a graceful departure.
store_pids=()
silo_pids=()
stop_all() {
  trap - EXIT INT TERM
  echo "Stopping the cluster..."
  # Silos first, gracefully, while the stores they report their departure to are still there; then the stores.
  local pid
  for pid in "${silo_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${silo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${store_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${store_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT INT TERM

setsid "$azurite_table" --tableHost 127.0.0.1 --tablePort "$storage_port" --location "$data_folder/azurite" \
  --skipApiVersionCheck --disableProductStyleUrl >"$data_folder/azurite.log" 2>&1 &
store_pids+=($!)
start_redis "$redis_port" "$data_folder/redis.log"
store_pids+=("$redis_pid")
if ! wait_for_port "$storage_port" 60; then
  echo "Azurite did not start on 127.0.0.1:$storage_port; see $data_folder/azurite.log" >&2
  exit 1
fi

echo "Building the hub..."
dotnet build "$repo_root/src/PartnershipHub.Host" -c Release -v quiet -nologo

# Starts silo $1 (1-based) in the background, logging to the data folder, and waits for its gRPC port.
start_silo() {
  local n="$1"
  Hub__GrpcPort=$((grpc_base + n - 1)) \
  Hub__SiloPort=$((11110 + n)) \
  Hub__DataFolder="$data_folder" \
  Hub__ClusterId="local-cluster" \
  Clustering__Provider=Redis \
  Clustering__RedisConnectionString="127.0.0.1:$redis_port" \
  Storage__Provider=AzureTables \
  Storage__ConnectionString="$(azurite_connection_string "$storage_port")" \
    setsid dotnet "$repo_root/src/PartnershipHub.Host/bin/Release/net10.0/PartnershipHub.Host.dll" \
      --contentRoot "$repo_root/src/PartnershipHub.Host" >"$data_folder/silo-$n.log" 2>&1 &
  silo_pids+=($!)
}

# The first silo creates the shared keys in the data folder; the other two start once it is up.
start_silo 1
wait_for_port "$grpc_base" 120 || { echo "Silo 1 did not start; see $data_folder/silo-1.log" >&2; exit 1; }
start_silo 2
start_silo 3
for n in 2 3; do
  wait_for_port $((grpc_base + n - 1)) 120 || { echo "Silo $n did not start; see $data_folder/silo-$n.log" >&2; exit 1; }
done

cat <<INFO

A three-silo PartnershipHub cluster runs on loopback (data, keys and logs in $data_folder):
  silo 1  gRPC 127.0.0.1:$grpc_base        silo port 11111  gateway 30000  log silo-1.log
  silo 2  gRPC 127.0.0.1:$((grpc_base + 1))        silo port 11112  gateway 30001  log silo-2.log
  silo 3  gRPC 127.0.0.1:$((grpc_base + 2))        silo port 11113  gateway 30002  log silo-3.log
  tables  Azurite 127.0.0.1:$storage_port     membership  Redis 127.0.0.1:$redis_port

Any silo answers any call. With phub defined as in the README, get a token (signed with the cluster's shared key) and register a child through one
silo, then read it through another:
  export PHUB_TOKEN=\$(phub token --data-folder $data_folder --org E09000033 --role mash-practitioner)
  phub children register --hub http://127.0.0.1:$grpc_base --borough E09000033 --given-name Sam --family-name Example --dob 2016-05-17
  phub children get CHILD_ID --purpose case-management --hub http://127.0.0.1:$((grpc_base + 2))
Membership changes appear in each silo's log as 'Cluster membership: silo ... is Active/Dead'.
Ctrl+C stops the cluster.
INFO
wait -n "${store_pids[@]}" "${silo_pids[@]}" || true
echo "A process of the cluster exited; see the logs in $data_folder." >&2
