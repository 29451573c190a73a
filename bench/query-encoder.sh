#!/usr/bin/env bash
# Tunes the default model's query side on a BEIR split's judgments (SciFact train by default; never a test split) and
# measures it on the fifth of the queries held out from tuning, with the gateway's own ranking (docs/benchmarks.md, A
# query encoder tuned on your judgments). `--holdout 0` tunes on every query and writes the graph that
# Embeddings:QueryEncoder:Path names; `--out FILE` says where (default bench/results/query-encoder.onnx).
# Training runs in PyTorch from the distribution's packages, installed here when missing (python3-torch and OpenBLAS,
# without which PyTorch falls back to the reference BLAS and runs many times slower). The first run indexes the
# corpus as the relevance benchmark does (kept in .data-bench/); tuning on SciFact train then takes 2 to 3 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The distribution's interpreter: its packages hold PyTorch (a python3 earlier on PATH, from pyenv or a venv, may not).
python=/usr/bin/python3
missing=()
"$python" -c "import torch, numpy, onnx" >/dev/null 2>&1 || missing+=(python3-torch python3-numpy python3-onnx)
[ -n "$(find /usr/lib -path '*openblas*' -name 'libblas.so.3' 2>/dev/null | head -1)" ] || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  bash "$root/eng/apt-install.sh" "${missing[@]}"
fi
exec bash "$root/bench/bench.sh" query-encoder --python "$python" "$@"
