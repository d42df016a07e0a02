/* The modes getty puts the line in: one while it reads a login name, one
 * for login.  Pure code: termios words are built, never applied. */
#ifndef GETTY_LINEMODES_H
#define GETTY_LINEMODES_H

#include <stdbool.h>
#include <termios.h>

#include "flags.h"

/* cflags, in both: control flags the command line adds (line_cflags()). */

/* The line while getty reads a name: the entry's initial flags and speed,
 * then raw input without echo (getty echoes and edits itself) and BREAK
 * delivered as a NUL byte; output keeps NL -> CR NL. */
void termios_for_reading(const struct flagset *initial, tcflag_t cflags, struct termios *t);

/* The line handed to login: the final flags (speed kept when they name
 * none), the usual control characters with the erase the user typed
 * (erase 0: DEL), and upper-case mode (IUCLC OLCUC XCASE, and IEXTEN,
 * without which Linux ignores IUCLC) when the name was all capitals. */
void termios_for_login(const struct flagset *final, tcflag_t cflags, bool uppercase,
		       unsigned char erase, struct termios *t);

#endif
