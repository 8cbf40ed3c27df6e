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
cast() { "$kinora" cast add "$demo" "$@" >/dev/null; }
# The cast: prompts name them as @Ada and @Pad, so every shot that does gets the same reference picture
# on engines that take one (the built-in engine moves each shot's own picture and says so).
cast Ada --kind character --image "$media/astronaut.png" \
    --description "an astronaut in a white suit, short dark hair, calm eyes"
cast Pad --kind location --image "$media/rocket.jpg" \
    --description "a launch pad at dawn, a white rocket on it, vapour rolling off its tanks"
add --label 1 --prompt "LAUNCH — a short film about leaving the ground" --duration 3 --seed 101
add --label 2 --prompt "@Ada looks up; the gantry lights glint on her face" \
    --image "$media/astronaut.png" --motion push-in --duration 4 --seed 202 \
    --scene "INT. WHITE ROOM - DAWN" --size CU --angle low --lens 85
add --label 3 --prompt "倒计时：十、九、八…… Countdown: ten, nine, eight…" --duration 3 --seed 303
add --label 4 --prompt "The rocket stands on @Pad, its frozen tanks steaming" \
    --image "$media/rocket.jpg" --motion tilt-up --duration 4 --seed 404 \
    --scene "EXT. LAUNCH PAD - DAWN" --size LS --angle low --lens 24 --location Pad
# Shot 5 starts on the exact last frame of shot 4's chosen take: remake or re-pick 4 and 5 turns stale.
add --label 5 --prompt "Liftoff: the engines ignite and the rocket claws its way into the sky" \
    --continue --motion handheld --duration 5 --seed 505 \
    --scene "EXT. LAUNCH PAD - DAWN" --size ELS --angle eye-level --lens 35 --location Pad
add --label 6 --prompt "Beyond the atmosphere, a field of ten thousand galaxies" \
    --image "$media/hubble_deep_field.jpg" --motion ken-burns --duration 6 --seed 606
add --label 7 --prompt "@Ada smiles in the cabin's warm light: the mission has begun" \
    --image "$media/astronaut.png" --motion orbit --style teal-orange --strength 0.7 --duration 4 --seed 707 \
    --scene "INT. CABIN - CONTINUOUS" --size MCU --angle eye-level --lens 50
add --label 8 --prompt "THE END" --duration 2 --seed 808
"$kinora" shot set "$demo" 1 transition=fade:12 >/dev/null
"$kinora" shot set "$demo" 5 transition=dissolve:12 "action=Engines ignite; the tower falls away." >/dev/null
"$kinora" shot set "$demo" 6 transition=dissolve:18 >/dev/null
"$kinora" shot set "$demo" 7 transition=fade:12 "dialogue=ADA: We're on our way." \
    "notes=Hold on her smile a beat longer than feels comfortable." >/dev/null
"$kinora" shot set "$demo" 2 "dialogue=ADA: Ten minutes. Everyone breathe." status=approved >/dev/null
"$kinora" shot list "$demo"
