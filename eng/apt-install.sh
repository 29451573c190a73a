#!/usr/bin/env bash
# Installs the named Debian packages (with sudo when not root), quietly; used by the install-* scripts.
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "apt-install: installing $*" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq "$@" >&2
