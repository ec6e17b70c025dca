# Shared by test.sh, cluster.sh and bench.sh: Debian's redis-server, the cluster membership store.
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

# Installs Debian's redis-server package when redis-server is not on the PATH.
ensure_redis() {
  ensure_debian_command redis-server redis-server
}

# Prints a TCP port on 127.0.0.1 that nothing listens on, from the range above the usual service ports.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
}

# Starts redis-server on 127.0.0.1:$1 in the background, keeping nothing on disk, logging to $2; waits until it
# answers and sets redis_pid.
start_redis() {
  local port="$1" log="$2" i
  setsid redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$(dirname "$log")" >"$log" 2>&1 &
  redis_pid=$!
  for ((i = 0; i < 100; i++)); do
    if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
      return 0
    fi
    sleep 0.1
  done
  echo "Redis did not start on 127.0.0.1:$port; see $log" >&2
  return 1
}
