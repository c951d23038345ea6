#!/usr/bin/env bash
# What the pull request's change will cost, as a Markdown comment: runs `pulumi preview --json`
# once, then `python -m plivo_provider cost`, and writes the summary to OUTPUT.
#
# Usage: cost-summary.sh [STACK] [OUTPUT]    (default: the current stack, cost-summary.md)
# Run it in the Pulumi project folder, after `pulumi login` (the CI recipe's preview step logs in).
# PYTHON names the interpreter that has plivo-pulumi installed (default: .venv/bin/python if it
# exists, else python3). The preview reaches Plivo as `pulumi preview` does: the stack's plivo:*
# config, else PLIVO_* variables.
set -euo pipefail

stack="${1:-}"
output="${2:-cost-summary.md}"
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
stack_args=()
if [[ -n "$stack" ]]; then stack_args=(--stack "$stack"); fi

preview="$(mktemp)"
trap 'rm -f "$preview"' EXIT

# pulumi exits non-zero when the preview fails; its JSON then lists the errors: print them.
if ! pulumi preview --json "${stack_args[@]}" > "$preview"; then
  "$PYTHON" - "$preview" >&2 <<'PY' || true
import json, sys
for d in json.load(open(sys.argv[1])).get("diagnostics") or []:
    if d.get("severity") == "error":
        print("error:", str(d.get("message", "")).strip())
PY
  echo "cost-summary: pulumi preview failed for stack ${stack:-<current>}" >&2
  exit 1
fi

{
  # A marker per stack, so the recipe finds and edits its own comment instead of adding another.
  echo "<!-- plivo-cost ${stack:-current} -->"
  "$PYTHON" -m plivo_provider cost --preview "$preview" --format markdown
} > "$output"
echo "cost-summary: wrote $output"
