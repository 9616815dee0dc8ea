#!/usr/bin/env bash
# Runs the Zapier app's tests against a live Passerelle (started by the tests themselves on the
# embedded H2 database, on a free loopback port): builds the jar when there is none, installs
# the app's npm dependencies from the lockfile when they are missing, then runs mocha.
set -euo pipefail
APP="$(cd "$(dirname "$0")/.." && pwd)"
REPO="$(cd "$APP/../.." && pwd)"

if ! ls "$REPO"/target/passerelle-*.jar >/dev/null 2>&1 && [ -z "${PASSERELLE_JAR:-}" ]; then
  echo "Building Passerelle (no target/passerelle-*.jar yet)"
  (cd "$REPO" && ./mvnw -B -ntp -q -DskipTests package)
fi
cd "$APP"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec npx --no-install mocha "$@"
