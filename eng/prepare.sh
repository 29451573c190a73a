#!/usr/bin/env bash
# What running and testing both need on this machine: the servers and OCR installed. (The embedding models need nothing:
# they arrive inside NuGet packages with the build.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/eng/install-servers.sh"
bash "$root/eng/install-ocr.sh"
