/* getty's course from the command line to login: which steps run and in
 * what order (find the line and open it, show /etc/issue and the prompt,
 * read a name or take -a's, set the final modes, exec login), and the
 * usage message.  The work of each step is in the file named after it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#include <bsd/string.h>

#include "askname.h"
#include "gettydefs.h"
#include "issue.h"
#include "line.h"
#include "login.h"
#include "loginargs.h"
#include "loginrec.h"
#include "msg.h"
#include "options.h"
#include "table.h"

/* Room for "/dev/" and a line name. */
#define LINE_BUF_SIZE 64

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s [-h] [-t TIMEOUT] LINE [LABEL [TERMTYPE [LINEDISC]]]\n"
		"       %s [options] SPEED[,SPEED...] LINE [TERMTYPE]\n"
		"       %s -c FILE\n"
		"options: -h (no hangup; in the agetty form: RTS/CTS flow control)\n"
		"         -t SECONDS -L (local line) -i (no issue)\n"
		"         -f ISSUE_FILE --gettydefs FILE -l LOGIN_PROGRAM -o LOGIN_OPTIONS\n"
		"         -a/--autologin USER -n (skip prompt) -H HOST --noclear -8\n"
		"         -s/--keep-baud\n",
		progname, progname, progname);
}

/* Which line: *path is what to open (NULL: the terminal on standard
 * input, for "-"); returned, its name for messages and utmp ("ttyS0").
 * buf holds whichever of the two needs room. */
static const char *which_line(const char *operand, char buf[LINE_BUF_SIZE],
			      const char **path)
{
	if (strcmp(operand, "-") == 0) {
		const char *tn = ttyname(STDIN_FILENO);
		if (!tn)
			fatal("standard input is not a terminal");
		strlcpy(buf, strncmp(tn, "/dev/", 5) == 0 ? tn + 5 : tn, LINE_BUF_SIZE);
		*path = NULL;
		return buf;
	}
	const char *line = line_name(operand);
	snprintf(buf, LINE_BUF_SIZE, "/dev/%s", line);
	*path = buf;
	return line;
}

/* From here on messages name the line: there may be many gettys. */
static void name_messages_after(const char *line)
{
	static char prog_line[80];
	snprintf(prog_line, sizeof(prog_line), "getty %s", line);
	msg_syslog(prog_line);
}

/* The line open and in e's modes for reading a name.  Returns the speed
 * --keep-baud keeps, or B0. */
static speed_t prepare_line(const char *path, const struct getty_options *o,
			    bool from_speeds, const struct gettydef *e, tcflag_t cflags)
{
	open_line(path, hang_up_line(o, from_speeds));
	speed_t keep = B0;
	if (o->keep_baud) {
		struct termios now;
		if (tcgetattr(STDIN_FILENO, &now) == 0)
			keep = cfgetospeed(&now);
	}
	set_reading_mode(e, cflags, keep);

	if (from_speeds && !o->noclear)
		write_str("\033[H\033[2J");
	return keep;
}

/* Who logs in: -a's user, announced; nobody yet with -n (login asks);
 * else the name read from the line into *name, which may hunt on along
 * the chain (*entry, *keep as for read_name()). */
static const char *who_logs_in(const struct getty_options *o,
			       const struct gettydefs *defs, size_t *entry,
			       tcflag_t cflags, speed_t *keep, const char *line,
			       struct login_name *name)
{
	if (o->autologin) {
		if (!o->no_issue)
			show_issue(o, line);
		const struct gettydef *e = &defs->entries[*entry];
		show(e->prompt, strlen(e->prompt), EXPAND_PROMPT, line);
		write_str(o->autologin);
		write_str(" (automatic login)\n");
		return o->autologin;
	}
	if (o->skip_login) {
		if (!o->no_issue)
			show_issue(o, line);
		return NULL;
	}
	read_name(o, defs, entry, cflags, keep, line, name);
	return name->name;
}

int main(int argc, char *argv[])
{
	struct getty_options o;
	char err[256];

	if (!getty_options_parse(argc, argv, &o, err, sizeof(err))) {
		usage(stderr);
		msg_syslog("getty");
		fatal("%s", err);
	}
	if (o.help) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (o.check_file)
		return check_file(o.check_file);

	msg_syslog("getty");
	char ttypath[LINE_BUF_SIZE];
	const char *path;
	const char *line = which_line(o.line, ttypath, &path);
	name_messages_after(line);

	size_t entry;
	bool from_speeds;
	struct gettydefs *defs = load_table(&o, &entry, &from_speeds);
	/* Speeds instead of a gettydefs label: agetty's form, and -h is
	 * agetty's. */
	tcflag_t cflags = line_cflags(&o, from_speeds);
	speed_t keep = prepare_line(path, &o, from_speeds, &defs->entries[entry], cflags);

	struct login_name name;
	memset(&name, 0, sizeof(name));
	const char *login_as = who_logs_in(&o, defs, &entry, cflags, &keep, line, &name);

	const struct gettydef *e = &defs->entries[entry];
	set_login_mode(e, cflags, name.uppercase, name.erase, keep);

	write_utmp(line, o.host);
	if (setenv("TERM", o.termtype ? o.termtype : default_term(line), 1) < 0)
		fatal("setenv: %s", strerror(errno));
	closelog();
	exec_login(&o, e, login_as);
}
