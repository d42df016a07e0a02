/* Unit tests: gettydefs flag fields (names, speeds, termios words) and the
 * table (parsing, chains, problems, the `getty -c` printout). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "gettydefs.h"
#include "run_suite.h"

static char diags[64][600];
static size_t ndiags;

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	if (ndiags < 64)
		snprintf(diags[ndiags++], sizeof(diags[0]), "%s", msg);
}

/* Every problem reported is counted, and every counted one reported. */
static struct gettydefs *parse_as(const char *file, const char *text, size_t len)
{
	ndiags = 0;
	struct gettydefs *d = gettydefs_parse(file, text, len, collect, NULL);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->errors, ndiags);
	return d;
}

static struct gettydefs *parse(const char *text)
{
	return parse_as("defs", text, strlen(text));
}

static const char *diag(size_t i)
{
	ck_assert_uint_lt(i, ndiags);
	return diags[i];
}

/* A one-entry file whose only problem is expected in diagnostic 0. */
static void expect_one_error(const char *text, const char *want)
{
	struct gettydefs *d = parse(text);
	ck_assert_uint_eq(ndiags, 1);
	ck_assert_str_eq(diag(0), want);
	gettydefs_free(d);
}

static struct termios words_of(const char *field)
{
	struct flagset fs;
	char err[128];
	ck_assert_msg(flagset_parse(field, &fs, err, sizeof(err)), "%s: %s", field, err);
	struct termios t;
	memset(&t, 0, sizeof(t));
	flagset_to_termios(&fs, &t);
	return t;
}

/* ---- flag names ---- */

static const char *const doc_iflags[] = { "IGNBRK", "BRKINT", "IGNPAR", "PARMRK",
	"INPCK", "ISTRIP", "INLCR", "IGNCR", "ICRNL", "IUCLC", "IXON", "IXANY", "IXOFF",
	"IMAXBEL", "IUTF8", NULL };
static const char *const doc_oflags[] = { "OPOST", "OLCUC", "ONLCR", "OCRNL", "ONOCR",
	"ONLRET", "OFILL", "OFDEL", "NL0", "NL1", "CR0", "CR1", "CR2", "CR3", "TAB0",
	"TAB1", "TAB2", "TAB3", "BS0", "BS1", "VT0", "VT1", "FF0", "FF1", NULL };
static const char *const doc_cflags[] = { "CS5", "CS6", "CS7", "CS8", "CSTOPB",
	"CREAD", "PARENB", "PARODD", "HUPCL", "CLOCAL", "CRTSCTS", NULL };
static const char *const doc_lflags[] = { "ISIG", "ICANON", "XCASE", "ECHO", "ECHOE",
	"ECHOK", "ECHONL", "NOFLSH", "TOSTOP", "ECHOCTL", "ECHOPRT", "ECHOKE", "IEXTEN",
	NULL };

static void check_group(const char *const *names, enum flag_group g)
{
	for (size_t i = 0; names[i]; i++) {
		const struct flag_name *f = flag_lookup(names[i]);
		ck_assert_msg(f, "%s missing", names[i]);
		ck_assert_msg(f->group == g, "%s in the wrong group", names[i]);
	}
}

START_TEST(test_documented_names_exist)
{
	check_group(doc_iflags, FLAG_IFLAG);
	check_group(doc_oflags, FLAG_OFLAG);
	check_group(doc_cflags, FLAG_CFLAG);
	check_group(doc_lflags, FLAG_LFLAG);
	ck_assert_ptr_null(flag_lookup("ixon"));
	ck_assert_ptr_null(flag_lookup("SANE"));
	ck_assert_ptr_null(flag_lookup("B9600"));
}
END_TEST

