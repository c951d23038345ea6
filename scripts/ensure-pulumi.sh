#!/usr/bin/env bash
# Make sure a Pulumi CLI, its Python dynamic-provider shims and a Python language host are
# installed, then print the directory holding them (stdout); everything else goes to stderr.
#
# Order, fastest real toolchain first, each step logged:
#   1. an existing `pulumi` (>= MIN_VERSION) on PATH or in ~/.pulumi/bin is used as is. An
#      official install ships its own language host; a CLI built here earlier gets the host built.
#   2. Pulumi's official installer, at the pinned version, with short network timeouts (offline it
#      fails in well under a second and we move on).
#   3. a build from Pulumi's Go modules: the CLI (tools/pulumi-cli) and the Python language host
#      (tools/pulumi-language-python: the sdk/v3 v3.68.0 host behind a launcher that applies
#      Pulumi.yaml's runtime options; see that go.mod for why this version).
# The pinned CLI version is read from tools/pulumi-cli/go.mod for both 2 and 3.
# Idempotent: when everything is in place it costs one `pulumi version` call.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli_tools="$here/tools/pulumi-cli"
host_tools="$here/tools/pulumi-language-python"

pinned() {  # $1: go.mod, $2: module path -> its required version (direct or // indirect)
  awk -v m="$2" '{ if ($1 == "require") { $1 = ""; $0 = $0 } }
                 $1 == m && $2 ~ /^v[0-9]/ {print $2; exit}' "$1"
}
PULUMI_VERSION="$(pinned "$cli_tools/go.mod" github.com/pulumi/pulumi/pkg/v3)"
HOST_VERSION="$(pinned "$host_tools/go.mod" github.com/pulumi/pulumi/sdk/v3)"
[ -n "$PULUMI_VERSION" ] && [ -n "$HOST_VERSION" ] || {
  echo "ensure-pulumi: cannot read the pinned versions from tools/*/go.mod" >&2; exit 1; }
# The engine must hand the whole stack config to dynamic providers' configure() (3.139+); 3.181 is
# the oldest CLI these scripts have been run with.
MIN_VERSION="${PULUMI_MIN_VERSION:-3.181.0}"
INSTALL_ROOT="${PULUMI_INSTALL_ROOT:-$HOME/.pulumi}"
INSTALL_DIR="$INSTALL_ROOT/bin"
INSTALLER_URL="${PULUMI_INSTALLER_URL:-https://get.pulumi.com}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:--mod=mod}"

log() { echo "ensure-pulumi: $*" >&2; }

version_ok() {  # $1: path to a pulumi binary
  local v
  v="$("$1" version 2>/dev/null | sed 's/^v//')" || return 1
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$MIN_VERSION" "$v" | sort -V | head -n1)" = "$MIN_VERSION" ]
}

find_existing() {
  local candidate
  for candidate in "$(command -v pulumi 2>/dev/null || true)" "$INSTALL_DIR/pulumi"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && version_ok "$candidate"; then
      dirname "$(readlink -f "$candidate")"
      return 0
    fi
  done
  return 1
}

official_installer() {  # Pulumi's own install script, pinned; quiet about PATH edits.
  local script
  script="$(mktemp)"
  if ! curl -fsSL --connect-timeout 5 --max-time 30 "$INSTALLER_URL" -o "$script" 2>/dev/null; then
    rm -f "$script"
    log "official installer: $INSTALLER_URL unreachable; building from Go modules instead"
    return 1
  fi
  log "official installer: installing Pulumi ${PULUMI_VERSION} into $INSTALL_DIR"
  if ! sh "$script" --version "${PULUMI_VERSION#v}" --install-root "$INSTALL_ROOT" --no-edit-path >&2; then
    rm -f "$script"
    log "official installer failed; building from Go modules instead"
    return 1
  fi
  rm -f "$script"
}

build_cli() {
  local started=$SECONDS
  log "go build: Pulumi CLI $PULUMI_VERSION from Go modules into $INSTALL_DIR (a few minutes, once)"
  mkdir -p "$INSTALL_DIR"
  (cd "$cli_tools" && go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$INSTALL_DIR/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  log "go build: Pulumi CLI $PULUMI_VERSION built in $((SECONDS - started)) s"
}

install_shims() {  # $1: bin dir. The shims are scripts shipped inside the CLI's own sdk/v3 module.
  local bin="$1" src
  if [ -x "$bin/pulumi-resource-pulumi-python" ] && [ -x "$bin/pulumi-language-python-exec" ]; then
    return 0
  fi
  command -v go >/dev/null || { log "no Go to fetch Pulumi's Python shims"; return 1; }
  src="$(cd "$cli_tools" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
  install -m 0755 "$src/python/dist/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
  install -m 0755 "$src/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
  log "installed pulumi-resource-pulumi-python and pulumi-language-python-exec ($PULUMI_VERSION) into $bin"
}

ensure_language_host() {  # $1: bin dir
  local bin="$1" hostdir="$1/python-language-host/$HOST_VERSION" started=$SECONDS
  if [ -x "$bin/pulumi-language-python" ] && [ ! -d "$bin/python-language-host" ]; then
    return 0  # an official install's host
  fi
  if [ -x "$hostdir/pulumi-language-python" ] && [ "$bin/pulumi-language-python" -nt "$host_tools/launcher/main.go" ]; then
    return 0  # ours, at the pinned version, with the current launcher
  fi
  command -v go >/dev/null || { log "no Go to build the Python language host"; return 1; }
  log "go build: Python language host (sdk/v3 $HOST_VERSION) and its launcher into $bin"
  mkdir -p "$hostdir"
  (cd "$host_tools" &&
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$HOST_VERSION" \
      -o "$hostdir/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python &&
    go build -trimpath -ldflags "-s -w -X main.hostVersion=$HOST_VERSION" \
      -o "$bin/pulumi-language-python" ./launcher)
  log "go build: pulumi-language-python $HOST_VERSION built in $((SECONDS - started)) s"
}

main() {
  local bin
  if bin="$(find_existing)"; then
    log "using the installed Pulumi CLI $("$bin/pulumi" version) in $bin"
  elif command -v curl >/dev/null && official_installer; then
    bin="$INSTALL_DIR"
  elif command -v go >/dev/null; then
    build_cli
    bin="$INSTALL_DIR"
  else
    log "cannot install Pulumi: need network access to $INSTALLER_URL or Go 1.24+ to build it"
    exit 1
  fi
  install_shims "$bin" || true
  if [ ! -x "$bin/pulumi-resource-pulumi-python" ] && ! command -v pulumi-resource-pulumi-python >/dev/null; then
    log "pulumi-resource-pulumi-python is missing next to $bin/pulumi; dynamic providers cannot run"
    exit 1
  fi
  ensure_language_host "$bin" || {
    log "pulumi-language-python is missing next to $bin/pulumi; \`pulumi up\` of a Python project cannot run"
    exit 1
  }
  echo "$bin"
}

main "$@"
