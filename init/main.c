/*
 * init: the thin shell around the state machine, PID 1's event loop.
 *
 * One ppoll() loop over a signalfd, the initctl FIFO and an inotify
 * watch.  Signals only ever arrive through the signalfd; all deciding is
 * done by sm_step(); this file performs the actions it returns.  The loop
 * sleeps without a timeout unless the state machine has a deadline, so an
 * idle init never wakes up.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#if defined(HAVE_MALLOC_TRIM) || defined(HAVE_MALLINFO2)
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kd.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>

#include "ask.h"
#include "bootopts.h"
#include "builtin.h"
#include "checkconf.h"
#include "client.h"
#include "clock.h"
#include "conf.h"
#include "initctl.h"
#include "initreq.h"
#include "launch.h"
#include "log.h"
#include "proctitle.h"
#include "handover.h"
#include "recover.h"
#include "reexec.h"
#include "sm.h"
#include "statusfile.h"
#include "utmpio.h"


struct pid1 {
	struct sm *sm;
	struct sm_actions acts;
	struct initctl ctl;
	int sigfd;
	int mounts_fd;          /* /proc/self/mountinfo, polled for changes */
	bool check_fifo;        /* the FIFO may be gone: look (a path lookup) */
	struct ask ask;         /* the console while asking for a runlevel */
	const char *self;       /* the path to re-exec */
	char shown_level;       /* the level in our process title */
	char nonces[SM_NONCE_MAX * 2][INITREQ_NONCE_MAX + 1];
	size_t nnonces;
};

static void report(void *ctx, const char *msg)
{
	unsigned *count = ctx;
	if (count)
		(*count)++;
	log_msg("%s", msg);
}

/* The configuration as the files now say.  With a table already running
 * (replacing), a file that exists but cannot be used keeps that table
 * whole: NULL, with *refused set. */
static struct inittab *load_table(bool replacing, bool *refused)
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
	return t;
}

/* ---- performing actions ----------------------------------------------- */

static void step(struct pid1 *p1, const struct sm_event *ev)
{
	if (sm_step(p1->sm, ev, clock_ms(), &p1->acts) != 0)
		log_msg("out of memory: an event may have been lost");
}

/* The console answered (or cannot): the level as if requested. */
static void asked(struct pid1 *p1, char level)
{
	struct sm_event ev = { .type = SM_EV_LEVEL, .level = level, .grace_ms = -1,
			       .asked = true };

	/* Late: a telinit request answered in the same turn. */
	if (!level || !sm_asking(p1->sm))
		return;
	if (level == ASK_NO_ANSWER) {
		log_msg("no runlevel could be read from the console: going to single user");
		ev.level = 'S';
		ev.no_answer = true;
	}
	step(p1, &ev);
}

/* Atomically, so telinit never reads half a file. */
static void write_file(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	size_t len = strlen(text);

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return;
	bool ok = write(fd, text, len) == (ssize_t)len;
	if (close(fd) == 0 && ok)
		rename(tmp, path);
	else
		unlink(tmp);
}

static void write_status(struct pid1 *p1)
{
	const char *nonces[sizeof(p1->nonces) / sizeof(p1->nonces[0])];
	struct status_heap *heap = NULL;
#ifdef HAVE_MALLINFO2
	/* Read before the listing is formatted, so that the figure is what
	 * init holds between events: equal tables and processes, equal
	 * bytes.  That is how a leak shows (tests/integration/leaks.p1). */
	struct mallinfo2 mi = mallinfo2();
	struct status_heap h = { mi.uordblks + mi.hblkhd, mi.arena + mi.hblkhd };
	heap = &h;
#endif
	char *listing = sm_status_text(p1->sm, clock_ms()), *text = NULL;

	for (size_t i = 0; i < p1->nnonces; i++)
		nonces[i] = p1->nonces[i];
	if (listing && (text = status_file_format(nonces, p1->nnonces, listing, heap)))
		write_file(PATH_INITSTATUS, text);
	free(listing);
	free(text);
	p1->nnonces = 0;
}

static void queue_nonce(struct pid1 *p1, const char *nonce)
{
	if (p1->nnonces < sizeof(p1->nonces) / sizeof(p1->nonces[0]))
		strlcpy(p1->nonces[p1->nnonces++], nonce, sizeof(p1->nonces[0]));
}

/* The built-in single-user and emergency entries run sulogin; a system
 * without it still gets a shell.  Returns e, or *copy changed to run the
 * fallback. */
static const struct entry *builtin_shell_fallback(const struct entry *e,
						  struct entry *copy)
{
	if (!builtin_is_shell(e) || access(BUILTIN_SHELL_PROCESS, X_OK) == 0)
		return e;
	*copy = *e;
	copy->process = (char *)BUILTIN_SHELL_FALLBACK;
	return copy;
}

