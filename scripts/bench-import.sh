#!/bin/sh
# bench-import.sh: time `yusuan import X.pdf` as a whole process against
# `pdftotext -bbox X.pdf` (its baseline: the extraction alone) in the same
# run, on each PDF given (default: every sample in testdata/disclosures).
# Target (issue 8): import at most 1.5 x pdftotext.
#
#   scripts/bench-import.sh [-b BASE_COMMIT] [-r ROUNDS] [FILE.pdf ...]
#
# Each round runs every command once per file, in an order that rotates
# from round to round; the figures are medians over the rounds. Wall time
# is what a user waits; CPU time (user + system, pdftotext included for
# the import, as it is yusuan's child) is what the process costs, and is
# steadier than wall time on a shared machine. With -b, `yusuan import`
# built from BASE_COMMIT is run in the same rounds, for a before/after.
# "own" is the import's CPU less pdftotext's: what yusuan itself spends.
set -eu
cd "$(dirname "$0")/.."
base=""
rounds=11
while getopts b:r: o; do
	case $o in
	b) base=$OPTARG ;;
	r) rounds=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/yusuan" ./cmd/yusuan
if [ -n "$base" ]; then
	mkdir "$tmp/base-src"
	git archive "$base" | tar -x -C "$tmp/base-src"
	(cd "$tmp/base-src" && go build -o "$tmp/yusuan-base" ./cmd/yusuan)
fi
# (Beijing's narrative holds no table: it is read only with its tables.)
[ $# -gt 0 ] || set -- $(ls testdata/disclosures/*.pdf | grep -v -e 25-pages -e narrative)
python3 - "$tmp" "$rounds" "$base" "$@" <<'PY'
import os, resource, statistics, subprocess, sys, time
tmp, rounds, base, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
cmds = {"pdftotext": lambda f: ["pdftotext", "-bbox", "-enc", "UTF-8", f, os.devnull],
        "import": lambda f: [f"{tmp}/yusuan", "import", f, "-o", f"{tmp}/doc.json"]}
if base:
    cmds["base"] = lambda f: [f"{tmp}/yusuan-base", "import", f, "-o", f"{tmp}/doc.json"]
names = list(cmds)

def run(argv, check=True):
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0 and check:
        sys.exit(f"{' '.join(argv)}: exit status {p.returncode}")
    return wall * 1000, (a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime) * 1000, p.returncode

kept = []
for f in files:  # warm the page cache and the binaries
    if any(run(cmds[n](f), False)[2] != 0 for n in names):
        print(f"left out {f}: a command fails on it")
        continue
    kept.append(f)
files = kept
res = {f: {n: [] for n in names} for f in files}
loads = []
for r in range(rounds):
    for f in files:
        order = names[r % len(names):] + names[:r % len(names)]
        for n in order:
            res[f][n].append(run(cmds[n](f)))
    loads.append(os.getloadavg()[0])
med = statistics.median
hdr = f"{'file':40s} {'pdftotext wall/cpu':>19s} {'import wall/cpu':>16s} {'wall x':>6s} {'cpu x':>6s} {'own cpu':>8s}"
if base:
    hdr += f" {'base wall/cpu':>14s} {'wall x':>6s} {'cpu x':>6s}"
print(hdr)
ratios = {k: [] for k in ("wall", "cpu", "bwall", "bcpu")}
for f in files:
    p = res[f]["pdftotext"]
    pw, pc = med(x[0] for x in p), med(x[1] for x in p)
    i = res[f]["import"]
    iw, ic = med(x[0] for x in i), med(x[1] for x in i)
    ratios["wall"].append(iw / pw)
    ratios["cpu"].append(ic / pc)
    line = f"{os.path.basename(f)[:40]:40s} {pw:8.1f} / {pc:6.1f} {iw:7.1f} / {ic:6.1f} {iw/pw:6.2f} {ic/pc:6.2f} {ic-pc:8.1f}"
    if base:
        b = res[f]["base"]
        bw, bc = med(x[0] for x in b), med(x[1] for x in b)
        ratios["bwall"].append(bw / pw)
        ratios["bcpu"].append(bc / pc)
        line += f" {bw:6.1f} / {bc:6.1f} {bw/pw:6.2f} {bc/pc:6.2f}"
    print(line)
print(f"median over {len(files)} files, {rounds} rounds (load average {min(loads):.1f}-{max(loads):.1f}, {os.cpu_count()} CPUs):")
print(f"  import / pdftotext: wall {med(ratios['wall']):.2f} (range {min(ratios['wall']):.2f}-{max(ratios['wall']):.2f}), "
      f"cpu {med(ratios['cpu']):.2f} (range {min(ratios['cpu']):.2f}-{max(ratios['cpu']):.2f})")
if base:
    print(f"  base {base} / pdftotext: wall {med(ratios['bwall']):.2f} (range {min(ratios['bwall']):.2f}-{max(ratios['bwall']):.2f}), "
          f"cpu {med(ratios['bcpu']):.2f} (range {min(ratios['bcpu']):.2f}-{max(ratios['bcpu']):.2f})")
PY
