/*
 * haltopts: halt, reboot and poweroff's command line (see haltopts.h).
 */
#include "haltopts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A usage error: the message into err, -1 back. */
#define fail(err, errsize, ...) (snprintf((err), (errsize), __VA_ARGS__), -1)

static enum halt_cmd cmd_of(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	if (strcmp(base, "reboot") == 0)
		return HALT_CMD_REBOOT;
	if (strcmp(base, "poweroff") == 0)
		return HALT_CMD_POWEROFF;
	return HALT_CMD_HALT;
}

static int read_seconds(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 86400)
			return -1;
	}
	return (int)v;
}

/* An option that takes an argument: -t SEC, -m ARG. */
static int take_arg(char c, const char *arg, struct halt_opts *o,
		    char *err, size_t errsize)
{
	if (c == 't') {
		o->sleeptime = read_seconds(arg);
		if (o->sleeptime < 0)
			return fail(err, errsize, "`%s': bad number of seconds", arg);
		return 0;
	}
	if (o->cmd != HALT_CMD_REBOOT)
		return fail(err, errsize, "%s", "-m is for reboot only");
	if (strlen(arg) > HALT_RESTART2_MAX)
		return fail(err, errsize, "%s", "-m: the argument is too long");
	o->restart2 = arg;
	return 0;
}

static int take_flag(char c, struct halt_opts *o, char *err, size_t errsize)
{
	switch (c) {
	case 'n': o->no_sync = true; break;
	case 'w': o->wtmp_only = true; break;
	case 'd': o->no_wtmp = true; break;
	case 'f': o->force = true; break;
	case 'i': o->ifdown = true; break;
	case 'h': o->hddown = true; break;
	case 'p': o->poweroff = true; break;
	case 'k':
		if (o->cmd != HALT_CMD_REBOOT)
			return fail(err, errsize, "%s", "-k is for reboot only");
		o->kexec = true;
		break;
	default:
		return fail(err, errsize, "%s", "");
	}
	return 0;
}

int halt_parse(int argc, char *const argv[], struct halt_opts *o,
	       char *err, size_t errsize)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd_of(argc > 0 ? argv[0] : "halt");
	o->sleeptime = -1;
	err[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (strcmp(w, "--") == 0) {
			if (i + 1 < argc)
				return fail(err, errsize, "%s", "");
			break;
		}
		if (w[0] != '-' || w[1] == '\0')
			return fail(err, errsize, "%s", "");
		for (size_t k = 1; w[k]; k++) {
			if (w[k] != 't' && w[k] != 'm') {
				if (take_flag(w[k], o, err, errsize) < 0)
					return -1;
				continue;
			}
			const char *arg = w[k + 1] ? w + k + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (arg == NULL)
				return fail(err, errsize, "option -%s needs an argument",
					    w[k] == 't' ? "t" : "m");
			if (take_arg(w[k], arg, o, err, errsize) < 0)
				return -1;
			break;
		}
	}
	if (o->kexec && o->restart2)
		return fail(err, errsize, "%s", "-k and -m do not go together");
	return 0;
}

bool halt_powers_off(const struct halt_opts *o, const char *init_halt,
		     const char *default_halt)
{
	if (o->poweroff || o->cmd == HALT_CMD_POWEROFF)
		return true;
	if (init_halt != NULL && init_halt[0] != '\0')
		return strcmp(init_halt, "POWEROFF") == 0 || strcmp(init_halt, "POWERDOWN") == 0;
	return default_halt != NULL && (default_halt[0] == 'p' || default_halt[0] == 'P');
}

/* One line: "[export ]HALT=value" with value bare or quoted. */
static bool line_value(const char *line, size_t len, char *out, size_t size)
{
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (len >= 7 && strncmp(line, "export ", 7) == 0)
		line += 7, len -= 7;
	if (len < 5 || strncmp(line, "HALT=", 5) != 0)
		return false;
	line += 5, len -= 5;
	char quote = (len > 0 && (*line == '"' || *line == '\'')) ? *line : 0;
	if (quote)
		line++, len--;
	size_t n = 0;
	while (n < len && line[n] != quote && (quote || (line[n] != ' ' && line[n] != '\t' &&
						       line[n] != '#' && line[n] != ';')))
		n++;
	if (n >= size)
		n = size - 1;
	memcpy(out, line, n);
	out[n] = '\0';
	return true;
}

bool halt_default_value(const char *text, char *out, size_t size)
{
	bool found = false;

	if (size == 0)
		return false;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		if (line_value(text, len, out, size))
			found = true;       /* the last assignment counts, as in sh */
		text += len + (nl != NULL);
	}
	return found;
}

void halt_shutdown_argv(const struct halt_opts *o, const char *default_halt,
			const char *shutdown_path, const char *args[8],
			char *tbuf, size_t tsize)
{
	size_t n = 0;

	args[n++] = shutdown_path;
	if (o->cmd == HALT_CMD_REBOOT) {
		args[n++] = "-r";
	} else {
		args[n++] = "-h";
		args[n++] = halt_powers_off(o, NULL, default_halt) ? "-P" : "-H";
	}
	if (o->sleeptime >= 0) {
		snprintf(tbuf, tsize, "%d", o->sleeptime);
		args[n++] = "-t";
		args[n++] = tbuf;
	}
	args[n++] = "now";
	args[n] = NULL;
}
