/* getty's course from the command line to login: which steps run and in
 * what order (open the line, show /etc/issue and the prompt, read a name,
 * set the final modes, exec login), and the usage message.  The work of
 * each step is in the file named after it. */
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

	char ttypath[64];
	const char *path = NULL;
	const char *line;
	if (strcmp(o.line, "-") == 0) {
		const char *tn = ttyname(STDIN_FILENO);
		if (!tn)
			fatal("standard input is not a terminal");
		strlcpy(ttypath, strncmp(tn, "/dev/", 5) == 0 ? tn + 5 : tn, sizeof(ttypath));
		line = ttypath;
	} else {
		line = line_name(o.line);
		snprintf(ttypath, sizeof(ttypath), "/dev/%s", line);
		path = ttypath;
	}
	/* From here on messages name the line: there may be many gettys. */
	static char prog_line[80];
	snprintf(prog_line, sizeof(prog_line), "getty %s", line);
	msg_syslog(prog_line);

	size_t entry;
	bool from_speeds;
	struct gettydefs *defs = load_table(&o, &entry, &from_speeds);
	/* Speeds instead of a gettydefs label: agetty's form, and -h is
	 * agetty's. */
	tcflag_t cflags = line_cflags(&o, from_speeds);

	open_line(path, hang_up_line(&o, from_speeds));
	speed_t keep = B0;
	if (o.keep_baud) {
		struct termios now;
		if (tcgetattr(STDIN_FILENO, &now) == 0)
			keep = cfgetospeed(&now);
	}
	set_reading_mode(&defs->entries[entry], cflags, keep);

	if (from_speeds && !o.noclear)
		write_str("\033[H\033[2J");

	struct login_name name;
	memset(&name, 0, sizeof(name));
	const char *login_as = NULL;
	if (o.autologin) {
		if (!o.no_issue)
			show_issue(&o, line);
		const struct gettydef *e = &defs->entries[entry];
		show(e->prompt, strlen(e->prompt), EXPAND_PROMPT, line);
		write_str(o.autologin);
		write_str(" (automatic login)\n");
		login_as = o.autologin;
	} else if (o.skip_login) {
		if (!o.no_issue)
			show_issue(&o, line);
	} else {
		read_name(&o, defs, &entry, cflags, &keep, line, &name);
		login_as = name.name;
	}

	const struct gettydef *e = &defs->entries[entry];
	set_login_mode(e, cflags, name.uppercase, name.erase, keep);

	write_utmp(line, o.host);
	if (setenv("TERM", o.termtype ? o.termtype : default_term(line), 1) < 0)
		fatal("setenv: %s", strerror(errno));
	closelog();
	exec_login(&o, e, login_as);
}
