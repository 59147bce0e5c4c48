#!/usr/bin/env bash
# Installs what the build needs, then builds the book: `npm run setup` on a fresh machine.
# The PDF needs Chrome or Chromium. When none is found and this runs as root on Debian or
# Ubuntu, it installs the distribution's chromium with apt-get, and says so; elsewhere it says
# how to get one (the HTML and EPUB build without it).
set -euo pipefail
cd "$(dirname "$0")/.."

has_browser() {
  [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ -x "${PUPPETEER_EXECUTABLE_PATH}" ] && return 0
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable \
    /opt/google/chrome/chrome /snap/bin/chromium "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
    [ -x "$candidate" ] && return 0
  done
  return 1
}

if ! has_browser; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: no Chrome or Chromium found; installing Debian's chromium with apt-get for the PDF"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core fonts-liberation >/dev/null
  else
    echo "setup: no Chrome or Chromium found: the PDF will not build until you install one"
    echo "       (Debian/Ubuntu: sudo apt-get install chromium), or set PUPPETEER_EXECUTABLE_PATH to one"
  fi
fi

npm ci
npm run build
