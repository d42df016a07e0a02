#!/bin/bash
# getty -c: the shipped etc/gettydefs is clean; a broken file gets one
# "FILE:LINE: field: message" line per problem and status 1.
set -u
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/harness/lib.sh"
h_getty_setup

if "$H_GETTY" -c "$H_SRCDIR/etc/gettydefs" > "$H_T/out" 2>&1; then
	grep -q ': 6 entries, 0 errors$' "$H_T/out" || h_error "summary: $(tail -1 "$H_T/out")"
	grep -q '^label: 115200 ' "$H_T/out" || h_error "entries not listed"
	grep -q '^  next label: 38400$' "$H_T/out" || h_error "next label not listed"
	h_ok "shipped etc/gettydefs is clean"
else
	cat "$H_T/out" >&2
	h_error "shipped etc/gettydefs has errors"
fi

f=$H_T/bad
cat > "$f" <<'D'
# line 1
good# B9600 # B9600 SANE #login: #good
bad# B9600 FOO # B9600 #login: #good

dead# B9600 # B9600 #login: #nowhere

few# B9600 # B9600 #login:

good# B9600 # B9600 #login: #good

esc# B9600 CS7 CS8 # B9600 B300 #\q #esc
D
"$H_GETTY" -c "$f" > "$H_T/out" 2>&1
rc=$?
[ "$rc" = 1 ] || h_error "broken file: status $rc"
for want in \
	"$f:3: entry: not separated from the entry on line 2 by a blank line" \
	"$f:3: initial-flags: unknown flag 'FOO'" \
	"$f:5: next-label: no entry labelled 'nowhere': the chain from 'dead' dead-ends" \
	"$f:7: entry: expected 5 fields separated by '#' (label # initial-flags # final-flags # login-prompt # next-label), found 4" \
	"$f:9: label: duplicate label 'good' (first defined on line 2)" \
	"$f:11: initial-flags: conflicting flags 'CS7' and 'CS8'" \
	"$f:11: final-flags: more than one speed ('B9600' and 'B300')" \
	"$f:11: login-prompt: unknown escape '\\q'" \
	"$f: 4 entries, 8 errors"; do
	grep -qxF -- "$want" "$H_T/out" || h_error "missing: $want"
done
[ "$(grep -c "^$f:[0-9]" "$H_T/out")" = 8 ] || { h_error "expected 8 diagnostics"; cat "$H_T/out" >&2; }
h_ok "broken file diagnostics"

"$H_GETTY" -c "$H_T/none" > "$H_T/out" 2>&1 && h_error "-c on a missing file: status 0"
grep -q "$H_T/none: No such file or directory" "$H_T/out" || h_error "-c missing file message"
h_ok "-c on a missing file"
h_pass
