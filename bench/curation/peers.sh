#!/usr/bin/env bash
# Side-by-side runs of the Debian peers on the bench's files (apt-get install -y facedetect findimagedupes).
# Usage: bash bench/curation/peers.sh <dupes-dir> <files-dir>   (dirs written by the bench's `dupes` and `make-files`)
set -euo pipefail
dupes="${1:-/tmp/forge-bench-dupes}"
files="${2:-/tmp/forge-bench-files}"

echo "[findimagedupes] default threshold (90%) on $dupes"
findimagedupes -q "$dupes"/originals/*.jpg "$dupes"/copies/*.jpg > /tmp/forge-bench-fid.txt || true
python3 - "$dupes" <<'PY'
import sys, os, itertools
d = sys.argv[1]
groups = [set(os.path.basename(p) for p in line.split()) for line in open('/tmp/forge-bench-fid.txt') if line.strip()]
def together(a, b): return any(a in g and b in g for g in groups)
origs = sorted(os.listdir(os.path.join(d, 'originals')))
kinds = {}
found = 0; total = 0
for o in origs:
    base = o[:-4]
    for k in ('recompressed', 'resized', 'cropped'):
        c = f'{base}-{k}.jpg'; total += 1
        hit = together(o, c); found += hit
        kinds.setdefault(k, [0, 0]); kinds[k][0] += hit; kinds[k][1] += 1
false = sum(together(a, b) for a, b in itertools.combinations(origs, 2))
print(f"findimagedupes: recall {found}/{total} = {found/total:.3f} ({', '.join(f'{k} {v[0]}/{v[1]}' for k, v in kinds.items())}); false pairs among {len(origs)*(len(origs)-1)//2} distinct originals: {false}")
PY

for set in photos-1920 portraits-400; do
  n=$(ls "$files/$set"/*.jpg | wc -l)
  start=$(date +%s.%N)
  ls "$files/$set"/*.jpg | xargs -P 2 -n 1 facedetect > /dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; n=$n; t=$end-$start; print(f'[facedetect] $set: {n} files, 2 parallel processes: {t:.2f} s, {n/t:.1f} photos/s')"
done
