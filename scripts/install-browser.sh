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
if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser.sh: chromium or fonts-wqy-microhei missing; as root, install the Debian" \
         "packages: apt-get install chromium fonts-wqy-microhei" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
test -x /usr/bin/chromium
echo "install-browser.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"
