/*
 * telinit's command line: sysvinit's `[-t SEC] [-e VAR[=VAL]]... LEVEL`
 * plus our `status`, power words, -W and -T.  Hand-rolled rather than
 * getopt so that it is pure and can be run many times by the tests.
 */
#include "cmdline.h"
#include "errbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>

static bool is_level(const char *s)
{
	return s[0] != '\0' && s[1] == '\0' &&
	       strchr("0123456789SsQqUuAaBbCc", s[0]) != NULL;
}

static int number(const char *opt, const char *arg, long long min, long long max,
		  int *out, char *err, size_t errsize)
{
	const char *why = NULL;
	long long v = strtonum(arg, min, max, &why);

	if (why)
		return errbuf_set(err, errsize, "-%s %s: expected a number of seconds from %lld to %lld",
				    opt, arg, min, max);
	*out = (int)v;
	return 0;
}

static int add_var(struct telinit_cmd *cmd, const char *v, size_t *bytes,
		   char *err, size_t errsize)
{
	if (!initreq_env_name_ok(v))
		return errbuf_set(err, errsize, "-e %s: the name must be INIT_ followed by letters, digits or _", v);
	if (cmd->nvars == INITREQ_ENV_MAX)
		return errbuf_set(err, errsize, "-e: at most %d variables", INITREQ_ENV_MAX);
	*bytes += strlen(v) + 1;
	if (*bytes > INITREQ_DATA_SIZE)
		return errbuf_set(err, errsize, "-e: the variables do not fit in a request (%d bytes)",
				    INITREQ_DATA_SIZE);
	cmd->vars[cmd->nvars++] = v;
	return 0;
}

int telinit_parse(int argc, char *const argv[], struct telinit_cmd *cmd,
		  char *err, size_t errsize)
{
	const char *operand = NULL;
	bool timeout_given = false, sleeptime_given = false;
	size_t env_bytes = 0;
	int i;

	memset(cmd, 0, sizeof(*cmd));
	cmd->sleeptime = TELINIT_SLEEPTIME_DEFAULT;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--help") == 0) {
			cmd->action = TELINIT_HELP;
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			cmd->action = TELINIT_VERSION;
			return 0;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (operand)
				return errbuf_set(err, errsize, "unexpected argument '%s' after '%s'", a, operand);
			operand = a;
			continue;
		}
		if (a[1] == '-')
			return errbuf_set(err, errsize, "unknown option '%s'", a);
		/* A cluster of short options; one taking a value ends it. */
		for (const char *p = a + 1; *p; p++) {
			char opt = *p;
			const char *val = NULL;

			switch (opt) {
			case 'h':
				cmd->action = TELINIT_HELP;
				return 0;
			case 'W':
				cmd->wait = true;
				continue;
			case 't':
			case 'T':
			case 'e':
				if (p[1])
					val = p + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else
					return errbuf_set(err, errsize, "option -%c needs a value", opt);
				break;
			default:
				return errbuf_set(err, errsize, "unknown option '-%c'", opt);
			}
			int rc;
			if (opt == 't') {
				rc = number("t", val, 0, TELINIT_SLEEPTIME_MAX, &cmd->sleeptime, err, errsize);
				sleeptime_given = true;
			} else if (opt == 'T') {
				rc = number("T", val, 1, TELINIT_TIMEOUT_MAX, &cmd->timeout_s, err, errsize);
				timeout_given = true;
			} else {
				rc = add_var(cmd, val, &env_bytes, err, errsize);
			}
			if (rc != 0)
				return rc;
			break;
		}
	}
	for (; i < argc; i++) {
		if (operand)
			return errbuf_set(err, errsize, "unexpected argument '%s' after '%s'", argv[i], operand);
		operand = argv[i];
	}

	if (cmd->nvars) {
		/* As sysvinit: -e sends SETENV instead of a runlevel change. */
		if (operand)
			return errbuf_set(err, errsize, "-e takes no runlevel: it only sets variables");
		if (cmd->wait)
			return errbuf_set(err, errsize, "-W waits for a runlevel change, not for -e");
		cmd->action = TELINIT_SETENV;
		return 0;
	}
	if (!operand)
		return errbuf_set(err, errsize, "no runlevel given");

	if (strcmp(operand, "status") == 0) {
		cmd->action = TELINIT_STATUS;
	} else if (strcmp(operand, "powerfail") == 0) {
		cmd->action = TELINIT_POWER;
		cmd->power = INITCMD_POWERFAIL;
	} else if (strcmp(operand, "powerfailnow") == 0) {
		cmd->action = TELINIT_POWER;
		cmd->power = INITCMD_POWERFAILNOW;
	} else if (strcmp(operand, "powerok") == 0) {
		cmd->action = TELINIT_POWER;
		cmd->power = INITCMD_POWEROK;
	} else if (is_level(operand)) {
		cmd->action = TELINIT_RUNLEVEL;
		cmd->level = operand[0];
	} else {
		return errbuf_set(err, errsize, "unknown runlevel '%s' (expected one of 0-9 S Q U A B C, or status)",
				    operand);
	}

	if (cmd->action != TELINIT_RUNLEVEL && (cmd->wait || sleeptime_given))
		return errbuf_set(err, errsize, "%s applies to a runlevel change only",
				    cmd->wait ? "-W" : "-t");
	if (cmd->wait && (cmd->level == 'U' || cmd->level == 'u'))
		return errbuf_set(err, errsize, "-W cannot wait for U: init re-executes itself");
	if (timeout_given && cmd->action != TELINIT_STATUS && !cmd->wait)
		return errbuf_set(err, errsize, "-T applies to status and -W only");
	if (!timeout_given)
		cmd->timeout_s = cmd->action == TELINIT_STATUS ? TELINIT_STATUS_TIMEOUT_S
							       : TELINIT_WAIT_TIMEOUT_S;
	return 0;
}
