#!/usr/bin/env bash
# Vendors the U.S. Web Design System (USWDS 3, npm package @uswds/uswds) into
# src/seats/web/static/web/vendor/uswds/, keeping the package's dist/ layout (css/, js/, fonts/,
# img/) so the stylesheet's relative url()s resolve. Run by `make vendor`; the copied files are
# committed, so tests, CI and the server never need the network.
#
# What is copied: the minified stylesheet and scripts, every font and image the stylesheet
# references (read from its url()s), the few images the templates use (the banner's flag and
# icons, the icon sprite) and the licence. The tarball is checked against the integrity value
# recorded below before anything is copied; SHA256SUMS lists what was copied, and
# tests/web/test_vendor.py checks the committed files against it.
#
# To update: change VERSION and INTEGRITY (`npm view @uswds/uswds@<v> dist.integrity`), run
# `make vendor`, update the version in src/seats/web/static/web/vendor/README.md (and the
# SHA256SUMS checksum there, which the script prints), look at the screenshots, commit.
set -euo pipefail

VERSION="3.13.0"
INTEGRITY="sha512-8P494gmXv/0sm09ExSdj8wAMjGLnM7UMRY/XgsMIRKnWfDXG+TyuCOKIuD4lqs+gLvSmi1nTQKyd0c0/A7VWJQ=="
# Images the templates reference directly (not through the stylesheet).
TEMPLATE_IMAGES="img/us_flag_small.png img/icon-dot-gov.svg img/icon-https.svg img/lock.svg img/sprite.svg"

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/seats/web/static/web/vendor/uswds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "@uswds/uswds@$VERSION" >/dev/null
tarball="uswds-uswds-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | openssl base64 -A)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "vendor-uswds: $tarball integrity $actual does not match the recorded $INTEGRITY" >&2
  exit 1
fi
tar xzf "$tarball"
dist="$work/package/dist"

files="css/uswds.min.css js/uswds.min.js js/uswds-init.min.js $TEMPLATE_IMAGES"
# Every url(../x) in the stylesheet, as a path relative to dist/.
referenced="$(grep -o 'url([^)]*)' "$dist/css/uswds.min.css" | sed -e 's/^url(//' -e 's/)$//' \
  -e 's/^["'\'']//' -e 's/["'\'']$//' | grep '^\.\./' | sed 's#^\.\./##' | sort -u)"
files="$files $referenced"

rm -rf "$dest"
mkdir -p "$dest"
for f in $files; do
  if [ ! -f "$dist/$f" ]; then
    echo "vendor-uswds: $f is referenced but not in the package" >&2
    exit 1
  fi
  mkdir -p "$dest/$(dirname "$f")"
  cp "$dist/$f" "$dest/$f"
done
cp "$work/package/LICENSE.md" "$dest/LICENSE.md"
echo "$VERSION" > "$dest/VERSION"

cd "$dest"
find . -type f ! -name SHA256SUMS | sed 's#^\./##' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS
echo "vendor-uswds: @uswds/uswds $VERSION copied to ${dest#"$root"/} ($(wc -l < SHA256SUMS) files)"
echo "SHA256SUMS: $(sha256sum SHA256SUMS | cut -d' ' -f1)"
