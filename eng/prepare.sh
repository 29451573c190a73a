#!/usr/bin/env bash
# What running and testing both need on this machine: the servers installed and the model fetched.
# Prints the model folder on stdout, for Embeddings__ModelPath.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/eng/install-servers.sh"
bash "$root/eng/fetch-model.sh"
