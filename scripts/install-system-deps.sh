#!/usr/bin/env bash
# Installs the Debian packages that `npm test` and `npm start` need and that are missing:
# Chromium (the browser that drives VS Code's web client), ripgrep (VS Code's search), the
# toolchain and headers for code-server's native modules, and the interpreters and tools the
# tests run steps with. Needs root (apt-get); otherwise it names what to install.
# Usage: scripts/install-system-deps.sh        (a no-op when everything is there)
set -euo pipefail
log() { echo "[install-system-deps] $*" >&2; }
fail() { echo "[install-system-deps] ERROR: $*" >&2; exit 1; }

# package:command-that-proves-it-is-installed
PACKAGES=(chromium:chromium ripgrep:rg libkrb5-dev:krb5-config make:make g++:g++ python3:python3
  zsh:zsh openssh-client:ssh-keygen util-linux:script procps:ps)
need=()
for p in "${PACKAGES[@]}"; do
  command -v "${p#*:}" >/dev/null 2>&1 || need+=("${p%%:*}")
done
[ ${#need[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null 2>&1 || fail "missing: ${need[*]}, and this is not a Debian/Ubuntu machine (no apt-get). Install them with your package manager."
[ "$(id -u)" = 0 ] || fail "missing Debian packages: ${need[*]}. Install them as root: sudo apt-get install -y ${need[*]}"
exec 9>/tmp/runbook-apt.lock
flock 9                                   # one apt-get at a time (npm start vs npm test)
log "installing Debian packages: ${need[*]} (first use only)"
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; } \
  || fail "apt-get could not install ${need[*]}; install them by hand and run again."
