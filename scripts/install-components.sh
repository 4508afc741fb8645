#!/usr/bin/env bash
# Installs, as root with apt-get, the real programs the tests compare regauth with:
# skopeo, podman, containerd, the distribution registry, docker-credential-pass (+ pass, gpg), htpasswd,
# and the Docker CLI 20.10 client (unpacked from Debian's docker.io package, not installed).
# The Docker CLI itself (28.x) comes with the machine image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates skopeo podman docker-registry golang-docker-credential-helpers \
  pass gnupg apache2-utils iproute2 openssl util-linux mount containerd >/dev/null

# the man page test renders man/regauth.1 with man -l and groff; the plugin test runs kubectl
command -v man >/dev/null && command -v groff >/dev/null || apt-get install -y -qq --no-install-recommends man-db groff-base >/dev/null
# the machine image ships kubectl; where it does not, Debian's kubernetes-client provides it
command -v kubectl >/dev/null || apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null

# The package may start a system registry on :5000; the tests run their own registries in a
# private network namespace, so a stray service is not wanted.
if command -v service >/dev/null 2>&1; then
  service docker-registry stop >/dev/null 2>&1 || true
fi

bash test/testbed/fetch-docker20.sh
