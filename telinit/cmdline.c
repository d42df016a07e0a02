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
	if (!initreq_env_name_ok(v)) {
		if (cmd->nignored < TELINIT_VARS_MAX)
			cmd->ignored[cmd->nignored++] = v;
		return 0;
	}
	*bytes += strlen(v) + 1;
	if (*bytes > INITREQ_DATA_SIZE)
		return errbuf_set(err, errsize, "-e: the variables do not fit in a request (%d bytes)",
				    INITREQ_DATA_SIZE);
	cmd->vars[cmd->nvars++] = v;
	return 0;
}

/* Where the parse stands while argv is read. */
struct parse {
	struct telinit_cmd *cmd;
	const char *operand;
	bool timeout_given, sleeptime_given;
	size_t env_bytes;
	char *err;
	size_t errsize;
};

/* Answered from the options alone (--help, -h, --version). */
#define PARSE_DONE 1

static int take_operand(struct parse *ps, const char *a)
{
	if (ps->operand)
		return errbuf_set(ps->err, ps->errsize, "unexpected argument '%s' after '%s'",
				  a, ps->operand);
	ps->operand = a;
	return 0;
}

/* -t, -T or -e with its value. */
static int option_value(struct parse *ps, char opt, const char *val)
{
	if (opt == 't') {
		ps->sleeptime_given = true;
		return number("t", val, 0, TELINIT_SLEEPTIME_MAX, &ps->cmd->sleeptime,
			      ps->err, ps->errsize);
	}
	if (opt == 'T') {
		ps->timeout_given = true;
		return number("T", val, 1, TELINIT_TIMEOUT_MAX, &ps->cmd->timeout_s,
			      ps->err, ps->errsize);
	}
	return add_var(ps->cmd, val, &ps->env_bytes, ps->err, ps->errsize);
}

/* A cluster of short options, argv[*i]; one taking a value ends it, the
 * value being the rest of the word or the next word. */
static int short_options(struct parse *ps, int argc, char *const argv[], int *i)
{
	for (const char *p = argv[*i] + 1; *p; p++) {
		char opt = *p;

		switch (opt) {
		case 'h':
			ps->cmd->action = TELINIT_HELP;
			return PARSE_DONE;
		case 'W':
			ps->cmd->wait = true;
			break;
		case 't':
		case 'T':
		case 'e':
			if (p[1])
				return option_value(ps, opt, p + 1);
			if (*i + 1 < argc)
				return option_value(ps, opt, argv[++*i]);
			return errbuf_set(ps->err, ps->errsize, "option -%c needs a value", opt);
		default:
			return errbuf_set(ps->err, ps->errsize, "unknown option '-%c'", opt);
		}
	}
	return 0;
}

/* The options and the operand, in any order; "--" ends the options. */
static int scan_args(struct parse *ps, int argc, char *const argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--help") == 0) {
			ps->cmd->action = TELINIT_HELP;
			return PARSE_DONE;
		}
		if (strcmp(a, "--version") == 0) {
			ps->cmd->action = TELINIT_VERSION;
			return PARSE_DONE;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (take_operand(ps, a) < 0)
				return -1;
			continue;
		}
		if (a[1] == '-')
			return errbuf_set(ps->err, ps->errsize, "unknown option '%s'", a);
		int rc = short_options(ps, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	for (; i < argc; i++)
		if (take_operand(ps, argv[i]) < 0)
			return -1;
	return 0;
}

/* What the operand asks for: status, a power word or a level. */
static int operand_action(struct parse *ps)
{
	struct telinit_cmd *cmd = ps->cmd;
	const char *operand = ps->operand;

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
		return errbuf_set(ps->err, ps->errsize,
				  "unknown runlevel '%s' (expected one of 0-9 S Q U A B C, or status)",
				  operand);
	}
	return 0;
}

/* The options that fit some actions only; the timeout's default. */
static int check_options(struct parse *ps)
{
	struct telinit_cmd *cmd = ps->cmd;

	if (cmd->action != TELINIT_RUNLEVEL && (cmd->wait || ps->sleeptime_given))
		return errbuf_set(ps->err, ps->errsize, "%s applies to a runlevel change only",
				  cmd->wait ? "-W" : "-t");
	if (cmd->wait && (cmd->level == 'U' || cmd->level == 'u'))
		return errbuf_set(ps->err, ps->errsize,
				  "-W cannot wait for U: init re-executes itself");
	bool reexec = cmd->action == TELINIT_RUNLEVEL && (cmd->level == 'U' || cmd->level == 'u');
	if (ps->timeout_given && cmd->action != TELINIT_STATUS && !cmd->wait && !reexec)
		return errbuf_set(ps->err, ps->errsize, "-T applies to status, -W and U only");
	if (!ps->timeout_given)
		cmd->timeout_s = cmd->action == TELINIT_STATUS ? TELINIT_STATUS_TIMEOUT_S :
				 reexec ? TELINIT_REEXEC_TIMEOUT_S : TELINIT_WAIT_TIMEOUT_S;
	return 0;
}

int telinit_parse(int argc, char *const argv[], struct telinit_cmd *cmd,
		  char *err, size_t errsize)
{
	struct parse ps = { .cmd = cmd, .err = err, .errsize = errsize };

	memset(cmd, 0, sizeof(*cmd));
	cmd->sleeptime = TELINIT_SLEEPTIME_DEFAULT;
	int rc = scan_args(&ps, argc, argv);
	if (rc != 0)
		return rc == PARSE_DONE ? 0 : -1;

	if (cmd->nvars || cmd->nignored) {
		/* As sysvinit: -e sends SETENV instead of a runlevel change
		 * (with only ignored names, an empty one: init does nothing). */
		if (ps.operand)
			return errbuf_set(err, errsize, "-e takes no runlevel: it only sets variables");
		if (cmd->wait)
			return errbuf_set(err, errsize, "-W waits for a runlevel change, not for -e");
		cmd->action = TELINIT_SETENV;
		return 0;
	}
	if (!ps.operand)
		return errbuf_set(err, errsize, "no runlevel given");
	if (operand_action(&ps) < 0)
		return -1;
	return check_options(&ps);
}
