#!/usr/bin/env bash
# Installs OCR from the distribution's packages when missing: Tesseract with its English data, and poppler's
# pdftoppm to render scanned PDF pages. Without them the system runs, and images and scanned pages fail with a reason.
set -euo pipefail

missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -n "$(find /usr/share/tesseract-ocr -name eng.traineddata 2>/dev/null | head -1)" ] || missing+=(tesseract-ocr-eng)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-ocr: tesseract (eng) and pdftoppm are installed" >&2
  exit 0
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "${missing[@]}"
