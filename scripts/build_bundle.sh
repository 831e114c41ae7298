#!/usr/bin/env bash
# Build the IT bundle dist/onboard/ (PyInstaller, one folder) and check it with its self-test.
#
#   scripts/build_bundle.sh [--fresh]        (or: make bundle)
#
# 1. A separate build venv .bundle-venv (the dev .venv stays untouched). llama-cpp-python is
#    compiled there first from source with CMAKE_ARGS="-DGGML_NATIVE=OFF" and --no-cache-dir, so
#    neither a -march=native build nor a cached native wheel ends up in the bundle (a native
#    build can crash on other CPUs). This compile takes ~5 min on 2 cores and is done once per
#    venv; --fresh recreates the venv.
# 2. pip install . (the project) and PyInstaller, then pyinstaller pyinstaller.spec.
# 3. dist/onboard/models/ is created empty (with LIESMICH.md): no model is shipped.
# 4. Self-test `dist/onboard/onboard --selftest` with a temporary ONBOARD_HOME, first with the
#    empty models folder (extractive answer), then - if the repository has the verified default
#    model in models/ - with a symlink to it in dist/onboard/models/ (answer by the model; the
#    self-test checks the model's sha256). The symlink and its checksum file are removed again.
# 5. GUI start test: onboard-gui must still be running after 20 s (offscreen).
# Prints build time, bundle size and both self-test JSON lines; exits non-zero on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO="$(pwd)"
PYTHON="${PYTHON:-python3}"
VENV=.bundle-venv
LLAMA_VERSION=0.3.36
PYINSTALLER_VERSION=6.22.3
DEFAULT_MODEL=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
BUNDLE=dist/onboard
LLAMA_STAMP="$VENV/.llama-portable-$LLAMA_VERSION"

say() { printf '\n== %s\n' "$*" >&2; }
fail() { printf 'FEHLER: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--fresh" ]]; then
    rm -rf "$VENV"
fi

started=$(date +%s)

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "Onboard braucht Python 3.11 oder neuer ($PYTHON)."
"$PYTHON" -c 'import sysconfig, sys; sys.exit(not sysconfig.get_config_var("Py_ENABLE_SHARED"))' \
    || fail "PyInstaller braucht ein Python mit libpython (--enable-shared): $PYTHON"

if [[ ! -x "$VENV/bin/python" ]]; then
    say "Build-Umgebung $VENV anlegen"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi

if [[ ! -f "$LLAMA_STAMP" ]]; then
    say "llama-cpp-python $LLAMA_VERSION portabel übersetzen (GGML_NATIVE=OFF, einige Minuten)"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" "$VENV/bin/python" -m pip install --no-cache-dir \
        --no-binary llama-cpp-python --force-reinstall "llama-cpp-python==$LLAMA_VERSION"
    touch "$LLAMA_STAMP"
fi

say "Onboard und PyInstaller installieren"
"$VENV/bin/python" -m pip install --quiet --no-cache-dir . "pyinstaller==$PYINSTALLER_VERSION"
"$VENV/bin/python" - <<'EOF'
import llama_cpp

info = llama_cpp.llama_print_system_info().decode()
print("llama.cpp:", info)
if "AVX512 = 1" in info:
    raise SystemExit("FEHLER: llama.cpp wurde für diese CPU (AVX-512) übersetzt, nicht portabel.")
EOF

say "PyInstaller"
pyinstaller_started=$(date +%s)
rm -rf "$BUNDLE"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN pyinstaller.spec
[[ -x "$BUNDLE/onboard" && -x "$BUNDLE/onboard-gui" ]] || fail "Programme fehlen in $BUNDLE"
mkdir -p "$BUNDLE/models"
cp models/LIESMICH.md "$BUNDLE/models/"
build_s=$(( $(date +%s) - started ))
pyinstaller_s=$(( $(date +%s) - pyinstaller_started ))

# One self-test run; $1 = expected answer mode. Prints the JSON line on stdout.
selftest() {
    local home line
    home="$(mktemp -d)"
    line="$(ONBOARD_HOME="$home" "$BUNDLE/onboard" --selftest)" || {
        rm -rf "$home"; echo "$line" >&2; fail "Selbsttest fehlgeschlagen"; }
    rm -rf "$home"
    printf '%s\n' "$line" | "$VENV/bin/python" -c '
import json, sys
report = json.loads(sys.stdin.read())
if not report["ok"] or report["answer_mode"] != sys.argv[1] or not report["frozen"]:
    sys.exit(f"FEHLER: unerwartetes Ergebnis (erwartet: {sys.argv[1]})")
if not report["embedder"] or not report["companion"]:
    sys.exit("FEHLER: Ein Einbettungsmodell lädt im Paket nicht (Vektorsuche unvollständig).")
if report["vectors"] != 2 * report["chunks"]:
    sys.exit("FEHLER: Nicht jeder Abschnitt hat die Vektoren beider Einbettungsmodelle.")
' "$1" || { echo "$line" >&2; fail "Selbsttest ergab nicht das Erwartete"; }
    echo "$line"
}

say "Selbsttest ohne Sprachmodell (leerer Ordner models/)"
selftest_empty="$(selftest extractive)"

selftest_model="(kein Standardmodell in models/ des Repositorys – übersprungen)"
if [[ -f "models/$DEFAULT_MODEL" ]]; then
    say "Selbsttest mit dem Standardmodell (Verknüpfung in $BUNDLE/models/)"
    link="$BUNDLE/models/$DEFAULT_MODEL"
    trap 'rm -f "$link" "$link.verified.json"' EXIT
    ln -s "$REPO/models/$DEFAULT_MODEL" "$link"
    selftest_model="$(selftest model)"
    rm -f "$link" "$link.verified.json"
fi

say "GUI-Starttest (offscreen, 20 s)"
gui_home="$(mktemp -d)"
set +e
QT_QPA_PLATFORM=offscreen ONBOARD_HOME="$gui_home" timeout 20 "$BUNDLE/onboard-gui" \
    >"$gui_home.log" 2>&1
gui_rc=$?
set -e
rm -rf "$gui_home"
if [[ $gui_rc -ne 124 ]]; then
    cat "$gui_home.log" >&2
    rm -f "$gui_home.log"
    fail "onboard-gui hat sich beim Start beendet (Exit-Code $gui_rc)"
fi
rm -f "$gui_home.log"

echo
echo "Bauzeit: ${build_s} s, davon PyInstaller ${pyinstaller_s} s (mit Tests $(( $(date +%s) - started )) s)"
echo "Größe: $(du -sh "$BUNDLE" | cut -f1)  ($BUNDLE)"
echo "Selbsttest ohne Modell: $selftest_empty"
echo "Selbsttest mit Modell:  $selftest_model"
