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

if ! command -v swift >/dev/null; then
  echo "setup: Swift 6 is not on PATH. Install the Swift toolchain for Linux (swift.org) and add its" >&2
  echo "       usr/bin to PATH, or set SWIFT_BIN to the folder holding swift." >&2
  exit 1
fi
