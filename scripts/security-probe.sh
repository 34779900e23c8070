#!/usr/bin/env bash
# security-probe.sh: runs a real `yusuan serve` on a fresh SQLite database
# and probes it with curl as an attacker would (docs/security-review.md):
# other organizations' and regions' accounts, administrators, CSRF, open
# redirects, logout, disabled accounts, headers, zip bombs, sizes.
# Prints one line per probe and exits 1 when any answer is not the
# expected one. Usage: scripts/security-probe.sh [PORT]   (needs go, curl,
# python3)
set -euo pipefail
PORT=${1:-18471}
B=http://127.0.0.1:$PORT
T=$(mktemp -d)
X=$T/yusuan
go build -o "$X" ./cmd/yusuan
DB=$T/r.db
cd "$T"
"$X" db migrate --db "$DB" >/dev/null
"$X" org add 003 --name 郑州市人民政府办公厅 --region 410100 --region-name 郑州市 --db "$DB" >/dev/null
"$X" org add 004 --name 郑州市财政局 --region 410100 --db "$DB" >/dev/null
"$X" org add 900 --name 武汉市某局 --region 420100 --region-name 武汉市 --db "$DB" >/dev/null
PW=a-Long-passw0rd
declare -A TOK
for u in "zhang preparer --organization 003" "wang approver --organization 003" "li finance --region 410100" \
	"zhao preparer --organization 004" "qian approver --organization 004" "sun finance --region 420100" "root admin"; do
	set -- $u
	echo "$PW" | "$X" user add "$1" --role "$2" ${3:+$3} ${4:+$4} --password-stdin --db "$DB" >/dev/null
	TOK[$1]=$("$X" token create "$1" --db "$DB" 2>/dev/null | grep -o 'yusuan_[A-Za-z0-9_-]*')
done
"$X" template --from "$OLDPWD/examples/zhengzhou-2021-gov-office/budget.yaml" -o filled.xlsx >/dev/null 2>&1
"$X" serve --db "$DB" --addr 127.0.0.1:$PORT >serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do curl -sf $B/healthz >/dev/null && break; sleep 0.2; done

