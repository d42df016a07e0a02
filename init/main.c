/*
 * init: the thin shell around the state machine.
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
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kd.h>

#include <bsd/stdlib.h>
#include <bsd/string.h>
#include <bsd/unistd.h>

#include "bootopts.h"
#include "builtin.h"
#include "conf.h"
#include "initctl.h"
#include "initreq.h"
#include "log.h"
#include "sm.h"
#include "launch.h"
#include "state_v1.h"
#include "utmpio.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif


struct shell {
	struct sm *sm;
	struct sm_actions acts;
	struct initctl ctl;
	int sigfd;
	int mounts_fd;          /* /proc/self/mountinfo, polled for changes */
	int ask_fd;             /* the console while asking for a runlevel */
	int ask_tries;
	const char *self;       /* the path to re-exec */
	char shown_level;       /* the level in our process title */
	char nonces[SM_NONCE_MAX * 2][INITREQ_NONCE_MAX + 1];
	size_t nnonces;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void report(void *ctx, const char *msg)
{
	unsigned *count = ctx;
	if (count)
		(*count)++;
	log_msg("%s", msg);
}

static struct inittab *load_table(bool *found)
{
	struct inittab *t = conf_load(PATH_INITTAB, PATH_INITTAB_D, report, NULL, found);
	if (t && !*found) {
		log_msg("No inittab file found");
		/* Without a configuration the only sensible place is a shell. */
		t->initdefault = 'S';
	}
	return t;
}

/* ---- performing actions ----------------------------------------------- */

static void step(struct shell *sh, const struct sm_event *ev)
{
	if (sm_step(sh->sm, ev, now_ms(), &sh->acts) != 0)
		log_msg("out of memory: an event may have been lost");
}

/* No initdefault: ask on the console, as sysvinit, but from the event
 * loop, so PID 1 goes on reaping and serving the FIFO meanwhile (a
 * `telinit N` answers as well). */
#define ASK_PROMPT     "\nEnter runlevel: "
#define ASK_MAX_TRIES  10

static void ask_done(struct shell *sh, char level)
{
	struct sm_event ev = { .type = SM_EV_LEVEL, .level = level, .grace_ms = -1 };

	if (sh->ask_fd >= 0)
		close(sh->ask_fd);
	sh->ask_fd = -1;
	if (level == 'S')
		log_msg("no runlevel could be read from the console: going to single user");
	step(sh, &ev);
}

static void ask_start(struct shell *sh)
{
	if (sh->ask_fd < 0)
		sh->ask_fd = open("/dev/console", O_RDWR | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (sh->ask_fd < 0) {
		ask_done(sh, 'S');
		return;
	}
	sh->ask_tries = 1;
	(void)!write(sh->ask_fd, ASK_PROMPT, sizeof(ASK_PROMPT) - 1);
}

static void ask_read(struct shell *sh)
{
	char line[64];
	ssize_t r = read(sh->ask_fd, line, sizeof(line) - 1);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		ask_done(sh, 'S');
		return;
	}
	if (strchr("0123456789Ss", line[0]) && (r == 1 || line[1] == '\n' || line[1] == '\r')) {
		ask_done(sh, line[0] == 's' ? 'S' : line[0]);
		return;
	}
	if (++sh->ask_tries > ASK_MAX_TRIES) {
		ask_done(sh, 'S');
		return;
	}
	(void)!write(sh->ask_fd, ASK_PROMPT, sizeof(ASK_PROMPT) - 1);
}

static void write_status(struct shell *sh)
{
	char tmp[PATH_MAX];
#ifdef HAVE_MALLINFO2
	/* Read before the listing is formatted, so that the figure is what
	 * init holds between events: equal tables and processes, equal
	 * bytes.  That is how a leak shows (tests/integration/leaks.sh). */
	struct mallinfo2 mi = mallinfo2();
#endif
	char *text = sm_status_text(sh->sm, now_ms());

	if (!text)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", PATH_INITSTATUS);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd >= 0) {
		FILE *f = fdopen(fd, "w");
		if (f) {
			fputs("nonce=", f);
			for (size_t i = 0; i < sh->nnonces; i++)
				fprintf(f, "%s%s", i ? " " : "", sh->nonces[i]);
			fputc('\n', f);
			fputs(text, f);
#ifdef HAVE_MALLINFO2
			fprintf(f, "heap=%zu held=%zu\n", mi.uordblks + mi.hblkhd,
				mi.arena + mi.hblkhd);
#endif
			if (fclose(f) == 0)
				rename(tmp, PATH_INITSTATUS);
			else
				unlink(tmp);
		} else {
			close(fd);
		}
	}
	free(text);
	sh->nnonces = 0;
}

