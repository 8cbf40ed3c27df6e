#!/usr/bin/env bash
# Installs what Kinora needs on a Debian or Ubuntu machine, and nothing that is already there.
# Safe to run again: when everything is present it only checks and exits.
set -euo pipefail

packages=(
  ffmpeg            # decoding sources, encoding takes (KinoraMedia)
  libpng-dev libjpeg-dev   # shrinking pictures too large for ffmpeg while decoding (CImageDecode)
  libncurses-dev    # the studio (ncursesw)
  libchafa-dev      # terminal pictures
  zlib1g-dev        # kitty pictures are sent zlib-compressed
  libglib2.0-dev    # chafa's pkg-config needs glib's
  chafa pkg-config
  tmux              # end-to-end tests drive the real binary in tmux
  libsixel-bin      # tests decode sixel output with sixel2png
  fonts-dejavu-core fonts-noto-cjk   # slates, including Chinese prompts
  libcairo2-dev libpango1.0-dev      # the PDF storyboard (cairo draws, pango sets the text)
  poppler-utils     # tests read the PDF back with pdfinfo, pdftotext and pdfimages
  melt              # tests render exported MLT timelines
  espeak-ng libespeak-ng-dev   # scratch voices (loaded at run time: without it, everything else works)
  libasound2-dev    # the animatic's sound through ALSA (PulseAudio and PipeWire through their ALSA plug-ins)
  libebur128-dev    # EBU R128 loudness, to normalise the film's sound
  openssl           # tests make a certificate authority for remote engines over TLS
  python3-venv      # tests read exported OTIO, EDL and FCP XML timelines with OpenTimelineIO (below)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# OpenTimelineIO with its CMX3600 EDL and Final Cut Pro 7 XML readers in a virtualenv of the repository's
# own, for the tests that read exported timelines back; pip runs only when they are not importable yet.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.build/python"
system_python=/usr/bin/python3
[ -x "$system_python" ] || system_python="$(command -v python3)"
if [ ! -x "$venv/bin/python3" ]; then
  echo "setup: creating a Python virtualenv at $venv"
  mkdir -p "$root/.build"
  "$system_python" -m venv "$venv"
fi
if ! "$venv/bin/python3" -c 'import opentimelineio, otio_cmx3600_adapter, otio_fcp_adapter' 2>/dev/null; then
  echo "setup: installing opentimelineio and its EDL and FCP XML adapters into $venv"
  "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check \
    'opentimelineio>=0.17,<0.19' 'otio-cmx3600-adapter>=1.0,<2' 'otio-fcp-adapter>=1.0,<2'
fi

if ! command -v swift >/dev/null; then
  echo "setup: Swift 6 is not on PATH. Install the Swift toolchain for Linux (swift.org) and add its" >&2
  echo "       usr/bin to PATH, or set SWIFT_BIN to the folder holding swift." >&2
  exit 1
fi
