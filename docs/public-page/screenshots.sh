#!/usr/bin/env bash
# Screenshots of the public document page in each status, from the pages PublicDocumentPageTest
# keeps under target/public-pages/ (the page loads nothing but itself, so the file is the page).
#
#   docs/public-page/screenshots.sh      # runs the test first when its pages are missing
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/docs/public-page"
PAGES="$ROOT/target/public-pages"
command -v chromium >/dev/null || { echo "installing chromium"; apt-get install -y -qq chromium >/dev/null; }
[ -f "$PAGES/paid-en.html" ] || (cd "$ROOT" && ./mvnw -B -ntp -q test -Dtest=PublicDocumentPageTest)

shot() { # page width height png
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$2,$3" --screenshot="$OUT/$4" "file://$PAGES/$1.html" >/dev/null 2>&1
  echo "$OUT/$4"
}
shot due-en 1280 1400 due-en.png
shot paid-en 1280 1400 paid-en.png
shot overdue-fr 1280 1400 overdue-fr.png
shot cancelled-de 1280 1400 cancelled-de.png
shot credit-note-de 1280 1400 credit-note-de.png
shot due-nl 412 1650 due-nl-phone.png
