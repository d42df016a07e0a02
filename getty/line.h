/* The terminal line: opening it as the controlling terminal, setting its
 * modes, writing to it. */
#ifndef GETTY_LINE_H
#define GETTY_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

struct gettydef;

/* Make fd 0, 1 and 2 the line, as controlling terminal of a new session,
 * hanging up earlier users first when hang_up says so.  path NULL: the
 * terminal already on standard input. */
void open_line(const char *path, bool hang_up);

void write_all(const char *buf, size_t len);
void write_str(const char *s);

/* cflags: what the command line adds (line_cflags()); keep: a speed to
 * keep instead of the entry's (--keep-baud), or B0. */
void set_reading_mode(const struct gettydef *e, tcflag_t cflags, speed_t keep);

/* The entry's final modes for login; uppercase and erase as the name was
 * typed, cflags and keep as for set_reading_mode(). */
void set_login_mode(const struct gettydef *e, tcflag_t cflags, bool uppercase,
		    unsigned char erase, speed_t keep);

#endif
