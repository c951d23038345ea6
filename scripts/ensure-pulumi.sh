#!/usr/bin/env bash
# Make sure a recent-enough Pulumi CLI, the Python dynamic-provider shim and (when it can be had)
# the Python language host are installed, then print the directory holding them.
#
# Order: an existing `pulumi` on PATH or in ~/.pulumi/bin (>= MIN_VERSION) is used as is;
# otherwise the CLI is built from Pulumi's Go modules (tools/pulumi-cli pins the version) into
# ~/.pulumi/bin; without Go, Pulumi's official installer is the fallback.
# Idempotent: when everything is in place it costs one `pulumi version` call.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$here/tools/pulumi-cli"
PULUMI_VERSION="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" && $2 ~ /^v[0-9]/ {print $2; exit}' "$tools/go.mod")"
[ -n "$PULUMI_VERSION" ] || { echo "ensure-pulumi: no pkg/v3 version in $tools/go.mod" >&2; exit 1; }
MIN_VERSION="${PULUMI_MIN_VERSION:-3.181.0}"  # inline refresh/destroy need --client (3.181)
INSTALL_DIR="${PULUMI_INSTALL_DIR:-$HOME/.pulumi/bin}"
LANG_HOST_MODULE="github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3"
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

sdk_dir() {  # the sdk/v3 module source, which carries Pulumi's Python shims
  (cd "$tools" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
}

install_shims() {  # $1: bin dir
  local bin="$1" src
  if [ -x "$bin/pulumi-resource-pulumi-python" ] && [ -x "$bin/pulumi-language-python-exec" ]; then
    return 0
  fi
  command -v go >/dev/null || { log "no Go to fetch Pulumi's Python shims"; return 1; }
  src="$(sdk_dir)"
  install -m 0755 "$src/python/dist/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
  install -m 0755 "$src/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
  log "installed pulumi-resource-pulumi-python and pulumi-language-python-exec into $bin"
}

try_language_host() {  # $1: bin dir. Best effort: the module is untagged and not always served.
  local bin="$1" version tmp
  [ -x "$bin/pulumi-language-python" ] && return 0
  command -v go >/dev/null || return 0
  version="${PULUMI_LANGUAGE_PYTHON_VERSION:-}"
  if [ -z "$version" ]; then
    version="$(cd "$tools" && timeout 60 go list -m -f '{{.Version}}' "$LANG_HOST_MODULE@latest" 2>/dev/null || true)"
  fi
  if [ -z "$version" ]; then
    log "pulumi-language-python: the Go module proxy serves no version of $LANG_HOST_MODULE;"
    log "  stacks run on the real CLI through the Automation API's inline mode instead (see README)."
    return 0
  fi
  tmp="$(mktemp -d)"
  cp "$tools/go.mod" "$tools/go.sum" "$tmp/"
  if (cd "$tmp" && go get "$LANG_HOST_MODULE@$version" >/dev/null 2>&1 &&
      go build -trimpath -ldflags "-s -w" -o "$bin/" "$LANG_HOST_MODULE"); then
    log "built pulumi-language-python ($version) into $bin"
  else
    log "pulumi-language-python $version could not be built; stacks use the Automation API's inline mode"
  fi
  rm -rf "$tmp"
}

build_cli() {
  log "building the Pulumi CLI $PULUMI_VERSION from Go modules into $INSTALL_DIR (a few minutes, once)"
  mkdir -p "$INSTALL_DIR"
  (cd "$tools" && go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$INSTALL_DIR/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
}

main() {
  local bin
  if bin="$(find_existing)"; then
    :
  elif command -v go >/dev/null; then
    build_cli
    bin="$INSTALL_DIR"
  elif command -v curl >/dev/null; then
    log "no Go toolchain: using Pulumi's official installer"
    curl -fsSL https://get.pulumi.com | sh -s -- --version "${PULUMI_VERSION#v}" >&2
    bin="$INSTALL_DIR"
  else
    log "cannot install Pulumi: need Go (to build it) or curl (for the official installer)"
    exit 1
  fi
  install_shims "$bin" || true
  if [ ! -x "$bin/pulumi-resource-pulumi-python" ] && ! command -v pulumi-resource-pulumi-python >/dev/null; then
    log "pulumi-resource-pulumi-python is missing next to $bin/pulumi; dynamic providers cannot run"
    exit 1
  fi
  try_language_host "$bin"
  echo "$bin"
}

main "$@"
