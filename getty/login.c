/* Handing the line over to login: the program, its arguments, the exec. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gettydefs.h"
#include "login.h"
#include "msg.h"
#include "options.h"

const char *default_term(const char *line)
{
	/* Virtual consoles are tty1..tty63; everything else is a serial
	 * terminal of some kind. */
	if (strncmp(line, "tty", 3) == 0 && line[3] >= '1' && line[3] <= '9')
		return "linux";
	return "vt102";
}

void exec_login(const struct getty_options *o, const struct gettydef *e,
		       const char *name)
{
	const char *prog = o->login_program ? o->login_program :
		e->login_program ? e->login_program : PATH_LOGIN;
	char *argv[64];
	size_t n = 0;
	argv[n++] = (char *)prog;
	char *opts = NULL;
	if (o->login_options) {
		/* agetty's -o: blank-separated words, \u is the name. */
		opts = strdup(o->login_options);
		if (opts == NULL)
			fatal("out of memory");
		for (char *w = strtok(opts, " \t"); w && n < 62; w = strtok(NULL, " \t")) {
			if (strcmp(w, "\\u") == 0) {
				if (name)
					argv[n++] = (char *)name;
			} else {
				argv[n++] = w;
			}
		}
	} else {
		if (o->host) {
			argv[n++] = "-h";
			argv[n++] = (char *)o->host;
		}
		if (o->autologin)
			argv[n++] = "-f";
		if (name) {
			argv[n++] = "--";
			argv[n++] = (char *)name;
		}
	}
	argv[n] = NULL;
	execv(prog, argv);
	fatal("exec %s: %s", prog, strerror(errno));
}
