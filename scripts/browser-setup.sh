#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser tests (Playwright drives it; it never
# downloads a browser of its own). As root (as in CI) it installs the packages when missing;
# otherwise it says clearly that the browser tests will be skipped. Under CI=true a missing
# browser is an error, never a skip.
set -uo pipefail
chromium="${SEATS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Installing Chromium for the browser tests (apt-get install chromium chromium-driver)"
  apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "Chromium is missing at $chromium and could not be installed; CI=true: failing." >&2
  exit 1
fi
echo "Chromium is missing at $chromium (install the Debian packages chromium and" \
  "chromium-driver as root): the browser tests will be SKIPPED." >&2
exit 0
