/*
 * haltopts: the command line of halt, reboot and poweroff (one program,
 * chosen by argv[0]) and the decisions that follow from it, pure so that
 * they are unit-tested: what the last step does, and which shutdown
 * command stands in for it outside runlevels 0 and 6.
 */
#ifndef SHUTDOWN_HALTOPTS_H
#define SHUTDOWN_HALTOPTS_H

#include <stdbool.h>
#include <stddef.h>

#define HALT_RESTART2_MAX 255

enum halt_cmd {
	HALT_CMD_HALT,
	HALT_CMD_POWEROFF,
	HALT_CMD_REBOOT,
};

struct halt_opts {
	enum halt_cmd cmd;      /* from argv[0]; -p makes halt power off */
	bool poweroff;          /* -p given */
	bool no_sync;           /* -n: no sync, no wtmp record */
	bool wtmp_only;         /* -w: write the wtmp record, nothing else */
	bool no_wtmp;           /* -d */
	bool force;             /* -f: never through shutdown */
	bool ifdown;            /* -i */
	bool hddown;            /* -h */
	bool kexec;             /* -k (reboot): the kexec-loaded kernel */
	const char *restart2;   /* -m ARG (reboot): for the firmware */
	int sleeptime;          /* -t, seconds, passed to shutdown; -1 */
};

/* Parse argv; argv[0]'s base name picks the command (anything but
 * "reboot" and "poweroff" is halt).  Returns 0, or -1 with a one-line
 * message in err ("" for the usage text alone). */
int halt_parse(int argc, char *const argv[], struct halt_opts *o,
	       char *err, size_t errsize);

/* The last step of halt/poweroff: power off or halt?  -p or the name
 * poweroff say power off; else INIT_HALT from init's environment
 * ("HALT", "POWEROFF" or sysvinit 2's "POWERDOWN") when set; else
 * /etc/default/halt's HALT (poweroff when it starts with p or P); else
 * halt.  init_halt and default_halt may be NULL. */
bool halt_powers_off(const struct halt_opts *o, const char *init_halt,
		     const char *default_halt);

/* The value of HALT= in /etc/default/halt's text (a shell fragment:
 * optional quotes, comments, `export`), copied into out; false when
 * not set. */
bool halt_default_value(const char *text, char *out, size_t size);

/*
 * The shutdown command that does the job outside runlevels 0 and 6:
 * argv for `shutdown -r|-h [-H|-P] [-t sec] now` into args (room for 8,
 * NULL-terminated; tbuf holds -t's number).  default_halt as above.
 */
void halt_shutdown_argv(const struct halt_opts *o, const char *default_halt,
			const char *shutdown_path, const char *args[8],
			char *tbuf, size_t tsize);

#endif
