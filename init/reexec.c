/*
 * reexec: telinit u, the state across exec (see reexec.h).
 */
#include "reexec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "wirestate.h"
#include "handover.h"
#include "log.h"
#include "probe.h"
#include "procfs.h"
#include "state_v1.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

/* The rest of the state, after the signature: the writer is a child of
 * the old init and quick, but PID 1 never waits on anyone for long. */
#define RECEIVE_DEADLINE_MS 5000

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

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* sysvinit's make_pipe: the read end on HANDOVER_FD, kept across exec,
 * the signature already in it.  Returns the write end, or -1. */
static int make_pipe(void)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	/* The write end must not be where the read end goes. */
	if (fds[1] == HANDOVER_FD) {
		int moved = fcntl(fds[1], F_DUPFD_CLOEXEC, HANDOVER_FD + 1);
		close(fds[1]);
		fds[1] = moved;
	}
	if (fds[1] < 0 || (fds[0] != HANDOVER_FD && dup2(fds[0], HANDOVER_FD) < 0) ||
	    !write_all(fds[1], HANDOVER_SIGNATURE, HANDOVER_SIGNATURE_LEN)) {
		close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	if (fds[0] != HANDOVER_FD)
		close(fds[0]);
	else
		fcntl(HANDOVER_FD, F_SETFD, 0);
	return fds[1];
}

/* The state saved, its program probed, and the pipe that hands it over
 * on HANDOVER_FD, a child writing into it.  0, or -1 and why. */
static int prepare(const char *self, const struct sm *sm, char *why, size_t whysize)
{
	char err[160];
	size_t len;
	int wfd;
	pid_t writer;

	char *text = wirestate_save(sm, &len, err, sizeof(err));
	if (!text) {
		snprintf(why, whysize, "re-exec: cannot save the state: %s", err);
		return -1;
	}
	/* A binary that cannot start would replace PID 1 and panic the
	 * kernel: this one goes on instead. */
	if (probe_program(self, text, len, err, sizeof(err)) != 0) {
		snprintf(why, whysize, "re-exec refused, init goes on: %s", err);
		free(text);
		return -1;
	}
	if ((wfd = make_pipe()) < 0) {
		snprintf(why, whysize, "re-exec: cannot make the state pipe: %s", strerror(errno));
		free(text);
		return -1;
	}
	/* As sysvinit: a child writes the state, so that a state bigger
	 * than the pipe holds never blocks PID 1; the new init reads it
	 * (and reaps the writer). */
	if ((writer = fork()) == 0) {
		_exit(write_all(wfd, text, len) ? 0 : 1);
	}
	free(text);
	close(wfd);
	if (writer < 0) {
		snprintf(why, whysize, "re-exec: cannot start the state writer: %s", strerror(errno));
		close(HANDOVER_FD);
		return -1;
	}
	return 0;
}

void reexec(const char *self, const struct sm *sm, void (*ready)(void *ctx), void *ctx,
	    char *why, size_t whysize)
{
	leak_check();
	if (prepare(self, sm, why, whysize) != 0) {
		log_msg("%s", why);
		return;
	}
	ready(ctx);
	log_to(false, true, "Trying to re-exec init");
	/* The path as argv[0], so the next re-exec finds the same file; the
	 * FIFO and every other descriptor but the state close on exec. */
	char *const argv[] = { (char *)self, "--init", NULL };
	execv(self, argv);
	snprintf(why, whysize, "Attempt to re-exec failed: %s: %s", self, strerror(errno));
	log_msg("%s", why);
	/* The writer sees the pipe close and ends. */
	close(HANDOVER_FD);
}

/* What arrived on HANDOVER_FD after the signature; NULL when it did not
 * end in time or is too big (err says). */
