# Shared by the scripts: installs the pinned Azurite (and other npm tools) under tools/*/node_modules (ignored by git).
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
azurite_dir="$repo_root/tools/azurite"
azurite_table="$azurite_dir/node_modules/.bin/azurite-table"

# Installs the npm packages of tools/$1 exactly as its lock file pins them, once, and again whenever the lock
# file changes. $2 names them for the message.
ensure_npm_tools() {
  local dir="$repo_root/tools/$1" what="$2"
  local stamp="$dir/node_modules/.installed-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "npm (Node.js) is needed to install $what." >&2; exit 1; }
  echo "Installing $what (pinned in tools/$1/package-lock.json)..."
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

# Installs the pinned Azurite.
ensure_azurite() {
  ensure_npm_tools azurite "the Azurite storage emulator"
  [ -x "$azurite_table" ] || { echo "Azurite did not install: $azurite_table is missing." >&2; exit 1; }
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
