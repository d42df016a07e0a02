#!/bin/bash
# getty -c: the shipped etc/gettydefs is clean; a broken file gets one
# "FILE:LINE: field: message" line per problem and status 1.
. "$abs_top_srcdir/tests/integration/getty/lib.sh"

if "$GETTY" -c "$abs_top_srcdir/etc/gettydefs" > "$TMP/out" 2>&1; then
	grep -q ': 6 entries, 0 errors$' "$TMP/out" || fail "summary: $(tail -1 "$TMP/out")"
	grep -q '^label: 115200 ' "$TMP/out" || fail "entries not listed"
	grep -q '^  next label: 38400$' "$TMP/out" || fail "next label not listed"
	pass "shipped etc/gettydefs is clean"
else
	cat "$TMP/out" >&2
	fail "shipped etc/gettydefs has errors"
fi

f=$TMP/bad
cat > "$f" <<'D'
# line 1
good# B9600 # B9600 SANE #login: #good
bad# B9600 FOO # B9600 #login: #good

dead# B9600 # B9600 #login: #nowhere

few# B9600 # B9600 #login:

good# B9600 # B9600 #login: #good

esc# B9600 CS7 CS8 # B9600 B300 #\q #esc
D
"$GETTY" -c "$f" > "$TMP/out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "broken file: status $rc"
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
	grep -qxF -- "$want" "$TMP/out" || fail "missing: $want"
done
[ "$(grep -c "^$f:[0-9]" "$TMP/out")" = 8 ] || { fail "expected 8 diagnostics"; cat "$TMP/out" >&2; }
pass "broken file diagnostics"

"$GETTY" -c "$TMP/none" > "$TMP/out" 2>&1 && fail "-c on a missing file: status 0"
grep -q "$TMP/none: No such file or directory" "$TMP/out" || fail "-c missing file message"
pass "-c on a missing file"
finish
