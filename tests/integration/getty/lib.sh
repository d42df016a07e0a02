# Shared by tests/integration/getty_*.sh: paths, a scratch directory and
# small assertions.  Every wait happens inside ptydrive, with a deadline.
set -u
: "${abs_top_builddir:?run through make check}" "${abs_top_srcdir:?run through make check}"
GETTY=$abs_top_builddir/getty/getty
PTYDRIVE=$abs_top_builddir/tests/tools/ptydrive
for f in "$GETTY" "$PTYDRIVE"; do
	[ -x "$f" ] || { echo "missing $f: build it first" >&2; exit 99; }
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/getty-test.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
cp "$abs_top_srcdir/tests/tools/fake-login" "$TMP/fake-login" || exit 99
chmod +x "$TMP/fake-login"
export GETTY_TEST_OUT=$TMP/login.out
export GETTY_ERROR_DELAY=0
# Keep LOGIN_PROCESS records out of the machine's own utmp/wtmp.
: > "$TMP/utmp"
export GETTY_UTMP=$TMP/utmp GETTY_WTMP=$TMP/wtmp
NODE=$(uname -n)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# drive NAME [ptydrive options...] -- COMMAND...: script in $TMP/NAME.script
drive() {
	local name=$1 opts=()
	shift
	while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	"$PTYDRIVE" "${opts[@]}" -o "$TMP/$name.transcript" "$TMP/$name.script" "$@"
}

# login_has LINE: the fake login recorded exactly this line.
login_has() {
	grep -qxF -- "$1" "$GETTY_TEST_OUT" || { fail "login record lacks '$1'"; cat "$GETTY_TEST_OUT" >&2 2>/dev/null; }
}

# stty_has WORD: the line's modes at login included this stty word.
stty_has() {
	local modes
	modes=$(sed -n 's/^stty://p' "$GETTY_TEST_OUT")
	{ tr ';' '\n' <<<"$modes" | sed 's/^ *//; s/ *$//'; tr ' ;' '\n\n' <<<"$modes"; } \
		| grep -qxF -- "$1" || fail "stty at login lacks '$1'"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s)" >&2
		exit 1
	fi
	exit 0
}
