# Sourced by scripts/deny.sh and scripts/fuzz.sh.
# install_cargo_tool NAME VERSION TOOLS_DIR: puts cargo-NAME at VERSION in TOOLS_DIR/bin, from
# its prebuilt PyPI wheel (seconds) or, failing that, `cargo install` (minutes). Does nothing
# when that version is already there.
install_cargo_tool() {
  local name="$1" version="$2" tools="$3"
  if [ "$("$tools/bin/$name" --version 2>/dev/null)" = "$name $version" ]; then
    return
  fi
  echo "== installing $name $version into target/tools/bin"
  mkdir -p "$tools/bin"
  local wheels
  wheels="$(mktemp -d)"
  if python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$wheels" \
    "astral-dev-toolchain-$name==$version" &&
    python3 - "$wheels" "$tools/bin" "$name" <<'PY'
import glob, os, sys, zipfile
wheels, bin_dir, name = sys.argv[1:]
for wheel in glob.glob(os.path.join(wheels, "*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".data/scripts/" + name):
                target = os.path.join(bin_dir, name)
                with open(target, "wb") as out:
                    out.write(archive.read(member))
                os.chmod(target, 0o755)
                sys.exit(0)
sys.exit(1)
PY
  then
    echo "installed from the prebuilt wheel"
  else
    echo "no prebuilt $name for this machine: building it with cargo install"
    cargo install --locked --quiet "$name" --version "$version" --root "$tools"
  fi
  rm -rf "$wheels"
}
