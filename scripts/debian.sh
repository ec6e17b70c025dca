# Shared by the scripts: installs a Debian package when the command it provides is missing.
# shellcheck shell=bash

# Installs Debian package $2 when command $1 is not on the PATH (with sudo unless already root).
ensure_debian_command() {
  local command="$1" package="$2"
  if command -v "$command" >/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null || { echo "$command is needed; install $package with your package manager." >&2; exit 1; }
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing $package (Debian package)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
}
