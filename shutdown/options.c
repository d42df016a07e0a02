/*
 * options: shutdown's command line (see options.h).
 */
#include "options.h"

#include <stdio.h>
#include <string.h>

#define SD_LEVELS "0156aAbBcCsS"

/* A usage error: the message into err, -1 back. */
#define fail(err, errsize, ...) (snprintf((err), (errsize), __VA_ARGS__), -1)

/* -t's seconds: digits only, at most SD_SLEEPTIME_MAX. */
static int read_seconds(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > SD_SLEEPTIME_MAX)
			return -1;
	}
	return (int)v;
}

/* One option letter; *arg is its argument for t, g and i. */
static int take_option(char c, const char *arg, struct sd_opts *o,
		       char *err, size_t errsize)
{
	switch (c) {
	case 'H': o->halttype = "HALT"; break;
	case 'P': o->halttype = "POWEROFF"; break;
	case 'a': o->use_allow = true; break;
	case 'c': o->cancel = true; break;
	case 'k': o->warn_only = true; break;
	case 'r': o->level = '6'; break;
	case 'h': o->level = '0'; break;
	case 'f': o->fastboot = true; break;
	case 'F': o->forcefsck = true; break;
	case 'n': o->doself = true; break;
	case 'q': o->quiet = SD_QUIET_SOME; break;
	case 'Q': o->quiet = SD_QUIET_ALL; break;
	case 'y': break;        /* System V's "answer yes": nothing to ask */
	case 'g': o->when = arg; break;
	case 't':
		o->sleeptime = read_seconds(arg);
		if (o->sleeptime < 0)
			return fail(err, errsize, "`%s': bad number of seconds", arg);
		break;
	case 'i':
		if (arg[0] == '\0' || arg[1] != '\0' || strchr(SD_LEVELS, arg[0]) == NULL)
			return fail(err, errsize, "`%s': bad runlevel", arg);
		o->level = arg[0];
		break;
	default:
		return fail(err, errsize, "%s", "");
	}
	return 0;
}

/* One "-xyz" word, with t, g, i taking the rest of it or the next word.
 * Returns the number of words used, or -1. */
static int take_word(int argc, char *const argv[], int i, struct sd_opts *o,
		     char *err, size_t errsize)
{
	const char *w = argv[i];

	for (size_t k = 1; w[k]; k++) {
		char c = w[k];
		if (strchr("tgi", c) == NULL) {
			if (take_option(c, NULL, o, err, errsize) < 0)
				return -1;
			continue;
		}
		if (w[k + 1] != '\0')
			return take_option(c, w + k + 1, o, err, errsize) < 0 ? -1 : 1;
		if (i + 1 >= argc)
			return fail(err, errsize, "option -%s needs an argument", (char[]){ c, 0 });
		return take_option(c, argv[i + 1], o, err, errsize) < 0 ? -1 : 2;
	}
	return 1;
}

static void add_words(struct sd_opts *o, const char *const *words, size_t n)
{
	size_t len = 0;

	o->message[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t wl = strlen(words[i]);
		if (len + wl + 4 > SD_MESSAGE_MAX)
			break;
		memcpy(o->message + len, words[i], wl);
		len += wl;
		o->message[len++] = ' ';
		o->message[len] = '\0';
	}
	if (len > 0)
		memcpy(o->message + len, "\r\n", 3);
}

int sd_parse(int argc, char *const argv[], struct sd_opts *o,
	     char *err, size_t errsize)
{
	const char *operands[argc > 0 ? argc : 1];
	size_t nops = 0;
	bool options_done = false;

	memset(o, 0, sizeof(*o));
	o->level = '1';
	o->sleeptime = -1;
	err[0] = '\0';
	for (int i = 1; i < argc;) {
		const char *w = argv[i];
		if (options_done || w[0] != '-' || w[1] == '\0') {
			operands[nops++] = w;
			i++;
		} else if (strcmp(w, "--") == 0) {
			options_done = true;
			i++;
		} else {
			int used = take_word(argc, argv, i, o, err, errsize);
			if (used < 0)
				return -1;
			i += used;
		}
	}
	if (o->halttype != NULL && o->level != '0')
		return fail(err, errsize, "%s", "-H and -P flags can only be used along with -h flag.");
	size_t first = 0;
	if (!o->cancel && o->when == NULL) {
		if (nops == 0)
			return fail(err, errsize, "%s", "");
		o->when = operands[first++];
	}
	if (o->doself && !o->cancel && o->level != '0' && o->level != '6')
		return fail(err, errsize, "%s", "can use \"-n\" for halt or reboot only.");
	add_words(o, operands + first, nops - first);
	return 0;
}

void sd_newstate(char level, char *buf, size_t size)
{
	switch (level) {
	case '0': snprintf(buf, size, "for system halt"); break;
	case '6': snprintf(buf, size, "for reboot"); break;
	case '1': snprintf(buf, size, "to maintenance mode"); break;
	default: snprintf(buf, size, "to runlevel %c", level); break;
	}
}
