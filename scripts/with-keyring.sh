#!/bin/sh
# Runs a command inside a private D-Bus session whose Secret Service is a fresh, unlocked
# gnome-keyring, so keychain tests use a real Secret Service without ever touching the user's own
# keyring: HOME and the XDG directories point into a temp dir that is removed afterwards. The
# keyring daemon exits with the session bus when the command ends.
# Usage: scripts/with-keyring.sh COMMAND [ARG...]   (exit status is the command's)
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xmpp-desk-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
mkdir -m 700 "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"

status=0
HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
XDG_RUNTIME_DIR="$tmp/runtime" \
dbus-run-session -- sh -ec '
  # A non-empty password is needed: with an empty one the default collection is never created and
  # every write fails with "no result found". The daemon prints its environment variables: keep
  # stdout for the command.
  printf "any-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"
' with-keyring "$@" || status=$?
exit "$status"
