#!/usr/bin/env bash
# Padu's whole test suite on a fresh Debian machine: installs what the tests need (PostgreSQL,
# Chromium and ChromeDriver, openssl, Python's aiosmtpd as the SMTP sink and prometheus_client as the /metrics parser), starts PostgreSQL, then runs format, lint and every test
# against both storage engines and in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || need+=(python3-prometheus-client)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

PADU_TEST_POSTGRES_URL=$(scripts/start-postgres.sh)
export PADU_TEST_POSTGRES_URL PADU_REQUIRE_POSTGRES=1 PADU_REQUIRE_BROWSER=1 PADU_REQUIRE_SMTP_SINK=1 PADU_REQUIRE_PROMETHEUS_PARSER=1

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# A hung test must fail the run with a message, not eat CI's whole budget.
timeout --kill-after=30s 45m cargo test --workspace --locked
