#!/usr/bin/env bash
# Byte-identity check against a base commit: see scripts/house/bytecheck.py.
# Usage: scripts/house/bytecheck.sh BASE_COMMIT [--only seed,dev,dev2,synth1000]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
exec "$here/.venv/bin/python" "$here/scripts/house/bytecheck.py" "$@"
