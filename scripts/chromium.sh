# Shared by test.sh: Debian's Chromium, which the performance pack's browser tests drive headless.
# shellcheck shell=bash

source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

# Installs Debian's chromium package when /usr/bin/chromium is missing (the tests start it by that path).
ensure_chromium() {
  ensure_debian_command /usr/bin/chromium chromium
}
