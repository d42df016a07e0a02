/*
 * halt, reboot, poweroff: one program, chosen by argv[0] (see halt.8).
 * Outside runlevels 0 and 6, without -f, it asks shutdown to do the job;
 * otherwise it writes the wtmp record, syncs and asks the kernel.  The
 * decisions are in haltopts (pure); this is the shell.
 */
#include "devices.h"
#include "haltopts.h"
#include "paths.h"
#include "readfile.h"
#include "wtmp.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/reboot.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utmpx.h>

static const char *progname = "halt";

static void usage(void)
{
	fprintf(stderr,
		"Usage: %s [-n] [-w] [-d] [-f] [-h] [-i]%s%s [-t SECONDS]\n"
		"\t-n: don't sync before halting the system\n"
		"\t-w: only write a wtmp reboot record and exit.\n"
		"\t-d: don't write a wtmp record.\n"
		"\t-f: force halt/reboot, don't call shutdown.\n"
		"\t-h: put harddisks in standby mode.\n"
		"\t-i: shut down all network interfaces.\n"
		"\t-p: power down the system (if possible, otherwise halt).\n"
		"\t-t: the grace between SIGTERM and SIGKILL that shutdown passes on.\n"
		"\t-k (reboot): reboot into the kernel loaded with kexec.\n"
		"\t-m ARG (reboot): reboot with ARG for the firmware.\n",
		progname, strcmp(progname, "reboot") == 0 ? " [-k | -m ARG]" : "",
		strcmp(progname, "reboot") == 0 ? "" : " [-p]");
	exit(1);
}

/* The runlevel as init gives it to its children, else utmp's, else the
 * file init keeps; 0 when none says. */
static char current_runlevel(void)
{
	const char *r = getenv("RUNLEVEL");

	if (getenv("INIT_VERSION") != NULL && r != NULL && r[0] != '\0')
		return r[strlen(r) - 1];
	struct utmpx key = { .ut_type = RUN_LVL }, *u;
	char level = 0;
	setutxent();
	if ((u = getutxid(&key)) != NULL && u->ut_pid % 256 != 0)
		level = (char)(u->ut_pid % 256);
	endutxent();
	if (level != 0)
		return level;
	size_t len;
	char *text = read_file(PATH_RUNLEVEL_LOG, O_NOFOLLOW, 64, &len);
	if (text != NULL) {
		level = text[0];
		free(text);
	}
	return level;
}

/* /etc/default/halt's HALT=, into buf; NULL when not set. */
static const char *default_halt(char *buf, size_t size)
{
	size_t len;
	char *text = read_file(PATH_DEFAULT_HALT, 0, 64 * 1024, &len);
	bool found = text != NULL && halt_default_value(text, buf, size);

	free(text);
	return found ? buf : NULL;
}

static void call_shutdown(const struct halt_opts *o)
{
	char hbuf[64], tbuf[16];
	const char *args[8];

	if (o->kexec || o->restart2) {
		fprintf(stderr, "%s: -k and -m act at the last step: use them with -f, "
			"or in runlevel 6\n", progname);
		exit(1);
	}
	halt_shutdown_argv(o, default_halt(hbuf, sizeof(hbuf)), PATH_SHUTDOWN, args,
			   tbuf, sizeof(tbuf));
	execv(args[0], (char *const *)args);
	fprintf(stderr, "%s: cannot execute %s: %s\n", progname, args[0], strerror(errno));
	exit(1);
}

/* reboot -k: only when a kernel waits, so that the machine never goes
 * down for a kexec that cannot happen. */
static void require_kexec_kernel(void)
{
	size_t len;
	char *text = read_file(PATH_KEXEC_LOADED, 0, 64, &len);

	if (text == NULL) {
		fprintf(stderr, "%s: cannot tell whether a kernel is loaded for kexec: %s: %s\n",
			progname, PATH_KEXEC_LOADED, strerror(errno));
		exit(1);
	}
	bool loaded = text[0] == '1';
	free(text);
	if (!loaded) {
		fprintf(stderr, "%s: no kernel is loaded for kexec (load one with kexec -l)\n",
			progname);
		exit(1);
	}
}

static void do_reboot(const struct halt_opts *o)
{
	if (o->kexec)
		syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			LINUX_REBOOT_CMD_KEXEC, NULL);
	else if (o->restart2)
		syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			LINUX_REBOOT_CMD_RESTART2, o->restart2);
	else
		reboot(RB_AUTOBOOT);
}

static void do_halt(bool poweroff)
{
	reboot(RB_ENABLE_CAD);
	kill(1, SIGTSTP);     /* init spawns nothing more meanwhile */
	if (poweroff)
		reboot(RB_POWER_OFF);
	reboot(RB_HALT_SYSTEM);
	int saved = errno;
	reboot(RB_DISABLE_CAD);
	kill(1, SIGCONT);
	errno = saved;
}

int main(int argc, char *argv[])
{
	struct halt_opts o;
	char err[256], hbuf[64];

	if (argc > 0 && argv[0] && *argv[0])
		progname = basename(argv[0]);
	if (halt_parse(argc, argv, &o, err, sizeof(err)) != 0) {
		if (err[0])
			fprintf(stderr, "%s: %s\n", progname, err);
		usage();
	}
	if (geteuid() != 0) {
		fprintf(stderr, "%s: must be superuser.\n", progname);
		exit(1);
	}
	if (chdir("/") != 0) {
		/* nothing below needs it; it only frees the caller's directory */
	}
	if (!o.force && !o.wtmp_only) {
		char level = current_runlevel();
		if (level != '0' && level != '6')
			call_shutdown(&o);
	}
	if (o.kexec)
		require_kexec_kernel();
	if (!o.no_wtmp && !o.no_sync)
		wtmp_write_shutdown();
	if (o.wtmp_only && !o.ifdown && !o.hddown)
		exit(0);
	if (!o.no_sync) {
		sync();
		sleep(2);       /* as sysvinit: let the disks settle */
	}
	if (o.ifdown)
		devices_ifdown();
	if (o.hddown)
		devices_hddown();
	else
		devices_hdflush();
	if (o.wtmp_only)
		exit(0);
	if (o.cmd == HALT_CMD_REBOOT)
		do_reboot(&o);
	else
		do_halt(halt_powers_off(&o, getenv("INIT_HALT"), default_halt(hbuf, sizeof(hbuf))));
	fprintf(stderr, "%s: %s\n", progname, strerror(errno));
	exit(1);
}
