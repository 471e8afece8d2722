# Installs Debian's chromium for the insight package's browser test and
# exports its path as CRMKIT_CHROMIUM. Sourced by .ci/run; safe to source
# again (it installs only when chromium is missing).
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3 4 5; do
    if apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; then
      break
    fi
    echo "chromium: apt-get failed (attempt $attempt), retrying" >&2
    sleep 10
  done
fi
CRMKIT_CHROMIUM="$(command -v chromium)" || { echo "chromium: not installed" >&2; return 1 2>/dev/null || exit 1; }
export CRMKIT_CHROMIUM
echo "chromium: $("$CRMKIT_CHROMIUM" --version 2>/dev/null | head -1) at $CRMKIT_CHROMIUM"