static void perform(struct pid1 *p1)
{
	size_t spawns = 0;

	/* Spawns feed events back, which may append actions: index, and
	 * copy each action before acting, since the array may move. */
	for (size_t i = 0; i < p1->acts.n; i++) {
		struct sm_action a = p1->acts.v[i];
		struct sm_event ev = { 0 };

		switch (a.type) {
		case SM_SPAWN: {
			struct entry shell;
			spawns++;
			struct spawn_env env = {
				.level = sm_booting(p1->sm) ? 'S' : sm_level(p1->sm),
				.initscript = sm_sysv_runlevel(p1->sm) != 'S',
				.prev = sm_prevlevel(p1->sm),
				.extra = sm_env(p1->sm),
				.inherited = (const char *const *)environ,
			};
			ev.type = SM_EV_SPAWNED;
			ev.entry = a.entry;
			ev.pid = spawn_entry(builtin_shell_fallback(sm_entry(p1->sm, a.entry), &shell),
					     a.ctty, &env, &ev.err);
			step(p1, &ev);
			break;
		}
		case SM_KILL:
			/* The whole process group: an rc script's children too. */
			if (kill(-a.pid, a.sig) != 0)
				kill(a.pid, a.sig);
			break;
		case SM_LOG:
			log_to(a.sink != SM_LOG_SYSLOG, a.sink != SM_LOG_CONSOLE, "%s", a.text);
			break;
		case SM_UTMP_BOOT:
			utmp_boot();
			break;
		case SM_UTMP_RUNLEVEL:
			utmp_runlevel(a.level, a.prev);
			break;
		case SM_UTMP_DEAD:
			utmp_dead_process(a.id, a.pid);
			break;
		case SM_ASK_LEVEL:
			asked(p1, ask_start(&p1->ask));
			break;
		case SM_REEXEC:
			/* A fork of ours writing the state must not hold the
			 * lock on utmp for the init that comes next. */
			utmp_end_turn();
			reexec(p1->self, p1->sm);
			break;
		case SM_STATUS:
			queue_nonce(p1, a.text);
			break;
		}
	}
	/* A burst leaves a long action list behind: not kept for good. */
	if (p1->acts.cap > 64)
		sm_actions_free(&p1->acts);
	else
		sm_actions_clear(&p1->acts);
#ifdef HAVE_MALLOC_TRIM
	/* A burst of starts (a boot, a level) raised the heap's high-water
	 * mark with each child's argv and environment: give the pages back
	 * once, not after every start. */
	if (spawns >= 16)
		malloc_trim(0);
#else
	(void)spawns;
#endif
	if (p1->nnonces)
		write_status(p1);
	if (sm_level(p1->sm) != p1->shown_level) {
		char title[16];
		p1->shown_level = sm_level(p1->sm);
		snprintf(title, sizeof(title), "init [%c]", p1->shown_level);
		proctitle_set(title);
		/* As sysvinit 3: the level for whoever reads it there. */
		char level[2] = { p1->shown_level, 0 };
		write_file(PATH_RUNLEVEL_LOG, level);
	}
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

static void reload(struct pid1 *p1, const char *nonce)
{
	bool refused;
	struct inittab *t = load_table(true, &refused);
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t, .nonce = nonce };

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

static char power_status(void)
{
	static const char *const files[] = {
		PATH_POWERSTATUS_RUN, PATH_POWERSTATUS_VAR, PATH_POWERSTATUS_ETC,
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char c = 0;
		int fd = open(files[i], O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
		if (fd < 0)
			continue;
		ssize_t r = read(fd, &c, 1);
		close(fd);
		unlink(files[i]);
		if (r == 1 && (c == 'F' || c == 'O' || c == 'L'))
			return c;
		return 'F';
	}
	return 'F';   /* no file: sysvinit assumes the power is failing */
}

static void on_request(void *ctx, const struct initreq_msg *m)
{
	struct pid1 *p1 = ctx;
	struct sm_event ev = { 0 };

	switch (m->cmd) {
	case INITCMD_RUNLVL:
		if (m->level == 'Q') {
			log_to(false, true, "Re-reading inittab");
			reload(p1, m->nonce);
			return;
		}
		ev.type = SM_EV_LEVEL;
		ev.level = m->level;
		/* As sysvinit, every level request reads inittab again. */
		if (m->level != 'U') {
			bool refused;
			ev.table = load_table(true, &refused);
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
		return;
	}
	case INITCMD_STATUS:
		queue_nonce(p1, m->nonce);
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
		reload(p1, NULL);
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
	case SIGPWR:
		ev.type = SM_EV_POWER;
		ev.power = power_status();
		break;
	default:
		/* SIGTERM, SIGQUIT, a SIGSEGV sent with kill...: PID 1 must
		 * not die of them, and they ask for nothing. */
		return;
	}
	step(p1, &ev);
}

/* The console's KeyboardSignal key (Alt-Up on a PC keymap) reaches init
 * as SIGWINCH only once init asks for it; without a virtual terminal (a
 * serial console, a container) there is nothing to ask. */
static void accept_keyboard_signal(void)
{
	int fd = open("/dev/tty0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)ioctl(fd, KDSIGACCEPT, SIGWINCH);
	close(fd);
}

/* ---- PID 1 ------------------------------------------------------------ */

static int setup_signals(void)
{
	sigset_t all;

	/* Everything is blocked and read from the signalfd; what init does
	 * not act on is read and dropped, so nothing can kill PID 1. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	return signalfd(-1, &all, SFD_NONBLOCK | SFD_CLOEXEC);
}

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

/* Every descriptor init did not open itself is closed, but those it is
 * still to read (keep, ascending): nothing inherited reaches a child or
 * is held for good. */
static void close_inherited(const int *keep, size_t n)
{
	int from = 3;

	for (size_t i = 0; i <= n; i++) {
		int to = i < n ? keep[i] - 1 : INT_MAX;
		if (to >= from && syscall(SYS_close_range, (unsigned)from, (unsigned)to, 0) != 0)
			for (int fd = from; fd <= to && fd < 1024; fd++)
				close(fd);
		if (i < n)
			from = keep[i] + 1;
	}
}

/* Executed into a running system (telinit u): its state comes on a pipe,
 * from us or from sysvinit; without one that can be used, what the system
 * shows stands in for it.  Never a second boot. */
static void take_over(struct pid1 *p1, int v1_state, int v1_fifo)
{
	char why[256] = "", summary[768];
	int r;

	if (v1_state >= 0) {
		if (v1_fifo >= 0)
			initctl_adopt(&p1->ctl, v1_fifo);
		r = reexec_restore_v1(p1->sm, v1_state, clock_ms(), &p1->acts) == 0 ? 1 : -1;
		if (r < 0)
			snprintf(why, sizeof(why), "the state of initsuite 0.1 cannot be read");
	} else {
		r = reexec_receive(p1->sm, clock_ms(), &p1->acts, why, sizeof(why));
	}
	if (r == 1) {
		log_to(true, false, "version %s reloading", PACKAGE_VERSION);
		return;
	}
	if (recover(p1->sm, clock_ms(), &p1->acts, summary, sizeof(summary)) != 0)
		snprintf(summary, sizeof(summary), "out of memory: nothing recovered");
	log_msg("version %s reloading without a usable state (%s): %s", PACKAGE_VERSION,
		why, summary);
}

int main(int argc, char **argv)
{
	struct pid1 p1 = { .sigfd = -1, .mounts_fd = -1, .ask = ASK_IDLE, .shown_level = 'N' };
	/* sysvinit's re-exec (ours or its own), or initsuite 0.1's. */
	bool handed = argc > 1 && (strcmp(argv[1], "--init") == 0 || strcmp(argv[1], "-i") == 0);
	bool v1 = argc == 4 && strcmp(argv[1], "--reexec") == 0;
	int v1_state = -1, v1_fifo = -1;

	if (argc > 1 && strcmp(argv[1], "--check") == 0)
		return check_mode(argc > 2 ? argv[2] : NULL);
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("init (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	/* As sysvinit: anything but PID 1 is telinit, unless told it is
	 * init; the request goes to the FIFO from here, never by exec'ing
	 * a telinit that may be this program again. */
	if (getpid() != 1 && !handed)
		return telinit_main(argc, argv);

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
	p1.self = argv[0][0] == '/' ? strdup(argv[0]) : PATH_SBIN_INIT;
	if (!p1.self)
		p1.self = PATH_SBIN_INIT;
	proctitle_init(argc, argv);
	p1.sigfd = setup_signals();
	launch_prepare();
	umask(022);
	if (chdir("/") != 0)
		log_msg("cannot change to /: %s", strerror(errno));
	setsid();
	setenv("PATH", SPAWN_PATH, 1);
	if (!handed && !v1) {
		/* In a container (a child PID namespace) the kernel refuses
		 * this with EINVAL: Ctrl-Alt-Del is not the container's. */
		if (reboot(RB_DISABLE_CAD) != 0 && errno != EINVAL)
			log_msg("cannot make Ctrl-Alt-Del send SIGINT: %s", strerror(errno));
		accept_keyboard_signal();
	}

	initctl_init(&p1.ctl);
	bool booting = !handed && !v1;
	/* As sysvinit, said before inittab is read: its complaints follow. */
	if (booting)
		log_to(true, false, "version %s booting", PACKAGE_VERSION);
	bool refused;
	struct inittab *t = load_table(false, &refused);
	if (!t || !(p1.sm = sm_new(t))) {
		/* Nothing to do but wait for memory; never exit. */
		log_msg("out of memory at start: waiting");
		for (;;)
			pause();
	}

	if (!booting) {
		take_over(&p1, v1_state, v1_fifo);
	} else {
		struct sm_event ev = { .type = SM_EV_BOOT };
		boot_opts_parse(argc, argv, &ev.boot);
		/* In init's own environment, as sysvinit's putenv: every
		 * child inherits it, and a re-exec keeps it. */
		if (boot_opts_autoboot(argc, argv))
			setenv("AUTOBOOT", "YES", 1);
		utmp_reset();
		step(&p1, &ev);
	}
	initctl_check(&p1.ctl);
	serve(&p1);
}
