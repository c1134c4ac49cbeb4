#!/bin/sh
# The body of `make demo` (tests/test_browser_demo.py runs it too): a CJK font, one report parsed to
# JSON, a corpus store (batch + reuse) and the auditor's site over it.
# Corpus: $XXGK_CORPUS, default ../shared/corpus/real when that folder exists (every real report),
# else the bundled sample folder corpus/samples. Outputs go to $OUT (default out/).
set -eu
BIN=${BIN:-.venv/bin}
OUT=${OUT:-out}
SAMPLE=corpus/samples/临县人民政府-2023.txt
CORPUS=${XXGK_CORPUS:-../shared/corpus/real}
if [ ! -d "$CORPUS" ]; then
    echo "demo: $CORPUS not found: using the bundled sample (corpus/samples); plots that need" \
         "several reports show a message instead" >&2
    CORPUS=corpus/samples
fi
sh scripts/install-fonts.sh || echo "demo: going on without a CJK font (see above)" >&2
mkdir -p "$OUT"
DB="$OUT/corpus.duckdb"
"$BIN/xxgk" parse "$SAMPLE" --output "$OUT/临县人民政府-2023.json"
"$BIN/xxgk" batch "$CORPUS" --db "$DB" --jobs 2
"$BIN/xxgk" reuse --db "$DB"
"$BIN/xxgk" audit --db "$DB" --out "$OUT/audit"
echo
echo "Demo done (corpus: $CORPUS)."
echo "  one report's JSON:   $(cd "$OUT" && pwd)/临县人民政府-2023.json"
echo "  corpus store:        $(cd "$OUT" && pwd)/corpus.duckdb"
echo "  auditor's site:      open $(cd "$OUT" && pwd)/audit/index.html"
echo "  downloads (CSV/XLSX): $(cd "$OUT" && pwd)/audit/downloads/"
