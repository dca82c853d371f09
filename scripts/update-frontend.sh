#!/usr/bin/env bash
# Refreshes the dashboard's front-end assets from npm (versions pinned in src/OpenCsp.Server/package-lock.json).
# The copies under wwwroot/lib are committed, so running the product never needs Node.js.
set -euo pipefail
cd "$(dirname "$0")/../src/OpenCsp.Server"
npm ci --no-audit --no-fund
mkdir -p wwwroot/lib/pico
cp node_modules/@picocss/pico/css/pico.min.css node_modules/@picocss/pico/LICENSE.md wwwroot/lib/pico/
mkdir -p wwwroot/lib/chartjs
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md wwwroot/lib/chartjs/
echo "wwwroot/lib updated"