static char *read_rest(size_t *len, char *err, size_t errsize)
{
	int64_t deadline = clock_ms() + RECEIVE_DEADLINE_MS;
	size_t cap = 0;
	char *buf = NULL;

	*len = 0;
	for (;;) {
		if (*len == cap) {
			size_t c = cap ? cap * 2 : 65536;
			char *b = c <= HANDOVER_INPUT_MAX ? realloc(buf, c) : NULL;
			if (!b) {
				snprintf(err, errsize, "the state is too big");
				break;
			}
			buf = b;
			cap = c;
		}
		ssize_t n = read(HANDOVER_FD, buf + *len, cap - *len);
		if (n > 0) {
			*len += (size_t)n;
			continue;
		}
		if (n == 0)
			return buf;
		if (errno == EINTR)
			continue;
		int64_t left = deadline - clock_ms();
		struct pollfd p = { .fd = HANDOVER_FD, .events = POLLIN };
		if (errno != EAGAIN || left <= 0 || poll(&p, 1, (int)left) <= 0) {
			snprintf(err, errsize, "the state did not arrive in full");
			break;
		}
	}
	free(buf);
	return NULL;
}

/* A process the old init named is ours only if it is still our child
 * (it may have ended meanwhile, its pid even gone to another).  Without
 * /proc there is no telling: the state is trusted. */
static void drop_gone(struct sm_saved *saved)
{
	if (access("/proc/self/stat", R_OK) != 0)
		return;
	for (size_t i = 0; i < saved->nprocs; i++) {
		struct procrec *p = &saved->procs[i];
		if (p->pid > 0 && procfs_parent(p->pid) != getpid())
			p->pid = 0;
	}
}

int reexec_receive(struct sm *sm, int64_t now, struct sm_actions *out,
		   char *why, size_t whysize)
{
	char sig[HANDOVER_SIGNATURE_LEN];
	struct pollfd p = { .fd = HANDOVER_FD, .events = POLLIN };
	struct handover_state st;
	struct sm_saved saved = { 0 };
	size_t len;
	int r = -1;

	if (fcntl(HANDOVER_FD, F_GETFD) < 0) {
		snprintf(why, whysize, "no state pipe on descriptor %d", HANDOVER_FD);
		return 0;
	}
	/* sysvinit's check_pipe: the signature is there at once, or there
	 * is no state. */
	int flags = fcntl(HANDOVER_FD, F_GETFL);
	fcntl(HANDOVER_FD, F_SETFL, flags | O_NONBLOCK);
	if (poll(&p, 1, 0) != 1 || read(HANDOVER_FD, sig, sizeof(sig)) != (ssize_t)sizeof(sig) ||
	    memcmp(sig, HANDOVER_SIGNATURE, sizeof(sig)) != 0) {
		snprintf(why, whysize, "no hand-over signature on descriptor %d", HANDOVER_FD);
		close(HANDOVER_FD);
		return -1;
	}
	char *text = read_rest(&len, why, whysize);
	close(HANDOVER_FD);
	if (!text)
		return -1;
	handover_state_init(&st);
	if (wirestate_load(text, len, sm_table(sm), &st, &saved, why, whysize) == 0) {
		drop_gone(&saved);
		r = sm_import(sm, &saved, now, out) == 0 ? 1 : -1;
		if (r < 0)
			snprintf(why, whysize, "the state does not fit this machine");
	}
	free(saved.procs);
	handover_state_free(&st);
	free(text);
	return r;
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

static void report(void *ctx, const char *msg)
{
	(void)ctx;
	log_msg("%s", msg);
}

int reexec_restore_v1(struct sm *sm, int statefd, int64_t now, struct sm_actions *out)
{
	char *state = read_state(statefd), *pool = NULL;
	struct sm_saved saved = { 0 };
	int r = -1;

	close(statefd);
	if (state && state_v1_parse(state, &saved, &pool, report, NULL) == 0) {
		drop_gone(&saved);
		r = sm_import(sm, &saved, now, out);
	}
	free(state);
	free(pool);
	free(saved.procs);
	return r;
}
