#!/usr/bin/env bash
# Draws the main pages (public and the Dinas's) at 1400 px and 375 px into docs/screens/, in
# headless Chromium over the demo region (crates/padu/tests/ui_walk.rs,
# screenshots_of_the_main_pages). Needs chromium and chromium-driver, as scripts/test.sh
# installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PADU_SCREENS_DIR="$PWD/docs/screens"
cargo test --locked -p padu --test ui_walk -- --ignored --exact screenshots_of_the_main_pages --nocapture
