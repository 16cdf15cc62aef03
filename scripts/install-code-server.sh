#!/usr/bin/env bash
# Installs a pinned code-server (the real VS Code workbench, server and extension host, here
# VS Code 1.100.3) into DIR using only the npm registry and Debian's packages, and checks that
# its native modules really load. Reused when DIR/.ready-VERSION exists.
# Usage: scripts/install-code-server.sh DIR      (CODE_SERVER_VERSION overrides the pin)
set -euo pipefail
DIR=${1:?usage: install-code-server.sh DIR}
VERSION=${CODE_SERVER_VERSION:-4.100.3}   # the last release whose engine is Node 20
MARKER="$DIR/.ready-$VERSION"
log() { echo "[install-code-server] $*" >&2; }
fail() { echo "[install-code-server] ERROR: $*" >&2; exit 1; }

mkdir -p "$DIR"
exec 9>"$DIR/.install.lock"
flock 9                                   # one installer at a time (npm start vs npm test)
if [ -f "$MARKER" ]; then exit 0; fi

# Debian packages: chromium, ripgrep, the toolchain for the native modules, … (see that script).
bash "$(dirname "$0")/install-system-deps.sh" || fail "the Debian packages code-server needs are missing (see above)."

log "installing code-server $VERSION into $DIR (about a minute)"
cd "$DIR"
[ -f package.json ] || echo '{"private":true}' > package.json
# --ignore-scripts: code-server's postinstall refuses root and @vscode/ripgrep downloads from
# GitHub. The native modules are then built explicitly (npm 11 would otherwise skip their
# install scripts with an "allowScripts" warning) and checked below.
npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$VERSION" >/dev/null \
  || fail "npm could not install code-server@$VERSION (is the npm registry reachable?)"
npm_config_yes=true npm rebuild argon2 >/dev/null
VSCODE="$DIR/node_modules/code-server/lib/vscode"
cd "$VSCODE"
npm install --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
NATIVE=(@parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid)
npm_config_yes=true npm rebuild "${NATIVE[@]}" >/dev/null
# VS Code's search runs node_modules/@vscode/ripgrep/bin/rg: use Debian's instead of a download.
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --unsafe-perm --loglevel=error >/dev/null)

# Each native module must load; rebuild it with node-gyp directly when its script did not run.
check() { (cd "$1" && node -e "require('$2')") >/dev/null 2>&1; }
for m in "${NATIVE[@]}"; do
  check "$VSCODE" "$m" && continue
  log "$m did not build through npm; running node-gyp in it"
  (cd "$VSCODE/node_modules/$m" && npm_config_yes=true npx --yes node-gyp rebuild >/dev/null 2>&1) || true
  check "$VSCODE" "$m" || fail "the native module $m does not load in $VSCODE (see: cd $VSCODE/node_modules/$m && npx node-gyp rebuild)"
done
check "$DIR" argon2 || fail "the native module argon2 does not load in $DIR"
[ -x "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ] || fail "ripgrep is missing in $VSCODE"

touch "$MARKER"
log "code-server $VERSION ready in $DIR"