static void queue_nonce(struct shell *sh, const char *nonce)
{
	if (sh->nnonces < sizeof(sh->nonces) / sizeof(sh->nonces[0]))
		strlcpy(sh->nonces[sh->nnonces++], nonce, sizeof(sh->nonces[0]));
}

static void reexec(struct shell *sh);

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

static void perform(struct shell *sh)
{
	/* Spawns feed events back, which may append actions: index, and
	 * copy each action before acting, since the array may move. */
	for (size_t i = 0; i < sh->acts.n; i++) {
		struct sm_action a = sh->acts.v[i];
		struct sm_event ev = { 0 };

		switch (a.type) {
		case SM_SPAWN: {
			struct entry shell;
			struct spawn_env env = {
				.level = sm_booting(sh->sm) ? 'S' : sm_level(sh->sm),
				.prev = sm_prevlevel(sh->sm),
				.extra = sm_env(sh->sm),
				.inherited = (const char *const *)environ,
			};
			ev.type = SM_EV_SPAWNED;
			ev.entry = a.entry;
			ev.pid = spawn_entry(builtin_shell_fallback(sm_entry(sh->sm, a.entry), &shell),
					     a.ctty, &env, &ev.err);
			step(sh, &ev);
			break;
		}
		case SM_KILL:
			/* The whole process group: an rc script's children too. */
			if (kill(-a.pid, a.sig) != 0)
				kill(a.pid, a.sig);
			break;
		case SM_LOG:
			log_msg("%s", a.text);
			break;
		case SM_UTMP_BOOT:
			utmp_boot();
			break;
		case SM_UTMP_RUNLEVEL:
			utmp_runlevel(a.level, a.prev);
			break;
		case SM_UTMP_INIT:
			utmp_init_process(a.id, a.pid);
			break;
		case SM_UTMP_DEAD:
			utmp_dead_process(a.id, a.pid);
			break;
		case SM_ASK_LEVEL:
			ask_start(sh);
			break;
		case SM_REEXEC:
			reexec(sh);
			break;
		case SM_STATUS:
			queue_nonce(sh, a.text);
			break;
		}
	}
	sm_actions_clear(&sh->acts);
	if (sh->nnonces)
		write_status(sh);
	if (sm_level(sh->sm) != sh->shown_level) {
		sh->shown_level = sm_level(sh->sm);
		setproctitle("-init [%c]", sh->shown_level);
	}
}

/* ---- events from the outside ------------------------------------------ */

static void reap(struct shell *sh)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (!sm_knows_pid(sh->sm, pid))
			continue;       /* an adopted orphan: reaping was all */
		struct sm_event ev = { .type = SM_EV_EXIT, .pid = pid, .status = status };
		step(sh, &ev);
		perform(sh);
	}
}

static void reload(struct shell *sh, const char *nonce)
{
	bool found;
	struct inittab *t = load_table(&found);
	struct sm_event ev = { .type = SM_EV_RELOAD, .table = t, .nonce = nonce };

	if (!t) {
		log_msg("out of memory re-reading inittab");
		return;
	}
	step(sh, &ev);
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
	struct shell *sh = ctx;
	struct sm_event ev = { 0 };

	switch (m->cmd) {
	case INITCMD_RUNLVL:
		if (m->level == 'Q') {
			log_msg("re-reading inittab");
			reload(sh, m->nonce);
			return;
		}
		ev.type = SM_EV_LEVEL;
		ev.level = m->level;
		ev.grace_ms = m->grace >= 0 ? m->grace * 1000 : -1;
		ev.nonce = m->nonce;
		step(sh, &ev);
		return;
	case INITCMD_POWERFAIL:
	case INITCMD_POWERFAILNOW:
	case INITCMD_POWEROK:
		ev.type = SM_EV_POWER;
		ev.power = m->cmd == INITCMD_POWERFAIL ? 'F' :
			   m->cmd == INITCMD_POWERFAILNOW ? 'L' : 'O';
		step(sh, &ev);
		return;
	case INITCMD_SETENV:
	case INITCMD_UNSETENV: {
		const char *v = m->vars;
		for (size_t i = 0; i < m->nvars; i++, v += strlen(v) + 1) {
			ev.type = SM_EV_SETENV;
			ev.var = v;
			if (m->cmd == INITCMD_UNSETENV && strchr(v, '='))
				continue;
			step(sh, &ev);
		}
		return;
	}
	case INITCMD_STATUS:
		queue_nonce(sh, m->nonce);
		return;
	default:
		return;
	}
}

