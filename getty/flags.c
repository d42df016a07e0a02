/* The words of a gettydefs flag field (termios flag names, speeds, SANE):
 * parsed into a flag set, turned into termios words, and named again for
 * `getty -c`. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "flags.h"

#define I(n) { #n, FLAG_IFLAG, n, 0 }
#define O(n) { #n, FLAG_OFLAG, n, 0 }
#define OF(n, f) { #n, FLAG_OFLAG, n, f }
#define C(n) { #n, FLAG_CFLAG, n, 0 }
#define CF(n, f) { #n, FLAG_CFLAG, n, f }
#define L(n) { #n, FLAG_LFLAG, n, 0 }

const struct flag_name flag_names[] = {
	I(IGNBRK), I(BRKINT), I(IGNPAR), I(PARMRK), I(INPCK), I(ISTRIP),
	I(INLCR), I(IGNCR), I(ICRNL), I(IUCLC), I(IXON), I(IXANY), I(IXOFF),
	I(IMAXBEL), I(IUTF8),

	O(OPOST), O(OLCUC), O(ONLCR), O(OCRNL), O(ONOCR), O(ONLRET), O(OFILL),
	O(OFDEL),
	OF(NL0, NLDLY), OF(NL1, NLDLY),
	OF(CR0, CRDLY), OF(CR1, CRDLY), OF(CR2, CRDLY), OF(CR3, CRDLY),
	OF(TAB0, TABDLY), OF(TAB1, TABDLY), OF(TAB2, TABDLY), OF(TAB3, TABDLY),
	OF(XTABS, TABDLY),
	OF(BS0, BSDLY), OF(BS1, BSDLY),
	OF(VT0, VTDLY), OF(VT1, VTDLY),
	OF(FF0, FFDLY), OF(FF1, FFDLY),

	CF(CS5, CSIZE), CF(CS6, CSIZE), CF(CS7, CSIZE), CF(CS8, CSIZE),
	C(CSTOPB), C(CREAD), C(PARENB), C(PARODD), C(HUPCL), C(CLOCAL),
	C(CRTSCTS), C(CMSPAR),

	L(ISIG), L(ICANON), L(XCASE), L(ECHO), L(ECHOE), L(ECHOK), L(ECHONL),
	L(NOFLSH), L(TOSTOP), L(ECHOCTL), L(ECHOPRT), L(ECHOKE), L(FLUSHO),
	L(PENDIN), L(IEXTEN), L(EXTPROC),
	{ NULL, FLAG_IFLAG, 0, 0 }
};

const tcflag_t sane_flags[FLAG_GROUPS] = {
	[FLAG_IFLAG] = BRKINT | IGNPAR | ISTRIP | ICRNL | IXON,
	[FLAG_OFLAG] = OPOST | ONLCR,
	[FLAG_CFLAG] = CREAD,
	[FLAG_LFLAG] = ISIG | ICANON | ECHO | ECHOK,
};

struct speed_name {
	long baud;
	speed_t speed;
};

static const struct speed_name speeds[] = {
	{ 0, B0 }, { 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 },
	{ 150, B150 }, { 200, B200 }, { 300, B300 }, { 600, B600 },
	{ 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 500000, B500000 }, { 576000, B576000 },
	{ 921600, B921600 }, { 1000000, B1000000 }, { 1152000, B1152000 },
	{ 1500000, B1500000 }, { 2000000, B2000000 }, { 2500000, B2500000 },
	{ 3000000, B3000000 }, { 3500000, B3500000 }, { 4000000, B4000000 },
};

const struct flag_name *flag_lookup(const char *name)
{
	for (const struct flag_name *f = flag_names; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static bool baud_lookup(const char *digits, speed_t *speed)
{
	if (*digits == '\0' || strlen(digits) > 8)
		return false;
	for (const char *p = digits; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	if (digits[0] == '0' && digits[1] != '\0')
		return false;
	long baud = strtol(digits, NULL, 10);
	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].baud == baud) {
			*speed = speeds[i].speed;
			return true;
		}
	return false;
}

bool speed_from_name(const char *name, speed_t *speed)
{
	return name[0] == 'B' && baud_lookup(name + 1, speed);
}

bool speed_from_baud(const char *digits, speed_t *speed)
{
	speed_t s;
	/* B0 would hang the line up: never a speed to run a getty at. */
	if (!baud_lookup(digits, &s) || s == B0)
		return false;
	*speed = s;
	return true;
}

