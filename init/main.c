/*
 * init: main() and PID 1's event loop.
 *
 * main() tells init from telinit and the --check and --version modes,
 * readies the process (pid1setup.c), and starts the state machine with a
 * boot or by taking over a running system (takeover.c).  Then one ppoll()
 * loop over a signalfd, the initctl FIFO and its inotify watch, the mount
 * table, the console and utmp's watch turns what arrives into events;
 * perform.c steps the machine with them and performs the actions it
 * returns.  Signals only ever arrive through the signalfd; all deciding
 * is done by sm_step().  The loop sleeps without a timeout unless the
 * state machine has a deadline, so an idle init never wakes up.
 */
#include <errno.h>
#include <fcntl.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ask.h"
#include "bootopts.h"
#include "builtin.h"
#include "checkconf.h"
#include "client.h"
#include "clock.h"
#include "conf.h"
#include "console.h"
#include "handover.h"
#include "initctl.h"
#include "initreq.h"
#include "log.h"
#include "perform.h"
#include "pid1.h"
#include "pid1setup.h"
#include "powerfile.h"
#include "probe.h"
#include "sm.h"
#include "statusout.h"
#include "stopreq.h"
#include "takeover.h"
#include "utmpio.h"

static void report(void *ctx, const char *msg)
{
	unsigned *count = ctx;
	if (count)
		(*count)++;
	log_msg("%s", msg);
}

/* The configuration as the files now say, with init's own entries
 * (builtin.h).  With a table already running (replacing), a file that
 * exists but cannot be used keeps that table whole: NULL, with *refused
 * set. */
static struct inittab *load_table(bool replacing, bool emergency, bool *refused)
{
	enum conf_outcome outcome;
	struct inittab *t = conf_load(PATH_INITTAB, PATH_INITTAB_D,
				      replacing ? "the running configuration is kept" : "ignored",
				      report, NULL, &outcome);

	*refused = false;
	if (t && replacing && outcome == CONF_UNUSABLE) {
		inittab_free(t);
		free(t);
		*refused = true;
		return NULL;
	}
	if (t && outcome == CONF_NO_INITTAB) {
		log_msg("No inittab file found");
		/* Without a configuration the only sensible place is a shell. */
		t->initdefault = 'S';
	}
	if (t && !builtin_complete(t, replacing, emergency)) {
		inittab_free(t);
		free(t);
		t = NULL;
	}
	return t;
}

/* ---- events from the outside ------------------------------------------ */

static void reap(struct pid1 *p1)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (!sm_knows_pid(p1->sm, pid))
			continue;       /* an adopted orphan: reaping was all */
		struct sm_event ev = { .type = SM_EV_EXIT, .pid = pid, .status = status };
		step(p1, &ev);
		perform(p1);
	}
}

/* grace_ms: telinit -t's, or -1 (SIGHUP) for the last request's. */
static void reload(struct pid1 *p1, const char *nonce, int grace_ms)
{
	bool refused;
	struct inittab *t = load_table(true, false, &refused);
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t, .nonce = nonce,
			       .grace_ms = grace_ms };

	if (!t && !refused) {
		log_msg("out of memory re-reading inittab");
		return;
	}
	/* Refused: no table, but the request is still answered. */
	step(p1, &ev);
#ifdef HAVE_MALLOC_TRIM
	/* Old and new table lived side by side for a moment; give the
	 * pages they touched back, so PID 1's resident size stays where it
	 * was however many reloads it sees. */
	malloc_trim(0);
#endif
}


static void on_request(void *ctx, const struct initreq_msg *m)
{
	struct pid1 *p1 = ctx;
	struct sm_event ev = { 0 };

	switch (m->cmd) {
	case INITCMD_RUNLVL:
		if (m->level == 'Q') {
			log_to(false, true, "Re-reading inittab");
			reload(p1, m->nonce, m->grace >= 0 ? m->grace * 1000 : -1);
			return;
		}
		/* As sysvinit: the way into single user, halt and reboot
		 * finds a console that echoes. */
		if ((m->level == 'S' && sm_level(p1->sm) != 'S') ||
		    m->level == '0' || m->level == '1' || m->level == '6')
			console_make_sane();
		ev.type = SM_EV_REQUEST;
		ev.level = m->level;
		/* As sysvinit, every level request reads inittab again. */
		if (m->level != 'U') {
			bool refused;
			ev.table = load_table(true, false, &refused);
		}
		ev.grace_ms = m->grace >= 0 ? m->grace * 1000 : -1;
		ev.nonce = m->nonce;
		step(p1, &ev);
		return;
	case INITCMD_POWERFAIL:
	case INITCMD_POWERFAILNOW:
	case INITCMD_POWEROK:
		ev.type = SM_EV_POWER;
		ev.power = m->cmd == INITCMD_POWERFAIL ? 'F' :
			   m->cmd == INITCMD_POWERFAILNOW ? 'L' : 'O';
		step(p1, &ev);
		return;
	case INITCMD_SETENV:
	case INITCMD_UNSETENV: {
		const char *v = m->vars;
		for (size_t i = 0; i < m->nvars; i++, v += strlen(v) + 1) {
			ev.type = SM_EV_SETENV;
			ev.var = v;
			if (m->cmd == INITCMD_UNSETENV && strchr(v, '='))
				continue;
			step(p1, &ev);
		}
		if (m->nskipped)
			log_to(false, true, "telinit -e: ignored %zu variable(s) that are not INIT_ names (\"%s\"...)",
			       m->nskipped, m->skipped);
		return;
	}
	case INITCMD_STATUS:
		queue_nonce(&p1->asks, m->nonce);
		return;
	default:
		return;
	}
}

