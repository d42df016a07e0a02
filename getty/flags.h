/* The words of a gettydefs flag field (termios flag names, speeds, SANE):
 * parsed into a flag set, turned into termios words, and named again for
 * `getty -c`.  Pure code: nothing here touches a line. */
#ifndef GETTY_FLAGS_H
#define GETTY_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <termios.h>

enum flag_group { FLAG_IFLAG, FLAG_OFLAG, FLAG_CFLAG, FLAG_LFLAG, FLAG_GROUPS };

struct flag_name {
	const char *name;
	enum flag_group group;
	tcflag_t value;
	/* Non-zero for a value inside a multi-bit field (CSIZE, NLDLY, ...):
	 * naming it replaces the whole field. */
	tcflag_t field;
};

/* What one flag field says: every termios word is built from nothing,
 * SANE first (where named), then the named flags on top. */
struct flagset {
	tcflag_t set[FLAG_GROUPS];
	tcflag_t fields[FLAG_GROUPS];	/* multi-bit fields given a value */
	bool sane;
	bool has_speed;
	speed_t speed;
};

/* The flag table, terminated by a NULL name. */
extern const struct flag_name flag_names[];

/* Look a flag name up; NULL when unknown.  SANE and speeds are not in
 * this table. */
const struct flag_name *flag_lookup(const char *name);

/* "B9600" -> B9600.  False when not a speed name. */
bool speed_from_name(const char *name, speed_t *speed);
/* "9600" -> B9600.  False when not a supported baud rate. */
bool speed_from_baud(const char *digits, speed_t *speed);
/* B9600 -> 9600, or -1 when unknown. */
long speed_to_baud(speed_t speed);

/* Parse a whitespace-separated flag field.  A bad word is skipped and the
 * rest still parsed; then the result is false and err holds a one-line
 * message (without file/line/field) about the first bad word. */
bool flagset_parse(const char *text, struct flagset *out, char *err, size_t errlen);

/* The termios mode words a flag set describes (c_cc left alone).  CREAD is
 * always on and CS8 is used when no character size is named, because a
 * line that cannot receive, or 5-bit characters, are never what is meant.
 * The speed is set only when the flag set names one. */
void flagset_to_termios(const struct flagset *fs, struct termios *t);

/* Print the names of the flags set in one termios word, space separated
 * ("(none)" when empty). */
void flag_print_word(FILE *out, enum flag_group group, tcflag_t word);

/* Flags SANE sets, per group. */
extern const tcflag_t sane_flags[FLAG_GROUPS];

#endif
