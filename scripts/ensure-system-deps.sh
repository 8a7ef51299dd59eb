#!/usr/bin/env bash
# System packages the test suite needs from Debian:
#   - chromium: the browser tests drive /usr/bin/chromium with Playwright;
#   - pango/harfbuzz: WeasyPrint renders the PDFs (lägesbild snapshots, quarterly decisions);
#   - poppler-utils: the tests read the PDFs back with pdftotext (what a reader sees).
# Install what is missing when we are root (CI, fresh machines); otherwise explain.
# `make run` does not need them: WeasyPrint is imported only inside the PDF views.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  if ! dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$lib")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages for the tests: ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
exit 1
