/* Handing the line over to login: the exec. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "login.h"
#include "loginargs.h"
#include "msg.h"
#include "options.h"

void exec_login(const struct getty_options *o, const struct gettydef *e,
		const char *name)
{
	const char *prog = login_program(o, e);
	char *words = NULL;
	if (o->login_options) {
		words = strdup(o->login_options);
		if (!words)
			fatal("out of memory");
	}
	char *argv[LOGIN_ARGV_MAX];
	login_argv(o, prog, name, words, argv);
	execv(prog, argv);
	fatal("exec %s: %s", prog, strerror(errno));
}
