#!/usr/bin/env bash
# Re-extract every translatable string of Pacer into the catalogues and compile them.
#
# Chinese is the source language: the zh_Hans catalogue stays with empty translations and the
# English one (src/pacer/locale/en/LC_MESSAGES/django.po) must have every msgstr filled in.
# New or changed strings show up untranslated (or fuzzy) in the English catalogue; translate
# them, run this script again, and tests/web/test_i18n.py turns green.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${PACER_VENV_BIN:-$root/.venv/bin}"
cd "$root/src/pacer"
mkdir -p locale

"$bin/django-admin" makemessages -l en -l zh_Hans \
    --settings=pacer.settings --pythonpath=.. \
    -i "*/migrations/*" -i "*/node_modules/*" \
    --add-location=file --no-obsolete
"$bin/django-admin" compilemessages --settings=pacer.settings --pythonpath=.. \
    --ignore "*/node_modules/*"

echo "English catalogue:"
msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
