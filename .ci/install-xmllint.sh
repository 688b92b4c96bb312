#!/usr/bin/env bash
# xmllint (Debian's libxml2-utils) for the tests that validate B2MML exports and fixtures against the
# official XSDs in ../shared/b2mml. Safe to run again: does nothing when xmllint is already there.
set -euo pipefail
if command -v xmllint >/dev/null 2>&1; then exit 0; fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null
xmllint --version 2>&1 | head -n 1
