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
#define TELINIT_REEXEC_TIMEOUT_S  30    /* U: a change in progress goes first */
#define TELINIT_TIMEOUT_MAX       86400

enum telinit_action {
	TELINIT_RUNLEVEL,       /* a level character, optionally waited for */
	TELINIT_SETENV,         /* -e VAR[=VALUE]... */
	TELINIT_STATUS,         /* `status` */
	TELINIT_POWER,          /* `powerfail`, `powerfailnow`, `powerok` */
	TELINIT_HELP,
	TELINIT_VERSION,
};

/* The most "-e INIT_X" (7 bytes each) a request's data can hold. */
#define TELINIT_VARS_MAX (INITREQ_DATA_SIZE / 7)

struct telinit_cmd {
	enum telinit_action action;
	char level;                     /* RUNLEVEL: as typed */
	int sleeptime;                  /* RUNLEVEL: -t, seconds */
	bool wait;                      /* RUNLEVEL: -W */
	int timeout_s;                  /* STATUS, -W and U: -T, or the default */
	enum initreq_cmd power;         /* POWER */
	/* SETENV: point into argv.  As sysvinit's, any number that fits
	 * in a request (init keeps the first INITREQ_ENV_MAX it is given);
	 * a name that is not INIT_ is left out, as init would ignore it. */
	const char *vars[TELINIT_VARS_MAX];
	size_t nvars;
	const char *ignored[TELINIT_VARS_MAX];  /* the names left out */
	size_t nignored;
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
