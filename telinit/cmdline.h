/*
 * cmdline: telinit's command line, as a pure function (no I/O) so it can
 * be tested without an init.
 */
#ifndef TELINIT_CMDLINE_H
#define TELINIT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "initreq.h"

#define TELINIT_SLEEPTIME_DEFAULT 3     /* what sysvinit's telinit sends */
#define TELINIT_SLEEPTIME_MAX     86400
#define TELINIT_STATUS_TIMEOUT_S  5
#define TELINIT_WAIT_TIMEOUT_S    60
#define TELINIT_TIMEOUT_MAX       86400

enum telinit_action {
	TELINIT_RUNLEVEL,       /* a level character, optionally waited for */
	TELINIT_SETENV,         /* -e VAR[=VALUE]... */
	TELINIT_STATUS,         /* `status` */
	TELINIT_POWER,          /* `powerfail`, `powerfailnow`, `powerok` */
	TELINIT_HELP,
	TELINIT_VERSION,
};

struct telinit_cmd {
	enum telinit_action action;
	char level;                     /* RUNLEVEL: as typed */
	int sleeptime;                  /* RUNLEVEL: -t, seconds */
	bool wait;                      /* RUNLEVEL: -W */
	int timeout_s;                  /* STATUS and -W: -T, or the default */
	enum initreq_cmd power;         /* POWER */
	const char *vars[INITREQ_ENV_MAX];  /* SETENV: point into argv */
	size_t nvars;
};

/*
 * Parse argv (argv[0] is the program name).  Returns 0, or -1 with a
 * one-line message (without the program name) in err: a usage error.
 * Options may come before or after the operand, as with GNU getopt;
 * "--" ends the options.
 */
int telinit_parse(int argc, char *const argv[], struct telinit_cmd *cmd,
		  char *err, size_t errsize);

#endif
