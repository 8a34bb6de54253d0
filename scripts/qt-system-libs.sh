#!/usr/bin/env bash
# Make sure the system libraries Qt needs are present (Debian/Ubuntu).
#   scripts/qt-system-libs.sh VENV offscreen   # for the headless test suite
#   scripts/qt-system-libs.sh VENV xcb         # for a real window on X11/XWayland
# PySide6 wheels bundle Qt itself but link to the system's GL, fonts and X libraries.
# When something is missing: install it with apt-get if we are root, else say what to run.
set -euo pipefail
venv=$1; platform=$2
qt=$("$venv/bin/python" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))')
case "$platform" in
  offscreen) libs=("$qt/plugins/platforms/libqoffscreen.so" "$qt/lib/libQt6Widgets.so.6")
             packages="libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3" ;;
  xcb)       libs=("$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6" "$qt/lib/libQt6Widgets.so.6")
             packages="libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1" ;;
  *) echo "usage: $0 VENV offscreen|xcb" >&2; exit 2 ;;
esac
[ "$(uname -s)" = Linux ] || exit 0
missing() { for lib in "${libs[@]}"; do [ -e "$lib" ] && ldd "$lib" | grep "not found"; done; }
[ -z "$(missing)" ] && exit 0
echo "Qt needs system libraries that are missing:"; missing | sort -u
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
  [ -z "$(missing)" ] && exit 0
fi
echo "Install them with: sudo apt-get install $packages" >&2
exit 1