/* Every flag in the table lands in its own termios word, and only there. */
START_TEST(test_each_flag_sets_its_word)
{
	for (const struct flag_name *f = flag_names; f->name; f++) {
		struct termios t = words_of(f->name);
		tcflag_t w[FLAG_GROUPS] = { t.c_iflag, t.c_oflag, t.c_cflag & ~(tcflag_t)CBAUD,
			t.c_lflag };
		/* CREAD and (unless a size is named) CS8 are always there. */
		tcflag_t implied = CREAD | (f->field == CSIZE ? 0 : CS8);
		for (int g = 0; g < FLAG_GROUPS; g++) {
			tcflag_t want = g == (int)f->group ? f->value : 0;
			if (g == FLAG_CFLAG)
				want |= implied;
			if (f->field && g == (int)f->group)
				ck_assert_msg((w[g] & f->field) == f->value, "%s field", f->name);
			else
				ck_assert_msg(w[g] == want, "%s: group %d is %#o, want %#o",
					      f->name, g, (unsigned)w[g], (unsigned)want);
		}
	}
}
END_TEST

START_TEST(test_flag_groups_examples)
{
	struct termios t = words_of("IXON ICRNL OPOST ONLCR TAB3 CS7 PARENB HUPCL ECHO ICANON");
	ck_assert_uint_eq(t.c_iflag, IXON | ICRNL);
	ck_assert_uint_eq(t.c_oflag, OPOST | ONLCR | TAB3);
	ck_assert_uint_eq(t.c_cflag & ~(tcflag_t)CBAUD, CS7 | PARENB | HUPCL | CREAD);
	ck_assert_uint_eq(t.c_lflag, ECHO | ICANON);
	t = words_of("CR2 NL1 BS1 VT1 FF1");
	ck_assert_uint_eq(t.c_oflag, CR2 | NL1 | BS1 | VT1 | FF1);
	t = words_of("CS5");
	ck_assert_uint_eq(t.c_cflag & CSIZE, CS5);
}
END_TEST

START_TEST(test_speeds)
{
	static const long bauds[] = { 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800,
		2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000,
		576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000,
		3500000, 4000000 };
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		char name[16];
		speed_t s;
		snprintf(name, sizeof(name), "B%ld", bauds[i]);
		ck_assert_msg(speed_from_name(name, &s), "%s", name);
		ck_assert_int_eq(speed_to_baud(s), bauds[i]);
		struct termios t = words_of(name);
		ck_assert_uint_eq(cfgetospeed(&t), s);
		ck_assert_uint_eq(cfgetispeed(&t), s);
	}
	speed_t s;
	ck_assert(speed_from_name("B0", &s));
	ck_assert_uint_eq(s, B0);
	ck_assert(!speed_from_name("B9601", &s));
	ck_assert(!speed_from_name("B09600", &s));
	ck_assert(!speed_from_name("9600", &s));
	ck_assert(!speed_from_name("B", &s));
	ck_assert(speed_from_baud("38400", &s));
	ck_assert_uint_eq(s, B38400);
	ck_assert(!speed_from_baud("0", &s));
	ck_assert(!speed_from_baud("12345", &s));
	ck_assert(!speed_from_baud("9600x", &s));
}
END_TEST

START_TEST(test_sane)
{
	struct flagset fs;
	char err[64];
	ck_assert(flagset_parse("SANE", &fs, err, sizeof(err)));
	struct termios t;
	memset(&t, 0xff, sizeof(t));	/* everything on: SANE must clear */
	flagset_to_termios(&fs, &t);
	ck_assert_uint_eq(t.c_iflag, BRKINT | IGNPAR | ISTRIP | ICRNL | IXON);
	ck_assert_uint_eq(t.c_oflag, OPOST | ONLCR);
	ck_assert_uint_eq(t.c_lflag, ISIG | ICANON | ECHO | ECHOK);
	ck_assert_uint_eq(t.c_cflag & ~(tcflag_t)CBAUD, CREAD | CS8);
	ck_assert(!(t.c_cflag & CLOCAL));
	/* Named flags win over SANE wherever SANE is written. */
	t = words_of("CLOCAL TAB3 ECHOE SANE");
	ck_assert(t.c_cflag & CLOCAL);
	ck_assert_uint_eq(t.c_oflag & TABDLY, TAB3);
	ck_assert(t.c_lflag & ECHOE);
	ck_assert(t.c_iflag & ISTRIP);
}
END_TEST

