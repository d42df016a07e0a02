/* Reading a login name byte by byte: echo, erase, kill, BREAK detection,
 * the checks on the finished name.  Pure: the caller does the reads and
 * writes the echo this produces. */
#ifndef GETTY_NAMEIN_H
#define GETTY_NAMEIN_H

#include <stdbool.h>
#include <stddef.h>

#define NAME_MAX_LEN 64

enum name_event {
	NAME_MORE,	/* keep reading */
	NAME_DONE,	/* a valid name is in reader.name */
	NAME_EMPTY,	/* Return on an empty line: prompt again */
	NAME_REFUSED,	/* starts with '-', holds control chars, too long */
	NAME_BREAK,	/* BREAK or framing error: hunt to the next entry */
	NAME_EOF,	/* ^D on an empty line */
};

struct name_reader {
	char buf[NAME_MAX_LEN + 1];
	size_t len;
	/* The line marks errors PARMRK-style: \377 \0 X. */
	bool parmrk;
	unsigned mark_state;
	/* More than NAME_MAX_LEN bytes came: the rest was dropped, the
	 * bell rung once.  Refused at the end unless erased meanwhile. */
	bool overflow;
	unsigned char erase_char;	/* the erase the user typed, 0 if none */
	bool uppercase;			/* set with NAME_DONE */
	const char *problem;		/* set with NAME_REFUSED */
	char name[NAME_MAX_LEN + 1];	/* set with NAME_DONE */
	char echo[4 * NAME_MAX_LEN + 8];/* bytes to write back after a feed */
	size_t echo_len;
};

void name_reader_init(struct name_reader *r, bool parmrk);

/* Feed one input byte.  After the call r->echo/echo_len hold what to write
 * to the terminal.  After anything but NAME_MORE the reader is reset for
 * the next attempt (erase_char is kept). */
enum name_event name_reader_feed(struct name_reader *r, unsigned char c);

/* Why a finished name is unacceptable, or NULL when it is fine. */
const char *name_problem(const char *name, size_t len);

#endif