bad=0
expect() { # expect WHAT WANT GOT
	if [ "$2" = "$3" ]; then echo "ok    $1: $3"; else echo "WRONG $1: got $3, want $2"; bad=1; fi
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
as() { local u=$1; shift; code -H "Authorization: Bearer ${TOK[$u]}" "$@"; }
csrf() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
signin() { # signin JAR NAME [NEXT]: prints the Location
	local tok
	tok=$(curl -s -c "$1" -b "$1" $B/desk/login | csrf)
	curl -s -D - -o /dev/null -b "$1" -c "$1" --data-urlencode "csrf_token=$tok" --data-urlencode "next=${3:-/desk/}" \
		-d "name=$2&password=$PW" $B/desk/login | tr -d '\r' | sed -n 's/^Location: //p'
}

expect "preparer uploads" 201 "$(as zhang -F file=@filled.xlsx $B/api/v1/drafts)"
for u in zhao qian sun; do
	expect "$u (other organization/region) reads draft 1" 404 "$(as $u $B/api/v1/drafts/1)"
	expect "$u reads draft 1's file" 404 "$(as $u $B/api/v1/drafts/1/file)"
	expect "$u comments on draft 1" 404 "$(as $u -X POST -d '{"text":"x"}' $B/api/v1/drafts/1/comments)"
done
expect "admin submits" 403 "$(as root -X POST $B/api/v1/drafts/1/submit)"
expect "preparer submits" 200 "$(as zhang -X POST $B/api/v1/drafts/1/submit)"
expect "preparer approves own draft" 403 "$(as zhang -X POST $B/api/v1/drafts/1/approve)"
expect "approver of 004 approves 003's draft" 404 "$(as qian -X POST $B/api/v1/drafts/1/approve)"
expect "admin approves" 403 "$(as root -X POST $B/api/v1/drafts/1/approve)"
expect "approver approves" 200 "$(as wang -X POST $B/api/v1/drafts/1/approve)"
expect "finance of 420100 approves 410100's draft" 404 "$(as sun -X POST $B/api/v1/drafts/1/approve)"
expect "finance approves" 200 "$(as li -X POST $B/api/v1/drafts/1/approve)"
expect "admin publishes" 403 "$(as root -X POST $B/api/v1/drafts/1/publish)"
expect "finance publishes" 200 "$(as li -X POST $B/api/v1/drafts/1/publish)"
expect "return after publication" 409 "$(as li -X POST -d '{"comment":"x"}' $B/api/v1/drafts/1/return)"
expect "finance of 420100 reads 410100's dashboard" 403 "$(as sun "$B/api/v1/compliance?region=410100&year=2021")"
expect "preparer reads the dashboard" 403 "$(as zhang "$B/api/v1/compliance?region=410100&year=2021")"
expect "anonymous reads drafts" 401 "$(code $B/api/v1/drafts)"

expect "sign-in without a CSRF token" 403 "$(code -d "name=zhang&password=$PW" $B/desk/login)"
for next in //evil.example https://evil.example/desk/ '/desk/\evil.example' '/desk/..//evil.example'; do
	expect "sign-in with next=$next goes to" /desk/ "$(signin jar$RANDOM wang "$next")"
done
signin jar zhang /desk/ >/dev/null
cp jar old
h=$(curl -s -D - -o /dev/null -b jar $B/desk/drafts | tr -d '\r')
expect "desk page Cache-Control" no-store "$(sed -n 's/^Cache-Control: //p' <<<"$h")"
expect "desk page X-Frame-Options" DENY "$(sed -n 's/^X-Frame-Options: //p' <<<"$h")"
expect "desk page frame-ancestors" 1 "$(grep -c "frame-ancestors 'none'" <<<"$h")"
tok=$(curl -s -c jar4 $B/desk/login | csrf)
expect "session cookie flags" 1 "$(curl -s -D - -o /dev/null -b jar4 --data-urlencode "csrf_token=$tok" -d "name=zhang&password=$PW" $B/desk/login |
	tr -d '\r' | grep -c '^Set-Cookie: yusuan_session=.*HttpOnly; SameSite=Strict')"
expect "portal page is the same signed in" "$(curl -s $B/ | sha1sum)" "$(curl -s -b jar $B/ | sha1sum)"
expect "API POST with the cookie, no CSRF token" 403 "$(code -b jar -X POST -d '{}' $B/api/v1/drafts/1/submit)"
expect "logout without a CSRF token" 403 "$(code -b jar -X POST $B/desk/logout)"
expect "logout" 303 "$(code -b jar -c jar -d "csrf_token=$(curl -s -b jar $B/desk/account | csrf)" $B/desk/logout)"
expect "the old session cookie after logout" 401 "$(code -b old $B/api/v1/drafts)"
signin jar3 zhao >/dev/null
"$X" user disable zhao --db "$DB" >/dev/null
expect "disabled user's session" 401 "$(code -b jar3 $B/api/v1/drafts)"
expect "disabled user's token" 401 "$(as zhao $B/api/v1/drafts)"

python3 - <<'EOF'
import zipfile
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/workbook.xml', '<workbook/>')
    z.writestr('xl/worksheets/sheet1.xml', b'\0' * (300 << 20))
EOF
expect "zip bomb (300 MiB in 300 KB)" 400 "$(as zhang -F file=@bomb.xlsx $B/api/v1/drafts)"
head -c $((130 << 20)) /dev/zero >big.bin
expect "130 MiB upload" 413 "$(as zhang -F file=@big.bin $B/api/v1/drafts)"
expect "2 MiB url-encoded form" 413 "$(code -b jar3 -c jar3 --data-binary @<(printf 'csrf_token=x&text='; head -c $((2 << 20)) /dev/zero | tr '\0' x) $B/desk/login)"
expect "passwords or tokens in the server's log" 0 "$(grep -c -e "$PW" -e 'yusuan_[A-Za-z0-9_-]\{20\}' serve.log || true)"
"$X" audit verify --db "$DB" >/dev/null && expect "audit verify" 0 0 || expect "audit verify" 0 $?
exit $bad
