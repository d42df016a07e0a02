/*
 * options: shutdown's command line, as sysvinit 3.06 reads it
 * (`[-akrhPHfFncqQ] [-t sec] [-g time] [-i level] [-y] time [message...]`),
 * as a pure function: no I/O, so it is unit-tested.
 */
#ifndef SHUTDOWN_OPTIONS_H
#define SHUTDOWN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#define SD_MESSAGE_MAX   256   /* sysvinit's MESSAGELEN */
#define SD_SLEEPTIME_MAX 86400

enum sd_quiet {
	SD_QUIET_NONE,          /* the full warning schedule */
	SD_QUIET_SOME,          /* -q: at 10 and 5 minutes and on the hour */
	SD_QUIET_ALL,           /* -Q: no scheduled warnings */
};

struct sd_opts {
	char level;             /* '1' by default; -r '6', -h '0', -i X */
	const char *halttype;   /* -H "HALT", -P "POWEROFF", else NULL */
	bool use_allow;         /* -a */
	bool cancel;            /* -c */
	bool warn_only;         /* -k */
	bool fastboot;          /* -f */
	bool forcefsck;         /* -F */
	bool doself;            /* -n */
	enum sd_quiet quiet;    /* -q, -Q */
	int sleeptime;          /* -t, seconds; -1 when not given */
	const char *when;       /* -g or the first operand; NULL with -c */
	/* The remaining words, each followed by a blank, then "\r\n";
	 * words that would pass SD_MESSAGE_MAX are left out, as sysvinit
	 * does.  "" when there are none. */
	char message[SD_MESSAGE_MAX + 1];
};

/*
 * Parse argv (argv[0] is the program name).  Options may come before or
 * after the operands (GNU getopt's order), "--" ends them.  Returns 0, or
 * -1 with a one-line message (no program name) in err; err is "" when
 * the usage text alone is the answer (no time given, an unknown option).
 */
int sd_parse(int argc, char *const argv[], struct sd_opts *o,
	     char *err, size_t errsize);

/* What the warnings say the system goes to: "for system halt",
 * "for reboot", "to maintenance mode", "to runlevel X". */
void sd_newstate(char level, char *buf, size_t size);

#endif
