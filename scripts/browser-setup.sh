#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser tests (Playwright drives it; it never
# downloads a browser of its own), and poppler-utils' pdftoppm (the annual report test renders
# the PDF's first page with it). As root (as in CI) it installs the packages when missing;
# otherwise it says clearly what the browser tests will skip. Under CI=true a missing browser
# or pdftoppm is an error, never a skip.
set -uo pipefail
chromium="${SEATS_CHROMIUM:-/usr/bin/chromium}"
have_all() { [ -x "$chromium" ] && command -v pdftoppm >/dev/null 2>&1; }
if have_all; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  packages=()
  [ -x "$chromium" ] || packages+=(chromium chromium-driver)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
  echo "== Installing for the browser tests (apt-get install ${packages[*]})"
  apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if have_all; then
  exit 0
fi
missing=""
[ -x "$chromium" ] || missing="Chromium at $chromium (Debian packages chromium and chromium-driver)"
if ! command -v pdftoppm >/dev/null 2>&1; then
  missing="${missing:+$missing and }pdftoppm (Debian package poppler-utils)"
fi
if [ "${CI:-}" = "true" ]; then
  echo "Missing and could not be installed: $missing; CI=true: failing." >&2
  exit 1
fi
if [ -x "$chromium" ]; then
  echo "Missing: $missing (install it as root): the annual report PDF render check will be" \
    "SKIPPED." >&2
else
  echo "Missing: $missing (install as root): the browser tests will be SKIPPED." >&2
fi
exit 0