static void on_signal(struct pid1 *p1, const struct signalfd_siginfo *si)
{
	struct sm_event ev = { 0 };

	switch (si->ssi_signo) {
	case SIGCHLD:
		reap(p1);
		return;
	case SIGHUP:
		reload(p1, NULL, -1);
		return;
	case SIGUSR1:
		initctl_reopen(&p1->ctl);
		return;
	case SIGUSR2:
		initctl_hold_closed(&p1->ctl);
		return;
	case SIGINT:
		ev.type = SM_EV_CTRLALTDEL;
		break;
	case SIGWINCH:
		ev.type = SM_EV_KBREQUEST;
		break;
	case SIGTSTP:
	case SIGCONT:
		ev.type = si->ssi_signo == SIGTSTP ? SM_EV_HOLD : SM_EV_RESUME;
		break;
	case SIGPWR:
		ev.type = SM_EV_POWER;
		ev.power = power_file_read();
		/* Without power entries, a container manager's stop. */
		if (stop_requested(p1, SIGPWR, ev.power, on_request))
			return;
		break;
	default:
		/* SIGRTMIN+4 and +5 stop; SIGTERM, SIGQUIT, a SIGSEGV sent
		 * with kill...: PID 1 must not die of them, and they ask for
		 * nothing. */
		stop_requested(p1, (int)si->ssi_signo, 0, on_request);
		return;
	}
	step(p1, &ev);
}

/* ---- the loop --------------------------------------------------------- */

enum { FD_SIGNALS, FD_FIFO, FD_FIFO_WATCH, FD_MOUNTS, FD_CONSOLE, FD_UTMP_WATCH, NFDS };

/* Sleep until something happens or the machine's next deadline. */
static int wait_for_events(struct pid1 *p1, struct pollfd fds[NFDS])
{
	int64_t deadline = sm_next_deadline(p1->sm);
	struct timespec ts, *timeout = NULL;

	if (deadline >= 0) {
		int64_t left = deadline - clock_ms();
		if (left < 0)
			left = 0;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		timeout = &ts;
	}
	/* A tmpfs mounted over /run hides the FIFO without an inotify event;
	 * a change of the mount table wakes us instead, and initctl_check()
	 * then recreates it.  /proc may not be mounted yet at boot: keep
	 * trying on each wake-up. */
	if (p1->mounts_fd < 0)
		p1->mounts_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	/* Answered through the FIFO instead of the console. */
	if (!sm_asking(p1->sm))
		ask_stop(&p1->ask);
	fds[FD_SIGNALS] = (struct pollfd){ .fd = p1->sigfd, .events = POLLIN };
	fds[FD_FIFO] = (struct pollfd){ .fd = p1->ctl.fd, .events = POLLIN };
	fds[FD_FIFO_WATCH] = (struct pollfd){ .fd = p1->ctl.inotify_fd, .events = POLLIN };
	fds[FD_MOUNTS] = (struct pollfd){ .fd = p1->mounts_fd, .events = POLLPRI };
	fds[FD_CONSOLE] = (struct pollfd){ .fd = p1->ask.fd, .events = POLLIN };
	fds[FD_UTMP_WATCH] = (struct pollfd){ .fd = utmp_watch_fd(), .events = POLLIN };
	int r = ppoll(fds, NFDS, timeout, NULL);
	if (r < 0 && errno != EINTR)
		log_msg("ppoll: %s", strerror(errno));
	return r;
}

static void read_signals(struct pid1 *p1)
{
	struct signalfd_siginfo si[16];
	ssize_t n;

	/* A short read has emptied it: one that arrives later wakes ppoll. */
	do {
		n = read(p1->sigfd, si, sizeof(si));
		for (size_t i = 0; n > 0 && i < (size_t)n / sizeof(si[0]); i++) {
			on_signal(p1, &si[i]);
			perform(p1);
		}
	} while (n == (ssize_t)sizeof(si));
}

