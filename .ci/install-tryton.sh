#!/usr/bin/env bash
# Tryton 6.0 (Debian 12's packages) for the tests that drive a real ERP over JSON-RPC
# (test/support/tryton-server.ts). Safe to run again: does nothing when trytond is already there.
set -euo pipefail
if command -v trytond >/dev/null 2>&1 && command -v trytond-admin >/dev/null 2>&1 \
  && dpkg-query -W -f='${Status}' tryton-modules-sale-supply-production 2>/dev/null | grep -q 'install ok installed'; then
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# sale-supply-production lets a production's origin be the sale line it serves (the adapter links them).
# The modules' own dependencies (company, currency, party, product, stock, ...) come along. Debian's
# python3 ships sqlite3 in libpython3-stdlib, so the SQLite backend needs nothing more.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  tryton-server \
  tryton-modules-sale tryton-modules-purchase \
  tryton-modules-production tryton-modules-production-routing tryton-modules-production-work \
  tryton-modules-stock tryton-modules-stock-lot tryton-modules-account \
  tryton-modules-sale-supply-production >/dev/null
# trytond runs on Debian's /usr/bin/python3; a pyenv or venv python earlier in PATH would not see it,
# which is why the check goes through the installed entry point rather than `python3 -c 'import trytond'`.
trytond --version 2>/dev/null || dpkg-query -W -f='${Package} ${Version}\n' tryton-server
