#!/bin/sh
# bench-check.sh: `yusuan check DIR` of imported Document JSON as a whole
# process, against the same command built from a baseline commit, in the
# same run (alternating, several rounds). It reports documents per second
# of CPU time (user + system) with one worker (-j 1): documents/s per core,
# which the other jobs on a shared machine do not change the way they
# change wall time. Target (issue 8): at least 400 documents/s per core.
#
#   scripts/bench-check.sh [BASE_COMMIT] [N_FILES] [ROUNDS]
#
# The folder: every testdata/disclosures/* sample imported with the current
# code (Beijing's two files as one document) and the compiled example,
# copied round-robin into N_FILES (default 1000) files (a document the
# baseline cannot read is left out, and named). With ONLY_EXAMPLE=1,
# the compiled example alone (a correct document, as BenchmarkCheckFolder).
set -eu
cd "$(dirname "$0")/.."
base=${1:-dee27cf}
n=${2:-1000}
rounds=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/yusuan-new" ./cmd/yusuan
mkdir "$tmp/base-src"
git archive "$base" | tar -x -C "$tmp/base-src"
(cd "$tmp/base-src" && go build -o "$tmp/yusuan-base" ./cmd/yusuan)
mkdir "$tmp/src" "$tmp/dir"
"$tmp/yusuan-new" build examples/zhengzhou-2021-gov-office/budget.yaml --format json -o "$tmp/ex" >/dev/null
cp "$tmp/ex/budget.json" "$tmp/src/example.json"
[ "${ONLY_EXAMPLE:-}" = 1 ] || for f in testdata/disclosures/*.pdf testdata/disclosures/*.txt; do
	case "$f" in *beijing*narrative*) continue ;; esac
	extra=""
	case "$f" in *beijing*tables*) extra=testdata/disclosures/beijing-2026-sifaju-department-budget-narrative.pdf ;; esac
	"$tmp/yusuan-new" import "$f" $extra -o "$tmp/src/$(basename "${f%.*}").json" >/dev/null 2>&1 || true
done
python3 - "$tmp" "$n" "$rounds" <<'PY'
import os, resource, shutil, subprocess, sys, time, statistics
tmp, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
srcs = []
for s in sorted(os.listdir(f"{tmp}/src")):
    # keep the documents the baseline can read (Document JSON may have
    # gained fields since the baseline commit)
    if subprocess.run([f"{tmp}/yusuan-base", "check", f"{tmp}/src/{s}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 2:
        print(f"left out {s}: the baseline cannot read it")
        continue
    srcs.append(s)
for i in range(n):
    shutil.copy(f"{tmp}/src/{srcs[i % len(srcs)]}", f"{tmp}/dir/doc-{i:04d}.json")
print(f"{n} files from {len(srcs)} documents ({', '.join(s[:-5] for s in srcs)})")
res = {"base": [], "new": []}
for r in range(rounds):
    for v in ("base", "new") if r % 2 == 0 else ("new", "base"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run([f"{tmp}/yusuan-{v}", "check", "-j", "1", "--format", "json", f"{tmp}/dir"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if p.returncode not in (0, 1):
            sys.exit(f"yusuan-{v} check: exit status {p.returncode}")
        res[v].append((n / cpu, n / wall))
        print(f"round {r+1} {v:4s}: {n/cpu:6.0f} documents per CPU second, {n/wall:6.0f} per wall second (load {os.getloadavg()[0]:.1f})")
for v in ("base", "new"):
    c = [x[0] for x in res[v]]
    print(f"{v:4s}: median {statistics.median(c):.0f} documents/s per core (range {min(c):.0f}-{max(c):.0f})")
print(f"speed-up: {statistics.median(x[0] for x in res['new']) / statistics.median(x[0] for x in res['base']):.2f}x")
PY
