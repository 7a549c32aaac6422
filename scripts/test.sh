#!/usr/bin/env bash
# Padu's whole test suite on a fresh Debian machine: installs what the tests need (PostgreSQL,
# Chromium and ChromeDriver, axe-core, openssl, Python's aiosmtpd as the SMTP sink and prometheus_client as the
# /metrics parser, schemathesis for the API contract test, ckanapi and rdflib for open data), starts PostgreSQL, then runs format, lint and every test
# against both storage engines and in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
command -v npm >/dev/null || need+=(npm)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || need+=(python3-prometheus-client)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The contract test's fuzzer (crates/padu/tests/contract.rs), pinned, in a virtualenv of its own.
schemathesis_version=4.32.5
contract_venv=target/contract-venv
if ! "$contract_venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$schemathesis_version"; then
  echo "installing schemathesis $schemathesis_version into $contract_venv"
  rm -rf "$contract_venv"
  python3 -m venv "$contract_venv"
  "$contract_venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

# The real clients of the open data standards (crates/padu/tests/open_data.rs), pinned, in a
# virtualenv apart from the fuzzer's: ckanapi reads the CKAN Action API, rdflib parses DCAT.
ckanapi_version=4.11
rdflib_version=7.6.0
clients_venv=target/clients-venv
if ! "$clients_venv/bin/pip" show ckanapi 2>/dev/null | grep -qx "Version: $ckanapi_version" \
  || ! "$clients_venv/bin/pip" show rdflib 2>/dev/null | grep -qx "Version: $rdflib_version"; then
  echo "installing ckanapi $ckanapi_version and rdflib $rdflib_version into $clients_venv"
  rm -rf "$clients_venv"
  python3 -m venv "$clients_venv"
  "$clients_venv/bin/pip" install -q --disable-pip-version-check \
    "ckanapi==$ckanapi_version" "rdflib==$rdflib_version"
fi

# axe-core, the accessibility checker the browser tests inject into every page they walk
# (crates/padu/tests/ui_walk.rs), pinned, from the npm registry.
axe_version=4.11.0
axe_dir=target/axe
if ! grep -qF "\"version\": \"$axe_version\"" "$axe_dir/node_modules/axe-core/package.json" 2>/dev/null; then
  echo "installing axe-core $axe_version into $axe_dir"
  rm -rf "$axe_dir"
  npm install --prefix "$axe_dir" --no-audit --no-fund --silent "axe-core@$axe_version"
fi
export PADU_AXE_JS="$PWD/$axe_dir/node_modules/axe-core/axe.min.js"

PADU_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)
export PADU_TEST_POSTGRES_URL PADU_REQUIRE_POSTGRES=1 PADU_REQUIRE_BROWSER=1 PADU_REQUIRE_SMTP_SINK=1 PADU_REQUIRE_PROMETHEUS_PARSER=1
export PADU_REQUIRE_CONTRACT=1 PADU_REQUIRE_CLIENTS=1

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# A hung test must fail the run with a message, not eat CI's whole budget.
timeout --kill-after=30s 45m cargo test --workspace --locked
