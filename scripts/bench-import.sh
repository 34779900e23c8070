#!/bin/sh
# bench-import.sh: time `yusuan import X.pdf` as a whole process against
# `pdftotext -bbox X.pdf` (its baseline: the extraction alone) in the same
# run, on each PDF given (default: the samples). Target: ratio <= 1.5.
#
#   scripts/bench-import.sh [FILE.pdf ...]
#
# Needs hyperfine (apt-get install hyperfine) and pdftotext.
set -eu
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/yusuan
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/yusuan
[ $# -gt 0 ] || set -- testdata/disclosures/*.pdf
for f in "$@"; do
	out=$(mktemp)
	hyperfine -N --warmup 2 --min-runs 15 --export-json "$out" \
		"pdftotext -bbox -enc UTF-8 $f /dev/null" \
		"$bin import $f -o $(dirname "$bin")/doc.json" >/dev/null 2>&1
	python3 - "$f" "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"]
base, imp = r[0]["median"], r[1]["median"]
# CPU (user+sys, children included) is steadier than wall time on a
# shared machine; both are reported.
cb, ci = r[0]["user"] + r[0]["system"], r[1]["user"] + r[1]["system"]
print(f"{sys.argv[1].split('/')[-1][:48]:48s} wall {base*1000:6.1f} / {imp*1000:6.1f} ms = {imp/base:4.2f}   cpu {cb*1000:5.1f} / {ci*1000:5.1f} ms = {ci/cb:4.2f}")
PY
	rm -f "$out"
done
