#!/bin/sh
# Install a font with Chinese glyphs (Debian's fonts-wqy-microhei), so the audit site's plots and
# notebook plots show Chinese text instead of boxes. Used by `make demo` and scripts/install-browser.sh.
# Idempotent: does nothing when a CJK font nlp.view.plotting knows is already there. Without root it
# installs nothing, says what to run, and exits 1 (callers decide whether to go on).
set -eu
for f in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
         /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ${XXGK_CJK_FONT:+"$XXGK_CJK_FONT"}; do
    if [ -f "$f" ]; then
        echo "install-fonts.sh: CJK font present: $f"
        exit 0
    fi
done
if [ "$(id -u)" -ne 0 ]; then
    echo "install-fonts.sh: no CJK font found and not root, so none installed: Chinese text in plots" \
         "will show as boxes. As root run: apt-get install fonts-wqy-microhei" \
         "(or point XXGK_CJK_FONT at a .ttf/.otf/.ttc file with Chinese glyphs)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null
test -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
echo "install-fonts.sh: installed fonts-wqy-microhei"
