#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser tests when missing. Playwright drives it through
# its executable path; Playwright's own browser download cannot work on machines without internet access.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "install-browser: chromium is installed" >&2
  exit 0
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" chromium