static void dispatch(struct pid1 *p1, const struct pollfd fds[NFDS])
{
	/* First: a utmp or wtmp renamed away or mounted over before what
	 * woke us must not get its records. */
	if (fds[FD_UTMP_WATCH].revents & POLLIN)
		utmp_watch_read();
	if (fds[FD_MOUNTS].revents) {
		p1->check_fifo = true;
		utmp_close();
	}
	if (fds[FD_SIGNALS].revents & POLLIN)
		read_signals(p1);
	if (fds[FD_FIFO].revents & POLLIN)
		initctl_read(&p1->ctl, clock_ms(), on_request, p1);
	if (fds[FD_FIFO_WATCH].revents & POLLIN) {
		initctl_drain_inotify(&p1->ctl);
		p1->check_fifo = true;
	}
	if (fds[FD_CONSOLE].revents && p1->ask.fd >= 0)
		asked(p1, ask_read(&p1->ask));
}

static void serve(struct pid1 *p1)
{
	struct sm_event tick = { .type = SM_EV_TICK };
	struct pollfd fds[NFDS];

	/* Children that exited before the signalfd was there (handed over,
	 * or re-executed) left no SIGCHLD to read. */
	reap(p1);
	for (;;) {
		perform(p1);
		stop_check(p1);
		/* Only when something may have moved it: a spawn per wake-up
		 * need not cost two path lookups.  Without the mount table to
		 * watch (no /proc yet), or without a FIFO, on every wake-up. */
		if (p1->check_fifo || p1->mounts_fd < 0 || p1->ctl.fd < 0) {
			initctl_check(&p1->ctl);
			p1->check_fifo = false;
		}
		/* Without the mount table to watch, a new /run would go
		 * unseen: the files are opened by path each turn. */
		if (p1->mounts_fd < 0)
			utmp_close();
		else
			utmp_end_turn();
		if (wait_for_events(p1, fds) > 0)
			dispatch(p1, fds);
		/* Every event has stepped the machine already; time alone
		 * moves it only when one of its deadlines has come.  (A
		 * SIGCHLD merged with others is one read of the signalfd, and
		 * reap() takes every exited child it finds.) */
		int64_t deadline = sm_next_deadline(p1->sm);
		if (deadline >= 0 && deadline <= clock_ms())
			step(p1, &tick);
	}
}

/* The modes in which this program is not PID 1: --check, --probe-state,
 * --version, and telinit.  Returns the exit status, or -1 for PID 1. */
static int other_mode(int argc, char **argv, bool handed)
{
	if (argc > 1 && strcmp(argv[1], "--check") == 0)
		return check_mode(argc > 2 ? argv[2] : NULL);
	if (argc == 2 && strcmp(argv[1], PROBE_ARG) == 0)
		return probe_state_mode();
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("init (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	/* As sysvinit: anything but PID 1 is telinit, unless told it is
	 * init; the request goes to the FIFO from here, never by exec'ing
	 * a telinit that may be this program again. */
	if (getpid() != 1 && !handed)
		return telinit_main(argc, argv);
	return -1;
}

int main(int argc, char **argv)
{
	struct pid1 p1 = { .sigfd = -1, .mounts_fd = -1, .ask = ASK_IDLE, .shown_level = 'N' };
	/* sysvinit's re-exec (ours or its own), or initsuite 0.1's. */
	bool handed = argc > 1 && (strcmp(argv[1], "--init") == 0 || strcmp(argv[1], "-i") == 0);
	bool v1 = argc == 4 && strcmp(argv[1], "--reexec") == 0;
	int v1_state = -1, v1_fifo = -1;
	int rc = other_mode(argc, argv, handed);

	if (rc >= 0)
		return rc;

	if (v1) {
		v1_state = atoi(argv[2]);
		v1_fifo = atoi(argv[3]);
		int keep[2] = { v1_state < v1_fifo ? v1_state : v1_fifo,
				v1_state < v1_fifo ? v1_fifo : v1_state };
		close_inherited(keep, 2);
	} else {
		int keep[1] = { HANDOVER_FD };
		close_inherited(keep, handed ? 1 : 0);
	}
	bool booting = !handed && !v1;
	become_pid1(&p1, argc, argv, booting);

	initctl_init(&p1.ctl);
	/* As sysvinit, said before inittab is read: its complaints follow. */
	if (booting)
		log_to(true, false, "version %s booting", PACKAGE_VERSION);
	struct sm_event boot = { .type = SM_EV_BOOT };
	if (booting)
		boot_opts_parse(argc, argv, &boot.boot);
	bool refused;
	struct inittab *t = load_table(false, boot.boot.emergency, &refused);
	if (!t || !(p1.sm = sm_new(t))) {
		/* Nothing to do but wait for memory; never exit. */
		log_msg("out of memory at start: waiting");
		for (;;)
			pause();
	}

	if (!booting) {
		take_over(&p1, v1_state, v1_fifo);
	} else {
		/* In init's own environment, as sysvinit's putenv: every
		 * child inherits it, and a re-exec keeps it. */
		if (boot_opts_autoboot(argc, argv))
			setenv("AUTOBOOT", "YES", 1);
		utmp_reset();
		step(&p1, &boot);
	}
	initctl_check(&p1.ctl);
	serve(&p1);
}
