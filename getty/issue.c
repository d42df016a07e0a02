/* Showing /etc/issue and the login prompt, their substitutions filled in
 * from uname, utmp, the clock and the line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#include "escape.h"
#include "flags.h"
#include "issue.h"
#include "line.h"
#include "msg.h"
#include "options.h"
#include "readfile.h"

static unsigned count_users(void)
{
	unsigned n = 0;
	struct utmpx *u;
	setutxent();
	while ((u = getutxent()))
		if (u->ut_type == USER_PROCESS)
			n++;
	endutxent();
	return n;
}

static void collect_values(struct escape_values *v, struct utsname *uts,
			   const char *line)
{
	memset(v, 0, sizeof(*v));
	if (uname(uts) == 0) {
		v->nodename = uts->nodename;
		v->sysname = uts->sysname;
		v->release = uts->release;
		v->version = uts->version;
		v->machine = uts->machine;
		v->domainname = strcmp(uts->domainname, "(none)") == 0 ? "" : uts->domainname;
	}
	v->line = line;
	struct termios t;
	v->speed = tcgetattr(STDIN_FILENO, &t) == 0 ? speed_to_baud(cfgetospeed(&t)) : -1;
	time_t now = time(NULL);
	localtime_r(&now, &v->now);
	v->users = count_users();
}

void show(const char *text, size_t len, enum expand_mode mode, const char *line)
{
	struct utsname uts;
	struct escape_values v;
	collect_values(&v, &uts, line);
	size_t out_len;
	char *out = escape_expand(text, len, mode, &v, &out_len);
	if (!out)
		fatal("out of memory");
	write_all(out, out_len);
	free(out);
}

void show_issue(const struct getty_options *o, const char *line)
{
	const char *path = o->issue_file ? o->issue_file : PATH_ISSUE;
	size_t len;
	char *text = read_file(path, 0, READFILE_CONF_MAX, &len);
	if (!text) {
		if (errno != ENOENT)
			warn_msg("%s: %s", path, strerror(errno));
		return;
	}
	show(text, len, EXPAND_ISSUE, line);
	free(text);
}
