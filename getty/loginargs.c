/* What login is run with: the program, its arguments and TERM. */
#include <string.h>

#include "gettydefs.h"
#include "loginargs.h"
#include "options.h"

const char *login_program(const struct getty_options *o, const struct gettydef *e)
{
	return o->login_program ? o->login_program :
		e->login_program ? e->login_program : PATH_LOGIN;
}

void login_argv(const struct getty_options *o, const char *prog, const char *name,
		char *words, char *argv[LOGIN_ARGV_MAX])
{
	size_t n = 0;
	argv[n++] = (char *)prog;
	if (words) {
		/* agetty's -o: blank-separated words, \u is the name. */
		for (char *w = strtok(words, " \t"); w && n < 62; w = strtok(NULL, " \t")) {
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
}

const char *default_term(const char *line)
{
	/* Virtual consoles are tty1..tty63; everything else is a serial
	 * terminal of some kind. */
	if (strncmp(line, "tty", 3) == 0 && line[3] >= '1' && line[3] <= '9')
		return "linux";
	return "vt102";
}
