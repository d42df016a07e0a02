/*
 * spawner: making init's children in a process of their own (see
 * spawner.h).
 *
 * Why a process apart: vfork() suspends init until the child's exec
 * returns, and an exec can wait as long as a file system likes (a
 * program file under a lease, a hung NFS mount, a stopped FUSE daemon);
 * a fork() of PID 1 itself copies its page tables and leaves every page
 * it writes next to fault once more, per start.  The spawner pays for the
 * fork instead, and init pays a datagram each way; the starts of a turn
 * (a boot, a change of level) are sent a window ahead of their answers,
 * so that the spawner's forks overlap init's own work
 * (tests/bench/RESULTS.md has the measurements).
 *
 * The spawner clones with CLONE_PARENT, so the new process is init's
 * child from its first instant: its exit wakes init as any child's does,
 * and no reply can come after the exit it names (init reads the reply
 * before it reaps).  When it has had no order for SPAWNER_IDLE_MS it
 * shuts its reading side and leaves after the orders already queued;
 * an order sent after that fails with EPIPE, and init makes a new
 * spawner.  An order the spawner has taken but not answered within
 * REPLY_PATIENCE_MS (it was stopped, or killed in between) is started by
 * init itself: should the spawner have made it after all, the entry runs
 * twice; that takes a spawner stopped, or starved for seconds, in the
 * middle of a start.
 */
#include "spawner.h"

#include "clock.h"
#include "launch.h"
#include "pid1setup.h"
#include "proctitle.h"
#include "utmpio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
	SPAWNER_IDLE_MS = 1000,
	REPLY_PATIENCE_MS = 2000,
};

/* init's end of the spawner's socket (non-blocking), and the spawner. */
static int sock = -1;
static pid_t spawner_pid;
static size_t in_flight;           /* orders sent, not answered */

/* An order as init encodes it and the spawner reads it (each in its
 * own copy). */
static char order_buf[START_ORDER_MAX];

/* --- in the spawner --- */

/* init's name and title, which the processes it makes show. */
static char init_name[16], init_title[64];

static void answer(int fd, pid_t pid, int err)
{
	struct start_reply r = { pid, err };

	while (send(fd, &r, sizeof(r), MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

static void start_one(int fd, size_t len)
{
	/* Each string of an order takes at least its NUL. */
	static char *words[START_ORDER_MAX / 2 + 2];
	struct start_order o;
	long pid;

	if (!start_order_decode(order_buf, len, &o, words, sizeof(words) / sizeof(words[0]))) {
		answer(fd, -1, EINVAL);
		return;
	}
	/* The raw call: glibc's fork() has no CLONE_PARENT.  With it the
	 * exit signal is the spawner's own, SIGCHLD. */
	pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0UL, NULL, NULL, 0UL);
	if (pid == 0) {
		/* Until its exec (a keeper, for good), it looks as a fork
		 * of init would. */
		prctl(PR_SET_NAME, init_name);
		proctitle_set(init_title);
		launch_become(&o);
	}
	answer(fd, pid < 0 ? -1 : (pid_t)pid, pid < 0 ? errno : 0);
}

/* No order for a while: no more are taken, the queued ones are started. */
static _Noreturn void retire(int fd)
{
	ssize_t len;

	shutdown(fd, SHUT_RD);
	while ((len = recv(fd, order_buf, sizeof(order_buf), MSG_DONTWAIT)) > 0)
		start_one(fd, (size_t)len);
	_exit(0);
}

static _Noreturn void serve(int fd)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ready = poll(&p, 1, SPAWNER_IDLE_MS);
		ssize_t len;

		if (ready == 0)
			retire(fd);
		if (ready < 0)
			continue;
		len = recv(fd, order_buf, sizeof(order_buf), 0);
		/* init is gone, or has become another program. */
		if (len == 0 || (len < 0 && errno != EINTR))
			_exit(0);
		if (len > 0)
			start_one(fd, (size_t)len);
	}
}

/* In the fork: nothing of init's but the console and the socket.  The
 * signal mask stays init's (all blocked): only SIGKILL ends it early. */
static _Noreturn void become_spawner(int fd)
{
	close_inherited(&fd, 1);
	utmp_forget();
	/* What ps shows: the title as far as init's argument room allows
	 * ("init: spaw" under /sbin/init), the name in full. */
	prctl(PR_GET_NAME, init_name);
	proctitle_get(init_title, sizeof(init_title));
	proctitle_set("init: spawner");
	prctl(PR_SET_NAME, "init-spawner");
	serve(fd);
}

/* --- in init --- */

static bool make_spawner(void)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return false;
	pid = fork();
	if (pid == 0)
		become_spawner(sv[1]);
	close(sv[1]);
	if (pid < 0 || fcntl(sv[0], F_SETFL, O_NONBLOCK) != 0) {
		if (pid > 0)
			kill(pid, SIGKILL);
		close(sv[0]);
		return false;
	}
	sock = sv[0];
	spawner_pid = pid;
	return true;
}

/* The spawner let go (its zombie is reaped as any orphan's). */
static void drop_spawner(bool kill_it)
{
	if (kill_it)
		kill(spawner_pid, SIGKILL);
	close(sock);
	sock = -1;
	spawner_pid = 0;
	in_flight = 0;
}

bool spawner_reply(pid_t *pid, int *err)
{
	int64_t deadline = clock_ms() + REPLY_PATIENCE_MS;
	struct start_reply r;

	while (sock >= 0 && in_flight > 0) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		int64_t left = deadline - clock_ms();
		ssize_t got;

		if (left <= 0 || poll(&p, 1, (int)left) == 0)
			break;
		got = recv(sock, &r, sizeof(r), MSG_DONTWAIT);
		if (got == (ssize_t)sizeof(r)) {
			in_flight--;
			*pid = r.pid;
			*err = r.pid < 0 ? r.err : 0;
			return true;
		}
		if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
			break;
	}
	/* Stuck, or gone with the order. */
	if (sock >= 0)
		drop_spawner(true);
	return false;
}

enum spawner_sent spawner_send(const struct start_order *o)
{
	size_t len = start_order_encode(o, order_buf, sizeof(order_buf));

	if (len == 0)
		return SPAWNER_REFUSED;
	/* A second try when the first spawner had just retired. */
	for (int tries = 0; tries < 2; tries++) {
		if (sock < 0 && !make_spawner())
			return SPAWNER_REFUSED;
		if (send(sock, order_buf, len, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)len) {
			in_flight++;
			return SPAWNER_SENT;
		}
		/* EPIPE: it is retiring (it answers what it took first);
		 * EAGAIN: its queue is full. */
		if (in_flight > 0)
			return SPAWNER_BUSY;
		/* With nothing in flight, EAGAIN means it is stuck. */
		drop_spawner(errno != EPIPE && errno != ECONNRESET);
	}
	return SPAWNER_REFUSED;
}
