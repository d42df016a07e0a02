/* getty's command line: the SysV form, the agetty forms Debian's inittab
 * uses, and `-c FILE`; and what it means once read: which of the two a
 * label operand is, the line's name, whether to hang the line up, the
 * control flags the options add.  Pure: argv in, a filled struct or a
 * message out. */
#ifndef GETTY_OPTIONS_H
#define GETTY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#define MAX_SPEEDS 16

struct gettydefs;

struct getty_options {
	const char *check_file;		/* -c FILE */
	bool help;
	bool opt_h;			/* -h: what it means depends on the
					 * form; see hang_up_line() */
	long timeout;			/* -t; 0 = wait for ever */
	bool local_line;		/* -L */
	bool no_issue;			/* -i */
	bool noclear;			/* --noclear / -J */
	bool eight_bit;			/* -8 (always 8-bit clean here) */
	bool keep_baud;			/* -s: the line's speed until a BREAK */
	bool skip_login;		/* -n: no name prompt */
	const char *autologin;		/* -a USER */
	const char *login_options;	/* -o "OPTS" (\u = the name) */
	const char *login_program;	/* -l PROG */
	const char *host;		/* -H HOST */
	const char *issue_file;		/* -f FILE; NULL: PATH_ISSUE */
	const char *gettydefs_file;	/* --gettydefs FILE; NULL: PATH_GETTYDEFS */

	const char *line;		/* as given: "ttyS0", "/dev/ttyS0", "-" */
	const char *label;		/* NULL: the first entry; see
					 * resolve_label() */
	const char *termtype;
	const char *linedisc;
	/* agetty form "SPEEDS LINE": speeds instead of a gettydefs label. */
	long speeds[MAX_SPEEDS];
	size_t n_speeds;
};

/* Parse argv (argv[0] is skipped).  False with a message in err on bad
 * usage. */
bool getty_options_parse(int argc, char *const argv[], struct getty_options *o,
			 char *err, size_t errlen);

/* "9600,2400" -> {9600, 2400}.  False with a message on a bad entry. */
bool parse_speed_list(const char *text, long *speeds, size_t *n,
		      char *err, size_t errlen);

/* What the operand in the SysV label position means. */
enum label_meaning {
	LABEL_ENTRY,		/* a gettydefs entry: *entry */
	LABEL_SPEEDS,		/* agetty's speed list: speeds, *n_speeds */
	LABEL_UNKNOWN,		/* neither: warn and use the first entry */
};

/* Resolve label against defs (NULL: no table could be read).  A label the
 * table holds wins, so "getty ttyS0 9600" keeps the System V reading; a
 * label it lacks that reads as speeds is agetty's line-first form, so
 * "getty -L ttyS0 19200 vt100" runs the line at 19200 rather than at the
 * first entry's speed. */
enum label_meaning resolve_label(const char *label, const struct gettydefs *defs,
				 size_t *entry, long speeds[MAX_SPEEDS], size_t *n_speeds);

/* Whether to hang earlier users off the line before taking it: yes,
 * unless System V's -h says not to; agetty's -h is RTS/CTS flow control
 * instead (line_cflags()).  agetty_form: the operands were read the
 * agetty way, speeds first or a speed list in the label position
 * (LABEL_SPEEDS). */
bool hang_up_line(const struct getty_options *o, bool agetty_form);

/* The control flags the command line adds to every mode the line is put
 * in: CLOCAL for -L, CRTSCTS for agetty's -h. */
tcflag_t line_cflags(const struct getty_options *o, bool agetty_form);

/* The line's name without /dev/ ("ttyS0", "pts/3"); NULL when the
 * operand is unusable (empty, holds "..", or "-"). */
const char *line_name(const char *operand);

#endif
