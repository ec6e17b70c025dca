# Shared by run.sh and test.sh: installs the pinned Azurite into tools/azurite/node_modules (ignored by git).
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
azurite_dir="$repo_root/tools/azurite"
azurite_table="$azurite_dir/node_modules/.bin/azurite-table"

# Installs Azurite exactly as the lock file pins it, once, and again whenever the lock file changes.
ensure_azurite() {
  local stamp="$azurite_dir/node_modules/.installed-lock"
  if [ -x "$azurite_table" ] && [ -f "$stamp" ] && cmp -s "$stamp" "$azurite_dir/package-lock.json"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "npm (Node.js) is needed to install the Azurite storage emulator." >&2; exit 1; }
  echo "Installing Azurite (pinned in tools/azurite/package-lock.json)..."
  (cd "$azurite_dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$azurite_dir/package-lock.json" "$stamp"
}

# Waits until something listens on 127.0.0.1:$1, for at most $2 seconds.
wait_for_port() {
  local port="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Prints the connection string of the Azurite table service on 127.0.0.1:$1 (its published development account).
azurite_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}
