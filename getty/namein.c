/* Reading a login name byte by byte: echo, erase, kill, BREAK detection,
 * the checks on the finished name. */
#include <string.h>

#include "namein.h"

#define CTRL_KEY(c) ((unsigned char)((c) & 0x1f))
#define DEL 0x7f

#define NAME_TOO_LONG_MESSAGE "a login name is too long (at most 64 bytes)"
_Static_assert(NAME_MAX_LEN == 64, "NAME_TOO_LONG_MESSAGE names the limit");

void name_reader_init(struct name_reader *r, bool parmrk)
{
	memset(r, 0, sizeof(*r));
	r->parmrk = parmrk;
}

static void echo(struct name_reader *r, const char *s, size_t n)
{
	if (r->echo_len + n <= sizeof(r->echo)) {
		memcpy(r->echo + r->echo_len, s, n);
		r->echo_len += n;
	}
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == DEL;
}

/* Columns a stored byte took when echoed: UTF-8 continuation bytes none,
 * control characters two ("^X"). */
static unsigned width(unsigned char c)
{
	if ((c & 0xc0) == 0x80)
		return 0;
	return is_control(c) ? 2 : 1;
}

static void rub_out(struct name_reader *r)
{
	/* Take a whole UTF-8 sequence: continuation bytes, then its lead. */
	while (r->len > 0) {
		unsigned char c = (unsigned char)r->buf[--r->len];
		for (unsigned w = width(c); w > 0; w--)
			echo(r, "\b \b", 3);
		if ((c & 0xc0) != 0x80)
			break;
	}
}

const char *name_problem(const char *name, size_t len)
{
	if (len > 0 && name[0] == '-')
		return "a login name cannot start with '-'";
	for (size_t i = 0; i < len; i++)
		if (is_control((unsigned char)name[i]))
			return "a login name cannot hold control characters";
	return NULL;
}

static enum name_event finish(struct name_reader *r)
{
	echo(r, "\n", 1);	/* the line maps NL to CR NL while getty reads */
	size_t len = r->len;
	bool overflow = r->overflow;
	r->len = 0;
	r->overflow = false;
	/* What was typed is not what is stored: log in as neither. */
	if (overflow) {
		r->problem = NAME_TOO_LONG_MESSAGE;
		return NAME_REFUSED;
	}
	if (len == 0)
		return NAME_EMPTY;
	r->problem = name_problem(r->buf, len);
	if (r->problem)
		return NAME_REFUSED;
	/* A terminal that can only send capitals types the whole name in
	 * them; the account is lower case. */
	bool lower = false, upper = false;
	for (size_t i = 0; i < len; i++) {
		char c = r->buf[i];
		lower |= c >= 'a' && c <= 'z';
		upper |= c >= 'A' && c <= 'Z';
	}
	r->uppercase = upper && !lower;
	for (size_t i = 0; i < len; i++) {
		char c = r->buf[i];
		r->name[i] = r->uppercase && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	r->name[len] = '\0';
	return NAME_DONE;
}

static enum name_event broke(struct name_reader *r)
{
	r->len = 0;
	r->overflow = false;
	r->mark_state = 0;
	return NAME_BREAK;
}

/* What a byte is with PARMRK marks in mind. */
enum mark_step {
	MARK_PLAIN,	/* an ordinary byte: a key */
	MARK_LITERAL,	/* the byte after \377 that makes it data */
	MARK_HELD,	/* part of a mark: wait for the rest */
	MARK_BREAK,	/* a mark complete: BREAK or wrong speed */
};

static enum mark_step read_mark(struct name_reader *r, unsigned char c)
{
	if (!r->parmrk)
		return MARK_PLAIN;
	/* \377 \0 \0 is a BREAK, \377 \0 X a framing or parity error (both
	 * mean the wrong speed), \377 \377 a real \377. */
	if (r->mark_state == 1) {
		r->mark_state = c == 0 ? 2 : 0;
		return c != 0 ? MARK_LITERAL : MARK_HELD;
	}
	if (r->mark_state == 2)
		return MARK_BREAK;
	if (c == 0377) {
		r->mark_state = 1;
		return MARK_HELD;
	}
	return MARK_PLAIN;
}

/* Keep c as part of the name and echo it, ^X for a control character. */
static enum name_event store(struct name_reader *r, unsigned char c)
{
	if (r->len >= NAME_MAX_LEN) {
		/* One bell, not one per byte: a flooding line would get its
		 * flood back. */
		if (!r->overflow)
			echo(r, "\a", 1);
		r->overflow = true;
		return NAME_MORE;
	}
	r->buf[r->len++] = (char)c;
	if (is_control(c)) {
		char v[2] = { '^', (char)(c == DEL ? '?' : c + '@') };
		echo(r, v, 2);
	} else {
		echo(r, (const char *)&c, 1);
	}
	return NAME_MORE;
}

/* A key: the editing keys act, any other is stored. */
static enum name_event key(struct name_reader *r, unsigned char c)
{
	switch (c) {
	case 0:
		return broke(r);
	case '\r':
	case '\n':
		return finish(r);
	case '\b':
	case DEL:
		r->erase_char = c;
		/* The screen shows what is stored: from here on it is the
		 * name again. */
		r->overflow = false;
		if (r->len > 0)
			rub_out(r);
		return NAME_MORE;
	case CTRL_KEY('U'):
		r->overflow = false;
		while (r->len > 0)
			rub_out(r);
		return NAME_MORE;
	case CTRL_KEY('D'):
		if (r->len == 0) {
			r->echo_len = 0;
			return NAME_EOF;
		}
		break;
	default:
		break;
	}
	return store(r, c);
}

enum name_event name_reader_feed(struct name_reader *r, unsigned char c)
{
	r->echo_len = 0;
	switch (read_mark(r, c)) {
	case MARK_HELD:
		return NAME_MORE;
	case MARK_BREAK:
		return broke(r);
	case MARK_LITERAL:
		return store(r, c);
	case MARK_PLAIN:
		break;
	}
	return key(r, c);
}
