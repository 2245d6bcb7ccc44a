#!/usr/bin/env bash
# The package as users install it: packs async-stand (prepack builds it), installs the tarball
# into three small projects of the usual Node test stacks, each with its test runner from npm,
# and runs one flow in each: vitest (ES modules), jest (CommonJS), node --test.
#   bash test/consumers/run.sh            (CI runs it after npm test)
# Fails on any npm warning that the Node version is not supported (EBADENGINE).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log() { echo "consumers: $*"; }

t0=$(date +%s)
log "npm pack"
tarball="$work/$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)"
log "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"
for name in vitest-esm jest-cjs node-test; do
  dir="$work/$name"
  cp -r "$root/test/consumers/$name" "$dir"
  log "$name: npm install (node $(node --version))"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=warn "$tarball" 2>&1 | tee "$work/$name.install.log" | grep -v 'install-scripts' || true)
  if grep -q EBADENGINE "$work/$name.install.log"; then
    log "FAIL: $name: a dependency does not support this Node version"
    exit 1
  fi
  log "$name: npm test"
  (cd "$dir" && npm test --silent)
done
log "passed: vitest-esm, jest-cjs, node-test in $(( $(date +%s) - t0 )) s"
