#!/usr/bin/env bash
# Opens the demo storyboard. It works on a copy under .build/demo (so the committed demo stays clean),
# refreshed when the committed one changes, and makes any missing takes first, with a progress bar.
set -euo pipefail
cd "$(dirname "$0")/.."
kinora=${KINORA:-.build/release/kinora}
source=Projects/launch
copy=.build/demo/launch
if [ ! -f "$copy/storyboard.json" ] || [ "$source/storyboard.json" -nt "$copy/.copied" ]; then
  rm -rf "$copy"
  mkdir -p "$(dirname "$copy")"
  cp -R "$source" "$copy"
  touch "$copy/.copied"
fi
"$kinora" gen "$copy" --missing >/dev/null
exec "$kinora" open "$copy"
