#!/usr/bin/env bash
# Caches the Docker CLI 20.10 client from Debian's docker.io package without installing the
# package (which would bring a daemon): apt-get download + extract only usr/bin/docker.
#   test/testbed/fetch-docker20.sh [CACHE_DIR]     (default: <repo>/.testbed/docker20)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="${1:-$repo_root/.testbed/docker20}"
binary="$cache_dir/usr/bin/docker"

client_version() {
  # the client prints its version, then fails for want of a daemon: only stdout matters
  "$binary" version --format '{{.Client.Version}}' 2>/dev/null || true
}

if [[ -x "$binary" && "$(client_version)" == 20.10.* ]]; then
  echo "Docker CLI $(client_version) already cached at $binary"
  exit 0
fi

download_dir="$(mktemp -d)"
trap 'rm -rf "$download_dir"' EXIT
cd "$download_dir"
if ! apt-get download -o APT::Sandbox::User=root docker.io >/dev/null 2>&1; then
  apt-get update >/dev/null
  apt-get download -o APT::Sandbox::User=root docker.io >/dev/null
fi
deb="$(ls docker.io_*.deb)"
mkdir -p "$cache_dir"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$cache_dir" ./usr/bin/docker

version="$(client_version)"
if [[ "$version" != 20.10.* ]]; then
  echo "fetch-docker20: expected a 20.10 client, got '${version}'" >&2
  exit 1
fi
echo "Docker CLI $version cached at $binary"
