#!/usr/bin/env bash
# Rebuilds Projects/launch, the demo storyboard: imported from its script, Projects/launch.fountain, then
# given the public-domain photos in ../shared/media, camera moves and a crew's fields. The result is
# committed; run this only to change the demo. Seeds are fixed so takes reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
kinora=${KINORA:-.build/debug/kinora}
media=${MEDIA:-../shared/media}
demo=Projects/launch
rm -rf "$demo"
# The script makes the shots (scenes, action, dialogue, transitions, slates) and the cast (Ada, who
# speaks, and the scenes' locations).
"$kinora" new "$demo" --script Projects/launch.fountain --fps 24 --size 1280x720 >/dev/null
cast() { "$kinora" cast set "$demo" "$@" >/dev/null; }
shot() { "$kinora" shot set "$demo" "$@" >/dev/null; }
# Prompts name the astronaut as @Ada: engines that take references get her picture in every such shot
# (the built-in engine moves each shot's own picture and says so).
cast Ada --image "$media/astronaut.png" \
    "description=an astronaut in a white suit, short dark hair, calm eyes"
# Ada's scratch voice: the animatic and the film speak her lines the moment they exist.
cast Ada voice=en-gb pitch=62 rate=160
cast Launch_Pad --image "$media/rocket.jpg" \
    "description=a launch pad at dawn, a white rocket on it, vapour rolling off its tanks"
shot 1 duration=3 seed=101
shot 2 "image=$media/astronaut.png" motion=push-in duration=4 seed=202 size=CU angle=low lens=85 \
    status=approved
shot 3 duration=3 seed=303
shot 4 "image=$media/rocket.jpg" motion=tilt-up duration=4 seed=404 size=LS angle=low lens=24
# Shot 5 starts on the exact last frame of shot 4's chosen take: remake or re-pick 4 and 5 turns stale.
shot 5 continue=previous motion=handheld duration=5 seed=505 size=ELS angle=eye-level lens=35
shot 6 "image=$media/hubble_deep_field.jpg" motion=ken-burns duration=6 seed=606
shot 7 "image=$media/astronaut.png" motion=orbit style=teal-orange strength=0.7 duration=4 seed=707 \
    size=MCU angle=eye-level lens=50 "notes=Hold on her smile a beat longer than feels comfortable."
shot 8 duration=2 seed=808
"$kinora" shot set "$demo" 1 transition=fade:12 >/dev/null
# Shots whose lines run longer than the shot are lengthened to hold them.
"$kinora" voice "$demo" --fit
"$kinora" shot list "$demo"
