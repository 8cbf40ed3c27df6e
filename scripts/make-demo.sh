#!/usr/bin/env bash
# Rebuilds Projects/launch, the demo storyboard, from the public-domain photos in ../shared/media.
# The result is committed; run this only to change the demo. Seeds are fixed so takes reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
kinora=${KINORA:-.build/debug/kinora}
media=${MEDIA:-../shared/media}
demo=Projects/launch
rm -rf "$demo"
"$kinora" new "$demo" --title "Launch" --fps 24 --size 1280x720 >/dev/null
add() { "$kinora" shot add "$demo" "$@" >/dev/null; }
add --label 1 --prompt "LAUNCH — a short film about leaving the ground" --duration 3 --seed 101
add --label 2 --prompt "An astronaut in a white suit looks up; the gantry lights glint on her face" \
    --image "$media/astronaut.png" --motion push-in --duration 4 --seed 202
add --label 3 --prompt "倒计时：十、九、八…… Countdown: ten, nine, eight…" --duration 3 --seed 303
add --label 4 --prompt "The rocket stands on the pad at dawn, vapour rolling off its frozen tanks" \
    --image "$media/rocket.jpg" --motion tilt-up --duration 4 --seed 404
# Shot 5 starts on the exact last frame of shot 4's chosen take: remake or re-pick 4 and 5 turns stale.
add --label 5 --prompt "Liftoff: the engines ignite and the rocket claws its way into the sky" \
    --continue --motion handheld --duration 5 --seed 505
add --label 6 --prompt "Beyond the atmosphere, a field of ten thousand galaxies" \
    --image "$media/hubble_deep_field.jpg" --motion ken-burns --duration 6 --seed 606
add --label 7 --prompt "The astronaut smiles in the cabin's warm light: the mission has begun" \
    --image "$media/astronaut.png" --motion orbit --style teal-orange --strength 0.7 --duration 4 --seed 707
add --label 8 --prompt "THE END" --duration 2 --seed 808
"$kinora" shot set "$demo" 1 transition=fade:12 >/dev/null
"$kinora" shot set "$demo" 5 transition=dissolve:12 "action=Engines ignite; the tower falls away." >/dev/null
"$kinora" shot set "$demo" 6 transition=dissolve:18 >/dev/null
"$kinora" shot set "$demo" 7 transition=fade:12 "dialogue=We're on our way." >/dev/null
"$kinora" shot list "$demo"