START_TEST(test_flag_errors)
{
	struct flagset fs;
	char err[128];
	ck_assert(!flagset_parse("B9600 FOO", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown flag 'FOO'");
	ck_assert(!flagset_parse("ixon", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown flag 'ixon'");
	ck_assert(!flagset_parse("B9600 B300", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "more than one speed ('B9600' and 'B300')");
	ck_assert(flagset_parse("B9600 B9600", &fs, err, sizeof(err)));
	ck_assert(!flagset_parse("CS7 CS8", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "conflicting flags 'CS7' and 'CS8'");
	ck_assert(!flagset_parse("TAB3 TAB0", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "conflicting flags 'TAB3' and 'TAB0'");
	ck_assert(flagset_parse("CS8 CS8", &fs, err, sizeof(err)));
	ck_assert(flagset_parse("  \t ", &fs, err, sizeof(err)));
	ck_assert(!fs.has_speed);
	/* Bad words are skipped, the first one reported, the rest kept. */
	ck_assert(!flagset_parse("FOO B9600 CS7 BAR CS8 HUPCL", &fs, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown flag 'FOO'");
	ck_assert(fs.has_speed);
	ck_assert_uint_eq(fs.speed, B9600);
	ck_assert_uint_eq(fs.set[FLAG_CFLAG], CS7 | HUPCL);
}
END_TEST

START_TEST(test_print_word)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	flag_print_word(f, FLAG_CFLAG, CS7 | PARENB | CREAD);
	fputc('|', f);
	flag_print_word(f, FLAG_LFLAG, 0);
	fputc('|', f);
	flag_print_word(f, FLAG_OFLAG, OPOST | TAB3 | CR1);
	fclose(f);
	ck_assert_str_eq(buf, "CS7 CREAD PARENB|(none)|OPOST CR1 TAB3");
	free(buf);
}
END_TEST

/* ---- parsing ---- */

START_TEST(test_parse_entries)
{
	struct gettydefs *d = parse(
		"# comment\n"
		"0# B9600 CS8 # B9600 CLOCAL TAB3 ECHO SANE #login: #0\n"
		"\n"
		"  # indented comment\n"
		"1# B300 ISTRIP CS8 CR1 # B300 HUPCL CS8 TAB3 SANE CR1 #\\r\\n@S login: #2\n"
		"\n"
		"2 # B1200 ISTRIP CS8 # B1200 HUPCL CS8 TAB3 SANE # Who\\# are you\\c ignored # 1 \n");
	ck_assert_uint_eq(ndiags, 0);
	ck_assert_uint_eq(d->n_entries, 3);
	ck_assert_str_eq(d->entries[0].label, "0");
	ck_assert_uint_eq(d->entries[0].line, 2);
	ck_assert_str_eq(d->entries[0].prompt, "login: ");
	ck_assert(d->entries[0].initial.has_speed);
	ck_assert_uint_eq(d->entries[0].initial.speed, B9600);
	ck_assert(d->entries[0].final.sane);
	ck_assert_str_eq(d->entries[1].prompt, "\r\n@S login: ");
	ck_assert_str_eq(d->entries[1].next_label, "2");
	ck_assert_str_eq(d->entries[2].label, "2");
	ck_assert_str_eq(d->entries[2].prompt, " Who# are you");
	ck_assert_str_eq(d->entries[2].next_label, "1");
	ck_assert_ptr_null(d->entries[2].login_program);
	ck_assert_int_eq(gettydefs_find(d, "1"), 1);
	ck_assert_int_eq(gettydefs_find(d, "9"), -1);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_sixth_field)
{
	struct gettydefs *d = parse("a# B9600 # B9600 #login: #a# /bin/mylogin \n");
	ck_assert_uint_eq(ndiags, 0);
	ck_assert_str_eq(d->entries[0].login_program, "/bin/mylogin");
	gettydefs_free(d);
	expect_one_error("a# B9600 # B9600 #login: #a# mylogin\n",
			 "defs:1: login-program: 'mylogin' is not an absolute path");
}
END_TEST

START_TEST(test_prompt_escapes)
{
	struct gettydefs *d = parse("a# B9600 # B9600 #\\b\\n\\r\\t\\f\\v\\\\\\101\\102x\\0101 #a\n");
	ck_assert_uint_eq(ndiags, 0);
	ck_assert_str_eq(d->entries[0].prompt, "\b\n\r\t\f\v\\ABx\b1 ");
	gettydefs_free(d);
	expect_one_error("a# B9600 # B9600 #\\q #a\n", "defs:1: login-prompt: unknown escape '\\q'");
	expect_one_error("a# B9600 # B9600 #\\400 #a\n",
			 "defs:1: login-prompt: octal escape '\\400' out of range (\\001 to \\377)");
	expect_one_error("a# B9600 # B9600 #\\0 #a\n",
			 "defs:1: login-prompt: octal escape '\\0' out of range (\\001 to \\377)");
}
END_TEST

START_TEST(test_error_kinds)
{
	expect_one_error("a# B9600 FOO # B9600 #login: #a\n",
			 "defs:1: initial-flags: unknown flag 'FOO'");
	expect_one_error("a# B9600 # B9600 B300 #login: #a\n",
			 "defs:1: final-flags: more than one speed ('B9600' and 'B300')");
	expect_one_error("a# CS6 CS7 # B9600 #login: #a\n",
			 "defs:1: initial-flags: conflicting flags 'CS6' and 'CS7'");
	expect_one_error("a# B9600 # B9600 #login: #\n", "defs:1: next-label: empty next-label");
	expect_one_error("a# B9600 # B9600 #login: #a b\n",
			 "defs:1: next-label: next-label 'a b' contains blanks");
	expect_one_error("a# B9600 # B9600 #login: #b\n",
			 "defs:1: next-label: no entry labelled 'b': the chain from 'a' dead-ends");

	/* A line starting with '#' is a comment, even one that looks like
	 * an entry with an empty label. */
	struct gettydefs *d = parse(" # B9600 # B9600 #login: #a\n");
	ck_assert_uint_eq(d->n_entries, 0);
	ck_assert_uint_eq(ndiags, 1);
	ck_assert_str_eq(diag(0), "defs:1: entry: no entries");
	gettydefs_free(d);

	d = parse("\n\na b# B9600 # B9600 #login: #a\n");
	ck_assert_str_eq(diag(0), "defs:3: label: label 'a b' contains blanks");
	gettydefs_free(d);

	d = parse("a# B9600 # B9600 #login:\n");
	ck_assert_uint_eq(d->n_entries, 0);
	ck_assert_str_eq(diag(0), "defs:1: entry: expected 5 fields separated by '#' "
		"(label # initial-flags # final-flags # login-prompt # next-label), found 4");
	gettydefs_free(d);

	d = parse("a# B9600 # B9600 #login: #a#/x#y\n");
	ck_assert_str_eq(diag(0), "defs:1: entry: expected 5 fields separated by '#' "
		"(label # initial-flags # final-flags # login-prompt # next-label), found 7");
	gettydefs_free(d);

	d = parse("# only comments\n\n");
	ck_assert_uint_eq(ndiags, 1);
	ck_assert_str_eq(diag(0), "defs:2: entry: no entries");
	gettydefs_free(d);

	d = parse("a# B9600 # B9600 #login: #a\n\na# B300 # B300 #login: #a\n");
	ck_assert_uint_eq(d->n_entries, 1);
	ck_assert_uint_eq(d->entries[0].initial.speed, B9600);
	ck_assert_str_eq(diag(0), "defs:3: label: duplicate label 'a' (first defined on line 1)");
	gettydefs_free(d);

	d = parse("a# B9600 # B9600 #login: #b\nb# B300 # B300 #login: #a\n");
	ck_assert_uint_eq(d->n_entries, 2);
	ck_assert_uint_eq(ndiags, 1);
	ck_assert_str_eq(diag(0),
			 "defs:2: entry: not separated from the entry on line 1 by a blank line");
	gettydefs_free(d);

	static const char nul[] = "a# B9600 # B9600 #log\0in: #a\n";
	d = parse_as("defs", nul, sizeof(nul) - 1);
	ck_assert_str_eq(diag(0), "defs:1: entry: NUL byte in the line");
	gettydefs_free(d);
}
END_TEST

START_TEST(test_chains)
{
	/* A loop of three, a self loop: both fine. */
	struct gettydefs *d = parse(
		"fast# B115200 # B115200 SANE #login: #mid\n\n"
		"mid# B38400 # B38400 SANE #login: #slow\n\n"
		"slow# B9600 # B9600 SANE #login: #fast\n\n"
		"con# B38400 # B38400 SANE #login: #con\n");
	ck_assert_uint_eq(ndiags, 0);
	ck_assert_uint_eq(d->entries[0].next, 1);
	ck_assert_uint_eq(d->entries[1].next, 2);
	ck_assert_uint_eq(d->entries[2].next, 0);
	ck_assert_uint_eq(d->entries[3].next, 3);
	gettydefs_free(d);

	/* A chain leading into a missing label dead-ends; each broken link
	 * is reported at its own line, and getty stays on that entry. */
	d = parse("a# B9600 # B9600 #login: #b\n\n"
		  "b# B300 # B300 #login: #c\n\n"
		  "x# B300 # B300 #login: #gone\n");
	ck_assert_uint_eq(ndiags, 2);
	ck_assert_str_eq(diag(0),
			 "defs:3: next-label: no entry labelled 'c': the chain from 'b' dead-ends");
	ck_assert_str_eq(diag(1),
			 "defs:5: next-label: no entry labelled 'gone': the chain from 'x' dead-ends");
	ck_assert_uint_eq(d->entries[0].next, 1);
	ck_assert_uint_eq(d->entries[1].next, 1);
	ck_assert_uint_eq(d->entries[2].next, 2);
	gettydefs_free(d);

	/* An entry dropped for bad syntax breaks the chains into it. */
	d = parse("a# B9600 # B9600 #login: #b\n\nb# B300 # B300 #login:\n");
	ck_assert_uint_eq(ndiags, 2);
	ck_assert_str_eq(diag(0),
			 "defs:1: next-label: no entry labelled 'b': the chain from 'a' dead-ends");
	ck_assert_ptr_nonnull(strstr(diag(1), "defs:3: entry: expected 5 fields"));
	gettydefs_free(d);

	/* Without a callback the problems are only counted. */
	static const char broken[] = "a# B9600 # B9600 #login: #b\n\nb# B300 # B300 #login:\n";
	d = gettydefs_parse("defs", broken, sizeof(broken) - 1, NULL, NULL);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->errors, 2);
	ck_assert_uint_eq(d->n_entries, 1);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_builtin_and_speed_lists)
{
	struct gettydefs *d = gettydefs_builtin();
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->n_entries, 1);
	ck_assert_uint_eq(d->errors, 0);
	ck_assert_uint_eq(d->entries[0].initial.speed, B9600);
	ck_assert(d->entries[0].final.sane);
	gettydefs_free(d);

	long bauds[] = { 115200, 38400, 9600 };
	d = gettydefs_from_speeds(bauds, 3);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->n_entries, 3);
	ck_assert_str_eq(d->entries[0].label, "115200");
	ck_assert_uint_eq(d->entries[0].initial.speed, B115200);
	ck_assert_uint_eq(d->entries[1].initial.speed, B38400);
	ck_assert_uint_eq(d->entries[0].next, 1);
	ck_assert_uint_eq(d->entries[2].next, 0);
	struct termios t;
	memset(&t, 0, sizeof(t));
	flagset_to_termios(&d->entries[2].final, &t);
	ck_assert_uint_eq(cfgetospeed(&t), B9600);
	ck_assert(!(t.c_iflag & ISTRIP));
	ck_assert(t.c_iflag & IUTF8);
	ck_assert(t.c_lflag & ICANON);
	ck_assert(t.c_lflag & ECHO);
	gettydefs_free(d);

	long dup[] = { 9600, 9600 };
	ck_assert_ptr_null(gettydefs_from_speeds(dup, 2));
	long bad[] = { 12345 };
	ck_assert_ptr_null(gettydefs_from_speeds(bad, 1));
	ck_assert_ptr_null(gettydefs_from_speeds(bauds, 0));
}
END_TEST

START_TEST(test_check_report)
{
	struct gettydefs *d = parse("a# B9600 # B9600 SANE TAB3 #login: #b\n");
	ck_assert_str_eq(diag(0), "defs:1: next-label: no entry labelled 'b': the chain "
			 "from 'a' dead-ends");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	gettydefs_print_entries(f, d);
	ck_assert(!gettydefs_print_summary(f, d));
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "label: a (line 1)\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  final flags: speed 9600, SANE\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    oflag: OPOST ONLCR TAB3\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  login prompt: \"login: \"\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  next label: b\n"));
	ck_assert_ptr_nonnull(strstr(buf, "  next label: b\n\ndefs: 1 entry, 1 error\n"));
	free(buf);
	gettydefs_free(d);

	d = parse("a# B9600 # B9600 #login: #a\n\nb# B9600 # B9600 #login: #b\n");
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert(gettydefs_print_summary(f, d));
	fclose(f);
	ck_assert_str_eq(buf, "defs: 2 entries, 0 errors\n");
	free(buf);
	gettydefs_free(d);
}
END_TEST

START_TEST(test_shipped_gettydefs)
{
	const char *dir = getenv("abs_top_srcdir");
	char path[4096];
	snprintf(path, sizeof(path), "%s/etc/gettydefs", dir ? dir : GETTY_SRCDIR);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f, "%s", path);
	static char text[65536];
	size_t len = fread(text, 1, sizeof(text), f);
	fclose(f);
	struct gettydefs *d = parse_as(path, text, len);
	for (size_t i = 0; i < ndiags; i++)
		fprintf(stderr, "%s\n", diag(i));
	ck_assert_uint_eq(ndiags, 0);
	/* The console, the 115200 -> 38400 -> 9600 hunt, a modem line. */
	ck_assert_int_ge(gettydefs_find(d, "console"), 0);
	long a = gettydefs_find(d, "115200");
	ck_assert_int_ge(a, 0);
	size_t b = d->entries[a].next, c = d->entries[b].next;
	ck_assert_str_eq(d->entries[b].label, "38400");
	ck_assert_str_eq(d->entries[c].label, "9600");
	ck_assert_uint_eq(d->entries[c].next, (size_t)a);
	long m = gettydefs_find(d, "modem57600");
	ck_assert_int_ge(m, 0);
	ck_assert(d->entries[m].final.set[FLAG_CFLAG] & HUPCL);
	gettydefs_free(d);
}
END_TEST

static Suite *gettydefs_suite(void)
{
	Suite *s = suite_create("gettydefs");
	TCase *tc = tcase_create("flags");
	tcase_add_test(tc, test_documented_names_exist);
	tcase_add_test(tc, test_each_flag_sets_its_word);
	tcase_add_test(tc, test_flag_groups_examples);
	tcase_add_test(tc, test_speeds);
	tcase_add_test(tc, test_sane);
	tcase_add_test(tc, test_flag_errors);
	tcase_add_test(tc, test_print_word);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_entries);
	tcase_add_test(tc, test_sixth_field);
	tcase_add_test(tc, test_prompt_escapes);
	tcase_add_test(tc, test_error_kinds);
	tcase_add_test(tc, test_chains);
	tcase_add_test(tc, test_builtin_and_speed_lists);
	tcase_add_test(tc, test_check_report);
	tcase_add_test(tc, test_shipped_gettydefs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(gettydefs_suite());
}
