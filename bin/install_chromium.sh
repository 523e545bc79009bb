#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright browser tests, once. Playwright's own browser
# download cannot reach its servers from these machines, so we never run `playwright install`.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
  echo "Chromium ontbreekt en kan niet worden geïnstalleerd (geen root): browsertests worden overgeslagen." >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" = "0" ] || SUDO=sudo
echo "Installing Debian chromium for the browser tests (about 40 s)…"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
