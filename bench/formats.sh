#!/usr/bin/env bash
# Extraction speed on this machine: pages per second of scanned PDF pages read by OCR (Tesseract at 300 dpi, one
# thread, the worker's own extractor and defaults) and of PDF pages with a text layer, three times each in one run,
# with OCR's character error rate. About 2 minutes on 2 cores. Writes bench/results/formats.json.
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" formats "$@"
