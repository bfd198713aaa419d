#!/usr/bin/env bash
# Packs the Node bench for a Linux x86-64 machine with a GPU but no Node or npm (the lent
# GPU of docs/testing.md): Node itself, the bench bundle, and the `webgpu` package's Dawn, the
# two binaries xz-compressed (about 30 MB in all, inside the 64 MiB a device call carries).
#
#   scripts/node-bench/pack.sh [folder]      (default .gpu-bench, which git ignores)
#   there: bash .gpu-bench/run.sh --models gpt2-124m,gpt2-355m --json out.json
#
# run.sh unpacks once and passes its arguments to the bench (scripts/node-bench/main.ts).
set -euo pipefail
out=${1:-.gpu-bench}
dawn=node_modules/webgpu/dist/linux-x64/dawn.node

npx vite build --mode node-bench
rm -rf "$out"
mkdir -p "$out/$(dirname "$dawn")"
cp dist-node/node-bench.mjs "$out/"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$out/node_modules/webgpu/"
xz -T0 -c "$dawn" >"$out/$dawn.xz"
xz -T0 -c "$(command -v node)" >"$out/node.xz"

cat >"$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks Node and Dawn on first use (xz, or Python's lzma where xz is missing), then runs
# the Node bench with the arguments given.
set -euo pipefail
cd "$(dirname "$0")"
unxz_to() {
  xz -dc "$1" >"$2" 2>/dev/null ||
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
}
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -x node ] || { unxz_to node.xz node && chmod +x node; }
[ -f "$dawn" ] || unxz_to "$dawn.xz" "$dawn"
exec ./node node-bench.mjs "$@"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
