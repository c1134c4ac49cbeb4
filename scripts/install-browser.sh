#!/bin/sh
# Install headless Chromium (and a small CJK font, so screenshots and plots show Chinese text)
# from Debian's packages, for tests/test_browser.py and the audit site's plots.
# Idempotent: does nothing when /usr/bin/chromium and the font are already there. Browsers are
# never fetched any other way (no `playwright install`).
set -eu
FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ -x /usr/bin/chromium ] && [ -f "$FONT" ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser.sh: chromium or fonts-wqy-microhei missing and not root (no sudo);" \
             "install the Debian packages 'chromium fonts-wqy-microhei'" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
test -x /usr/bin/chromium
echo "install-browser.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