static void on_signal(struct shell *sh, const struct signalfd_siginfo *si)
{
	struct sm_event ev = { 0 };

	switch (si->ssi_signo) {
	case SIGCHLD:
		reap(sh);
		return;
	case SIGHUP:
		log_msg("re-reading inittab");
		reload(sh, NULL);
		return;
	case SIGUSR1:
		initctl_reopen(&sh->ctl);
		return;
	case SIGUSR2:
		initctl_hold_closed(&sh->ctl);
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
	step(sh, &ev);
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

/* ---- re-exec ---------------------------------------------------------- */

/* init never exits, so LeakSanitizer's check at exit never comes: a
 * sanitizer build checks where the whole heap is about to be dropped. */
static void leak_check(void)
{
#if defined(__SANITIZE_ADDRESS__)
	if (__lsan_do_recoverable_leak_check())
		log_msg("leak check before re-exec: leaks found");
	else
		log_msg("leak check before re-exec: no leaks");
#endif
}

static void reexec(struct shell *sh)
{
	leak_check();
	struct sm_saved saved;
	char *state = NULL;
	char statefd[16], fifofd[16];
	int fd;

	if (sm_export(sh->sm, &saved) == 0)
		state = state_v1_format(&saved);
	free(saved.procs);
	if (!state) {
		log_msg("re-exec: cannot save state");
		return;
	}
	fd = memfd_create("init-state", 0);
	size_t len = strlen(state);
	if (fd < 0 || write(fd, state, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
		log_msg("re-exec: cannot pass state: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		free(state);
		return;
	}
	free(state);
	/* Keep the FIFO open across exec so no request is lost meanwhile. */
	if (sh->ctl.fd >= 0)
		fcntl(sh->ctl.fd, F_SETFD, 0);
	snprintf(statefd, sizeof(statefd), "%d", fd);
	snprintf(fifofd, sizeof(fifofd), "%d", sh->ctl.fd);
	log_msg("re-executing %s", sh->self);
	/* The path as argv[0], so the next re-exec finds the same file. */
	char *const argv[] = { (char *)sh->self, "--reexec", statefd, fifofd, NULL };
	execv(sh->self, argv);
	log_msg("re-exec of %s failed: %s", sh->self, strerror(errno));
	if (sh->ctl.fd >= 0)
		fcntl(sh->ctl.fd, F_SETFD, FD_CLOEXEC);
	close(fd);
}

static char *read_state(int fd)
{
	struct stat st;
	char *buf;

	if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > 64 * 1024 * 1024)
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (buf && pread(fd, buf, (size_t)st.st_size, 0) != st.st_size) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[st.st_size] = '\0';
	return buf;
}

/* ---- modes other than PID 1 ------------------------------------------- */

static void check_report(void *ctx, const char *msg)
{
	unsigned *count = ctx;
	(*count)++;
	fprintf(stderr, "%s\n", msg);
}

/* `init --check [FILE]`: validate before rebooting. */
static int check_mode(int argc, char **argv)
{
	unsigned errors = 0;
	bool found;
	struct inittab *t = argc > 2 ?
		conf_load(argv[2], NULL, check_report, &errors, &found) :
		conf_load(PATH_INITTAB, PATH_INITTAB_D, check_report, &errors, &found);

	if (!t) {
		fprintf(stderr, "init: out of memory\n");
		return 1;
	}
	if (!found) {
		fprintf(stderr, "%s: no such file\n", argc > 2 ? argv[2] : PATH_INITTAB);
		errors++;
	}
	if (errors == 0) {
		printf("%-5s %-8s %-13s %s\n", "ID", "LEVELS", "ACTION", "PROCESS");
		for (size_t i = 0; i < t->count; i++) {
			const struct entry *e = &t->entries[i];
			char levels[16];
			if (e->levels_given)
				levels_format(e->levels, levels, sizeof(levels));
			else
				strlcpy(levels, "-", sizeof(levels));
			printf("%-5s %-8s %-13s %s%s\n", e->id, levels,
			       action_name(e->action), e->no_utmp ? "+" : "", e->process);
		}
		if (t->initdefault)
			printf("default runlevel: %c\n", t->initdefault);
		else
			printf("no initdefault: init will ask on the console\n");
	}
	inittab_free(t);
	free(t);
	return errors ? 1 : 0;
}

static int act_as_telinit(int argc, char **argv)
{
	(void)argc;
	argv[0] = "telinit";
	execv(PATH_SBIN_TELINIT, argv);
	fprintf(stderr, "init: must be run as PID 1 (cannot run %s: %s)\n",
		PATH_SBIN_TELINIT, strerror(errno));
	return 1;
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

static void serve(struct shell *sh)
{
	for (;;) {
		perform(sh);
		initctl_check(&sh->ctl);

		int64_t deadline = sm_next_deadline(sh->sm);
		struct timespec ts, *timeout = NULL;
		if (deadline >= 0) {
			int64_t left = deadline - now_ms();
			if (left < 0)
				left = 0;
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (left % 1000) * 1000000;
			timeout = &ts;
		}
		/* A tmpfs mounted over /run hides the FIFO without an inotify
		 * event; a change of the mount table wakes us instead, and the
		 * initctl_check() above then recreates it.  /proc may not be
		 * mounted yet at boot: keep trying on each wake-up. */
		if (sh->mounts_fd < 0)
			sh->mounts_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
		/* Answered through the FIFO instead of the console. */
		if (sh->ask_fd >= 0 && !sm_asking(sh->sm)) {
			close(sh->ask_fd);
			sh->ask_fd = -1;
		}
		struct pollfd fds[5] = {
			{ .fd = sh->sigfd, .events = POLLIN },
			{ .fd = sh->ctl.fd, .events = POLLIN },
			{ .fd = sh->ctl.inotify_fd, .events = POLLIN },
			{ .fd = sh->mounts_fd, .events = POLLPRI },
			{ .fd = sh->ask_fd, .events = POLLIN },
		};
		int r = ppoll(fds, 5, timeout, NULL);
		if (r < 0 && errno != EINTR) {
			log_msg("ppoll: %s", strerror(errno));
			continue;
		}
		if (r > 0 && (fds[0].revents & POLLIN)) {
			struct signalfd_siginfo si[16];
			ssize_t n;
			while ((n = read(sh->sigfd, si, sizeof(si))) > 0) {
				for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++) {
					on_signal(sh, &si[i]);
					perform(sh);
				}
			}
		}
		if (r > 0 && (fds[1].revents & POLLIN))
			initctl_read(&sh->ctl, now_ms(), on_request, sh);
		if (r > 0 && (fds[2].revents & POLLIN))
			initctl_drain_inotify(&sh->ctl);
		if (r > 0 && fds[4].revents && sh->ask_fd >= 0)
			ask_read(sh);
		/* A SIGCHLD can be merged with others or arrive while we were
		 * busy: reaping is cheap, so always look. */
		reap(sh);
		struct sm_event tick = { .type = SM_EV_TICK };
		step(sh, &tick);
	}
}

int main(int argc, char **argv, char **envp)
{
	struct shell sh = { .sigfd = -1, .mounts_fd = -1, .ask_fd = -1 };
	bool restoring = argc == 4 && strcmp(argv[1], "--reexec") == 0;

	if (argc > 1 && strcmp(argv[1], "--check") == 0)
		return check_mode(argc, argv);
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("init (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	if (getpid() != 1)
		return act_as_telinit(argc, argv);

	sh.self = argv[0][0] == '/' ? strdup(argv[0]) : PATH_SBIN_INIT;
	if (!sh.self)
		sh.self = PATH_SBIN_INIT;
	setproctitle_init(argc, argv, envp);
	sh.sigfd = setup_signals();
	umask(022);
	if (chdir("/") != 0)
		log_msg("cannot change to /: %s", strerror(errno));
	setsid();
	setenv("PATH", SPAWN_PATH, 1);
	/* In a container (a child PID namespace) the kernel refuses this with
	 * EINVAL: Ctrl-Alt-Del is not the container's to have. */
	if (reboot(RB_DISABLE_CAD) != 0 && !restoring && errno != EINVAL)
		log_msg("cannot make Ctrl-Alt-Del send SIGINT: %s", strerror(errno));
	if (!restoring)
		accept_keyboard_signal();

	initctl_init(&sh.ctl);
	bool found;
	struct inittab *t = load_table(&found);
	if (!t || !(sh.sm = sm_new(t))) {
		/* Nothing to do but wait for memory; never exit. */
		log_msg("out of memory at start: waiting");
		for (;;)
			pause();
	}

	if (restoring) {
		int statefd = atoi(argv[2]);
		int fifofd = atoi(argv[3]);
		char *state = read_state(statefd), *pool = NULL;
		struct sm_saved saved = { 0 };
		close(statefd);
		if (fifofd >= 0)
			initctl_adopt(&sh.ctl, fifofd);
		if (!state || state_v1_parse(state, &saved, &pool, report, NULL) != 0 ||
		    sm_import(sh.sm, &saved, now_ms(), &sh.acts) != 0) {
			log_msg("re-exec: state lost, booting afresh");
			struct sm_event ev = { .type = SM_EV_BOOT };
			step(&sh, &ev);
		} else {
			log_msg("re-executed: back in runlevel %c", sm_level(sh.sm));
		}
		free(state);
		free(pool);
		free(saved.procs);
	} else {
		struct sm_event ev = { .type = SM_EV_BOOT };
		boot_opts_parse(argc, argv, &ev.boot);
		log_msg("version %s booting", PACKAGE_VERSION);
		step(&sh, &ev);
	}
	initctl_check(&sh.ctl);
	serve(&sh);
}
