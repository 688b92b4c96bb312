#!/usr/bin/env bash
# Debian's Chromium for the portal's browser tests (playwright-core drives it; no browser download),
# and a CJK font so the Chinese pages render as text in screenshots.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >/dev/null
chromium --version