long speed_to_baud(speed_t speed)
{
	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].speed == speed)
			return speeds[i].baud;
	return -1;
}

static const char *field_value_name(enum flag_group g, tcflag_t field, tcflag_t value)
{
	for (const struct flag_name *f = flag_names; f->name; f++)
		if (f->group == g && f->field == field && f->value == value)
			return f->name;
	return "?";
}

/* Keeps the first problem only: one message per field is enough to act on. */
static void note_error(bool *failed, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note_error(bool *failed, char *err, size_t errlen, const char *fmt, ...)
{
	if (*failed)
		return;
	*failed = true;
	va_list ap;
	va_start(ap, fmt);
	errbuf_vset(err, errlen, fmt, ap);
	va_end(ap);
}

bool flagset_parse(const char *text, struct flagset *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	bool failed = false;
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return !failed;
		const char *start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		char word[32];
		size_t n = (size_t)(p - start);
		if (n >= sizeof(word)) {
			note_error(&failed, err, errlen, "unknown flag '%.*s'", (int)n, start);
			continue;
		}
		memcpy(word, start, n);
		word[n] = '\0';

		speed_t sp;
		if (strcmp(word, "SANE") == 0) {
			out->sane = true;
			continue;
		}
		if (speed_from_name(word, &sp)) {
			if (out->has_speed && out->speed != sp) {
				note_error(&failed, err, errlen, "more than one speed ('B%ld' and '%s')",
					   speed_to_baud(out->speed), word);
				continue;
			}
			out->has_speed = true;
			out->speed = sp;
			continue;
		}
		const struct flag_name *f = flag_lookup(word);
		if (!f) {
			note_error(&failed, err, errlen, "unknown flag '%s'", word);
			continue;
		}
		if (f->field) {
			tcflag_t had = out->set[f->group] & f->field;
			if ((out->fields[f->group] & f->field) && had != f->value) {
				note_error(&failed, err, errlen, "conflicting flags '%s' and '%s'",
					   field_value_name(f->group, f->field, had), word);
				continue;
			}
			out->fields[f->group] |= f->field;
		}
		out->set[f->group] |= f->value;
	}
}

void flagset_to_termios(const struct flagset *fs, struct termios *t)
{
	tcflag_t w[FLAG_GROUPS];
	for (int g = 0; g < FLAG_GROUPS; g++) {
		w[g] = fs->sane ? sane_flags[g] : 0;
		w[g] = (w[g] & ~fs->fields[g]) | fs->set[g];
	}
	if (!(fs->fields[FLAG_CFLAG] & CSIZE))
		w[FLAG_CFLAG] = (w[FLAG_CFLAG] & ~(tcflag_t)CSIZE) | CS8;
	w[FLAG_CFLAG] |= CREAD;
	t->c_iflag = w[FLAG_IFLAG];
	t->c_oflag = w[FLAG_OFLAG];
	t->c_cflag = (t->c_cflag & CBAUD) | w[FLAG_CFLAG];
	t->c_lflag = w[FLAG_LFLAG];
	if (fs->has_speed) {
		cfsetispeed(t, fs->speed);
		cfsetospeed(t, fs->speed);
	}
}

void flag_print_word(FILE *out, enum flag_group group, tcflag_t word)
{
	bool any = false;
	tcflag_t fields_done = 0;
	for (const struct flag_name *f = flag_names; f->name; f++) {
		if (f->group != group)
			continue;
		if (f->field) {
			/* One name per field; CS5 is the only zero worth naming. */
			if (fields_done & f->field)
				continue;
			tcflag_t v = word & f->field;
			if (v == 0 && f->field != CSIZE)
				continue;
			if (f->value != v)
				continue;
			fields_done |= f->field;
		} else if (!(word & f->value)) {
			continue;
		}
		fprintf(out, "%s%s", any ? " " : "", f->name);
		any = true;
	}
	if (!any)
		fputs("(none)", out);
}
