#!/usr/bin/env bash
# Refresh the vendored NL Design System CSS in src/werkbedrijf/static/vendor/nlds/.
#
# Needs Node's npm only when you run this script; running Werkbedrijf needs no Node.
# Packages (all EUPL-1.2, see LICENSE-NOTE.md written below):
#   - @utrecht/component-library-css: the NL Design System community component CSS (utrecht-* classes);
#   - @nl-design-system-unstable/voorbeeld-design-tokens: the community "Voorbeeld" theme that fills in
#     the utrecht-* CSS variables.
# @utrecht/design-tokens is deliberately NOT vendored: its LICENSE.md says its files are proprietary
# assets of Gemeente Utrecht ("All rights reserved"), which an EUPL product cannot ship.
#
# Usage: bin/vendor_nlds.sh            (versions below)
#        COMPONENTS_VERSION=9.0.4 THEME_VERSION=7.4.1 bin/vendor_nlds.sh
set -euo pipefail

COMPONENTS_PACKAGE="@utrecht/component-library-css"
COMPONENTS_VERSION="${COMPONENTS_VERSION:-9.0.4}"
THEME_PACKAGE="@nl-design-system-unstable/voorbeeld-design-tokens"
THEME_VERSION="${THEME_VERSION:-7.4.1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/src/werkbedrijf/static/vendor/nlds"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

unpack() {  # $1 package spec, $2 directory name under $WORK
    mkdir -p "$WORK/$2"
    (cd "$WORK" && npm pack --silent "$1" >"$2.name")
    tar -xzf "$WORK/$(tail -n 1 "$WORK/$2.name")" -C "$WORK/$2"
    if ! grep -q "EUROPEAN UNION PUBLIC LICENCE v. 1.2" "$WORK/$2/package/LICENSE.md"; then
        echo "error: $1 is not licensed EUPL-1.2 any more; check its LICENSE.md before vendoring" >&2
        exit 1
    fi
}

unpack "$COMPONENTS_PACKAGE@$COMPONENTS_VERSION" components
unpack "$THEME_PACKAGE@$THEME_VERSION" theme

mkdir -p "$TARGET"
cp "$WORK/components/package/dist/index.css" "$TARGET/component-library.css"
cp "$WORK/theme/package/dist/theme.css" "$TARGET/theme.css"
cp "$WORK/components/package/LICENSE.md" "$TARGET/LICENSE-EUPL-1.2.md"

cat >"$TARGET/LICENSE-NOTE.md" <<NOTE
# Vendored NL Design System CSS

Refreshed by \`bin/vendor_nlds.sh\` on $(date -u +%Y-%m-%d). Do not edit these files by hand.

| file | npm package | version | licence | copyright |
|---|---|---|---|---|
| component-library.css (\`dist/index.css\`) | $COMPONENTS_PACKAGE | $COMPONENTS_VERSION | EUPL-1.2 | Gemeente Utrecht, Frameless and the NL Design System community |
| theme.css (\`dist/theme.css\`) | $THEME_PACKAGE | $THEME_VERSION | EUPL-1.2 | NL Design System community |

Source: https://github.com/nl-design-system/utrecht (packages/component-library-css) and
https://github.com/nl-design-system/themes (packages/voorbeeld-design-tokens).
The licence text is in LICENSE-EUPL-1.2.md.

@utrecht/design-tokens (Gemeente Utrecht's own theme) is not included: its licence reserves all rights
to Gemeente Utrecht. Our own additions and overrides live in static/css/werkbedrijf.css.
NOTE

echo "Vendored $COMPONENTS_PACKAGE@$COMPONENTS_VERSION and $THEME_PACKAGE@$THEME_VERSION into $TARGET"
