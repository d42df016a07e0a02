/*
 * utmpfile: utmp and wtmp across the turns of init's event loop (see
 * utmpfile.h).
 */
#include "utmpfile.h"
#include "utmpio.h"
#include "utmpslots.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <paths.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#include <bsd/stdlib.h>

/*
 * A turn of init's event loop writes its records under one lock of each
 * file, taken by the first record and let go by utmp_end_turn() before
 * init sleeps.  A `wait` entry's exit and the next one's start are four
 * records, which used to cost four opens, locks, fstats and closes of
 * their own.
 * - A file on a disk is closed at the end of each turn, as sysvinit
 *   never keeps one open: a file open for writing makes the kernel
 *   refuse to remount its file system read-only (EBUSY), which shutdown
 *   does to the root, and an administrator in single user before fsck.
 * - A file on a tmpfs (utmp in /run) stays open from turn to turn.  An
 *   inotify watch tells when it is renamed or unlinked (utmp made anew):
 *   init then closes it (utmp_watch_read), and the next record opens the
 *   path again; a turn reads only the length, with fstat(2) under the
 *   lock.  Without inotify it is closed after each turn too.  A change of
 *   the mount table closes both (utmp_close): a new /run, or a read-only
 *   bind mount over utmp, is seen by path alone.
 * - The lock is an open file description's (F_OFD_SETLK), which glibc's
 *   per-process locks are still kept out by.  PID 1 tries it once and
 *   never waits: while someone else holds it (a child writing its own
 *   INIT_PROCESS record through descriptors of its own, a reader), the
 *   turn's records wait in memory and a timer retries them; after
 *   LOCK_PATIENCE_MS of that they are written without the lock.  A fork
 *   of init (utmp_forget) waits for the lock, up to a second.
 * - wtmp records wait in a queue and go out in one write at the end of
 *   the turn, in the order they were made.
 */
struct record_file {
	const char *path;
	int fd;                     /* open across turns, or -1 */
	int wd;                     /* its inotify watch, or -1 */
	bool keep;                  /* open across turns: a tmpfs, watched */
	dev_t dev;                  /* what fd is */
	ino_t ino;
	bool tried;                 /* this turn has looked at it */
	bool ready;                 /* and may write it */
	bool locked;
	off_t size;                 /* by the look this turn took */
	bool failed, lock_failed;   /* each reported once */
	bool busy;                  /* this turn found it locked: retry */
	struct timespec busy_since; /* first found locked (0: not now) */
};

static struct record_file utmp_file = { .path = _PATH_UTMP, .fd = -1, .wd = -1 };
static struct record_file wtmp_file = { .path = _PATH_WTMP, .fd = -1, .wd = -1 };
static int watch_fd = -1;           /* inotify; -1 until needed, or none */
static bool watch_failed;
static bool forked;                 /* a fork of init (utmp_forget) */
static bool last_turn;              /* init is about to exec */

/* wtmp's records of the turn; utmp's that wait for its lock. */
static struct {
	struct utmpx *v;
	size_t n, cap;
} wtmp_queue;
static struct {
	struct waiting {
		struct utmpx ut;
		bool take_line;
	} *v;
	size_t n, cap;
} utmp_pending;
static bool queue_failed;
#define WTMP_QUEUE 4                /* records: an exit and a start, twice */
static void watch_open(void);

#define LOCK_PATIENCE_MS 1000

enum lock_result { LOCK_HELD, LOCK_BUSY, LOCK_NONE };

static void on_alarm(int sig)
{
	(void)sig;
}

/* In a fork of init, which may wait: for the lock, up to a second (a
 * SIGALRM ends the wait).  Woken as soon as the holder lets go, where
 * a sleep between tries would delay every start. */
static bool lock_waiting(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct sigaction sa = { .sa_handler = on_alarm }, old_sa;
	struct itimerval second = { .it_value = { 1, 0 } }, off = { 0 };
	sigset_t alarm_only, old_mask;
	int r;

	sigemptyset(&alarm_only);
	sigaddset(&alarm_only, SIGALRM);
	sigaction(SIGALRM, &sa, &old_sa);
	sigprocmask(SIG_UNBLOCK, &alarm_only, &old_mask);
	setitimer(ITIMER_REAL, &second, NULL);
	r = fcntl(fd, F_OFD_SETLKW, &fl);
	setitimer(ITIMER_REAL, &off, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	return r == 0;
}

/* The lock glibc's writers take, tried once: PID 1 must not stall on
 * whoever holds it.  LOCK_NONE: the file takes no locks (written
 * anyway, one pwrite of a whole record, which readers never see half
 * done on a local file system). */
static enum lock_result lock_file(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return LOCK_HELD;
	if (errno != EACCES && errno != EAGAIN)
		return LOCK_NONE;
	return forked && lock_waiting(fd) ? LOCK_HELD : LOCK_BUSY;
}

static void unlock_file(int fd)
{
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET };

	fcntl(fd, F_OFD_SETLK, &fl);
}

/* Before utmp_boot() has created the files (sysinit runs first, often
 * before /run and /var are mounted, and with the root file system still
 * read-only until checkroot) there is nothing to record into, and that
 * is normal, not worth a message; and as sysvinit, wtmp is written only
 * when it exists. */
static bool booting;                /* from utmp_reset() to utmp_boot() */

void files_booting(bool on)
{
	booting = on;
}

static int open_record_file(const char *path, bool *failed)
{
	/* init's reads of its own slots need not dirty the inode (with
	 * relatime, the first read after each write would); O_NOATIME is
	 * for the file's owner or root alone. */
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOATIME | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	/* A link where the file should be (wtmp's directory may be writable
	 * by a log group) would have root's records land in whatever file
	 * it names: never followed.  O_NONBLOCK: a FIFO there must not
	 * stall the open. */
	if (fd < 0 && errno == ELOOP)
		log_once(failed, "not writing %s: it is a symbolic link", path);
	else if (fd < 0 && errno != ENOENT && (!booting || errno != EROFS))
		log_once(failed, "cannot write %s: %s", path, strerror(errno));
	return fd;
}

/* n whole records at off; new records (off at the end) that did not fit
 * are cut off again, so the file never ends in half a record. */
static bool write_records(int fd, const char *path, bool *failed, const struct utmpx *v,
			  size_t n, off_t off)
{
	size_t len = n * sizeof(*v);
	ssize_t w;

	do
		w = pwrite(fd, v, len, off);
	while (w < 0 && errno == EINTR);
	if (w == (ssize_t)len)
		return true;
	log_once(failed, "cannot write %s: %s", path, w < 0 ? strerror(errno) : "short write");
	/* A slot's record is rewritten whole or not at all by a local file
	 * system; only new records can be left cut. */
	struct stat st;
	if (w > 0 && fstat(fd, &st) == 0 && st.st_size > off &&
	    st.st_size < off + (off_t)len && ftruncate(fd, off) != 0)
		log_once(failed, "cannot write %s: %s", path, strerror(errno));
	return false;
}

static void file_close(struct record_file *f)
{
	if (f->fd >= 0) {
		if (f->locked)
			unlock_file(f->fd);
		close(f->fd);
	}
	if (f->wd >= 0)
		inotify_rm_watch(watch_fd, f->wd);
	f->fd = f->wd = -1;
	f->tried = f->ready = f->locked = f->keep = f->busy = false;
}

/* Where keeping a file open blocks nobody's remount or unmount. */
static bool on_tmpfs(int fd)
{
	struct statfs fs;

	return fstatfs(fd, &fs) == 0 &&
	       (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC);
}

/* f's path opened; one on a tmpfs is watched, to be kept open across
 * turns.  False when it cannot be opened, or is another file by the
 * time the watch is there. */
static bool file_open(struct record_file *f)
{
	struct stat st, now;

	if ((f->fd = open_record_file(f->path, &f->failed)) < 0)
		return false;
	if (fstat(f->fd, &st) != 0) {
		log_once(&f->failed, "cannot write %s: %s", f->path, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		log_once(&f->failed, "not writing %s: not a regular file", f->path);
		return false;
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	if (!on_tmpfs(f->fd))
		return true;
	watch_open();
	if (watch_fd >= 0)
		f->wd = inotify_add_watch(watch_fd, f->path, IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF);
	f->keep = f->wd >= 0;
	/* The watch is on whatever the path is now. */
	return !f->keep ||
	       (stat(f->path, &now) == 0 && now.st_dev == f->dev && now.st_ino == f->ino);
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* f's lock for the turn.  False when PID 1 is to retry later (f->busy);
 * once the file has stayed locked for LOCK_PATIENCE_MS, true without the
 * lock. */
static bool take_lock(struct record_file *f)
{
	switch (lock_file(f->fd)) {
	case LOCK_HELD:
		f->locked = true;
		f->busy_since.tv_sec = f->busy_since.tv_nsec = 0;
		return true;
	case LOCK_NONE:
		return true;
	case LOCK_BUSY:
		break;
	}
	if (!forked && !last_turn) {
		if (!f->busy_since.tv_sec && !f->busy_since.tv_nsec)
			clock_gettime(CLOCK_MONOTONIC, &f->busy_since);
		if (ms_since(&f->busy_since) < LOCK_PATIENCE_MS) {
			f->busy = true;
			return false;
		}
	}
	log_once(&f->lock_failed, "%s stays locked by another process; writing without the lock",
		 f->path);
	return true;
}

/* f, locked and looked at for the rest of the turn; false when it cannot
 * be written (f->busy: not yet).  Tried once a turn. */
static bool turn_open(struct record_file *f)
{
	struct stat st;

	if (f->tried)
		return f->ready;
	f->tried = true;
	/* A file kept from an earlier turn is the path's while its watch
	 * says nothing: the length is all a turn needs. */
	if (f->fd < 0 && !file_open(f))
		goto unusable;
	if (!take_lock(f))
		return false;
	if (fstat(f->fd, &st) != 0) {
		log_once(&f->failed, "cannot write %s: %s", f->path, strerror(errno));
		goto unusable;
	}
	f->size = st.st_size;
	f->ready = true;
	if (f == &utmp_file)
		index_of_file(f->dev, f->ino, f->size);
	return true;

unusable:
	/* file_close forgets the turn too: this turn is not to try again. */
	file_close(f);
	f->tried = true;
	return false;
}

/*
 * What wakes init's loop for the files, one descriptor for it to poll:
 * an epoll set of the inotify watches and of the timer that retries
 * records that wait for a lock.
 */
static int wake_fd = -1, timer_fd = -1;
static bool wake_failed;
static int retry_ms;                /* the next retry's delay, doubling */

static bool wake_add(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (wake_fd < 0 && !wake_failed)
		wake_failed = (wake_fd = epoll_create1(EPOLL_CLOEXEC)) < 0;
	return wake_fd >= 0 && epoll_ctl(wake_fd, EPOLL_CTL_ADD, fd, &ev) == 0;
}

static void watch_open(void)
{
	if (watch_fd >= 0 || watch_failed)
		return;
	watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch_fd >= 0 && !wake_add(watch_fd)) {
		close(watch_fd);
		watch_fd = -1;
	}
	watch_failed = watch_fd < 0;
}

/* A retry of the waiting records, soon: 2, 4, ... 64 ms. */
static void retry_later(void)
{
	if (timer_fd < 0 && !wake_failed) {
		timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (timer_fd >= 0 && !wake_add(timer_fd)) {
			close(timer_fd);
			timer_fd = -1;
		}
	}
	if (timer_fd < 0) {
		log_once(&queue_failed, "cannot wait for the lock of utmp or wtmp: records lost");
		utmp_pending.n = wtmp_queue.n = 0;
		return;
	}
	retry_ms = retry_ms ? (retry_ms < 64 ? retry_ms * 2 : 64) : 2;
	struct itimerspec t = { .it_value = { 0, retry_ms * 1000000L } };
	timerfd_settime(timer_fd, 0, &t, NULL);
}

int utmp_watch_fd(void)
{
	return wake_fd;
}

static void pending_write(void);

void utmp_watch_read(void)
{
	union {
		struct inotify_event ev;
		char buf[sizeof(struct inotify_event) + NAME_MAX + 1];
	} u;
	uint64_t expired;
	ssize_t n;

	/* Whatever it was, the file is not to be trusted: the next record
	 * opens its path again.  A lost event (the queue overflowed) could
	 * have been either file's. */
	while (watch_fd >= 0 && (n = read(watch_fd, &u, sizeof(u))) > 0) {
		for (char *p = u.buf; p < u.buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			for (struct record_file *f = &utmp_file; f;
			     f = f == &utmp_file ? &wtmp_file : NULL)
				if (f->wd >= 0 && !(ev->mask & IN_IGNORED) &&
				    (ev->wd == f->wd || (ev->mask & IN_Q_OVERFLOW)))
					file_close(f);
			p += sizeof(*ev) + ev->len;
		}
	}
	if (timer_fd >= 0 && read(timer_fd, &expired, sizeof(expired)) > 0)
		pending_write();
}

/* The queued wtmp records, after wtmp's last whole record; kept while
 * PID 1 waits for its lock. */
static void wtmp_flush(void)
{
	struct record_file *f = &wtmp_file;

	if (!wtmp_queue.n)
		return;
	if (turn_open(f)) {
		off_t end = f->size - f->size % (off_t)sizeof(struct utmpx);
		if (write_records(f->fd, f->path, &f->failed, wtmp_queue.v, wtmp_queue.n, end))
			f->size = end + (off_t)(wtmp_queue.n * sizeof(struct utmpx));
	} else if (f->busy) {
		return;
	}
	wtmp_queue.n = 0;
	/* A queue that grew while the lock was held goes back to its
	 * usual size: the heap is the same after a burst as before it. */
	if (wtmp_queue.cap > WTMP_QUEUE) {
		free(wtmp_queue.v);
		wtmp_queue.v = NULL;
		wtmp_queue.cap = 0;
	}
}

/* Room for one more in a queue of size-byte items. */
static bool room(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t want = *cap ? *cap * 2 : WTMP_QUEUE;
	void *p = reallocarray(*v, want, size);
	if (!p) {
		log_once(&queue_failed, "out of memory: a utmp or wtmp record is lost");
		return false;
	}
	*v = p;
	*cap = want;
	return true;
}

/* ut queued for the end of the turn; a full queue goes out first. */
void wtmp_enqueue(const struct utmpx *ut)
{
	if (wtmp_queue.n == wtmp_queue.cap)
		wtmp_flush();
	if (room((void **)&wtmp_queue.v, &wtmp_queue.cap, wtmp_queue.n, sizeof(*ut)))
		wtmp_queue.v[wtmp_queue.n++] = *ut;
}

void utmp_end_turn(void)
{
	wtmp_flush();
	for (struct record_file *f = &utmp_file; f; f = f == &utmp_file ? &wtmp_file : NULL) {
		if (!f->keep) {
			file_close(f);
			continue;
		}
		if (f->locked)
			unlock_file(f->fd);
		f->tried = f->ready = f->locked = f->busy = false;
	}
	if (utmp_pending.n || wtmp_queue.n)
		retry_later();
	else
		retry_ms = 0;
}

void utmp_end_last_turn(void)
{
	last_turn = true;
	pending_write();
	utmp_end_turn();
	last_turn = false;
}

void utmp_let_go(void)
{
	wtmp_flush();
	for (struct record_file *f = &utmp_file; f; f = f == &utmp_file ? &wtmp_file : NULL) {
		if (f->locked)
			unlock_file(f->fd);
		f->tried = f->ready = f->locked = false;
	}
}

void utmp_close(void)
{
	utmp_end_turn();
	file_close(&utmp_file);
	file_close(&wtmp_file);
}

void utmp_forget(void)
{
	utmp_file.fd = wtmp_file.fd = -1;
	utmp_file.wd = wtmp_file.wd = -1;
	utmp_file.keep = wtmp_file.keep = false;
	watch_fd = wake_fd = timer_fd = -1;
	watch_failed = wake_failed = true;
	forked = true;
	utmp_file.tried = utmp_file.ready = utmp_file.locked = utmp_file.busy = false;
	wtmp_file.tried = wtmp_file.ready = wtmp_file.locked = wtmp_file.busy = false;
	/* init's own, which init writes itself. */
	wtmp_queue.n = utmp_pending.n = 0;
	/* What is wrong with the files init says, once: not each fork. */
	utmp_file.failed = utmp_file.lock_failed = true;
	wtmp_file.failed = wtmp_file.lock_failed = true;
	queue_failed = true;
}

/* A DEAD_PROCESS record that waited for the lock finds its slot taken by
 * a newer process of the same id (the entry respawned, and the new
 * process wrote its record meanwhile): the slot stays the new one's. */
static bool stale(const struct utmpx *ut, const struct utmpx *old)
{
	return ut->ut_type == DEAD_PROCESS && old->ut_pid != ut->ut_pid &&
	       (old->ut_type == INIT_PROCESS || old->ut_type == LOGIN_PROCESS ||
		old->ut_type == USER_PROCESS) &&
	       (old->ut_tv.tv_sec > ut->ut_tv.tv_sec ||
		(old->ut_tv.tv_sec == ut->ut_tv.tv_sec && old->ut_tv.tv_usec > ut->ut_tv.tv_usec));
}

/* Put ut into its slot of the file the turn holds.  With take_line, the
 * record takes the line of the slot it replaces, as sysvinit's
 * DEAD_PROCESS record does: the slot of a getty (LOGIN_PROCESS) or of the
 * login that replaced it (USER_PROCESS, with the shell's pid), so that
 * `last` shows the session ending on its tty. */
static void put(struct utmpx *ut, bool take_line)
{
	struct record_file *f = &utmp_file;
	struct utmpx old;
	off_t at, end = 0;

	at = find_slot(f->fd, f->size - f->size % (off_t)sizeof(*ut), f->locked, ut, &old, &end);
	if (at >= 0 && stale(ut, &old))
		return;
	if (at >= 0 && take_line)
		memcpy(ut->ut_line, old.ut_line, sizeof(ut->ut_line));
	if (at == -2) {
		log_once(&f->failed, "cannot read %s: %s", f->path, strerror(errno));
	} else if (write_records(f->fd, f->path, &f->failed, ut, 1, at >= 0 ? at : end) &&
		   at < 0) {
		f->size = end + (off_t)sizeof(*ut);
		index_appended(ut, end);
	}
}

/* The records that waited for the locks, in the order they were made,
 * if the locks can be had now. */
static void pending_write(void)
{
	if (utmp_pending.n && turn_open(&utmp_file)) {
		for (size_t i = 0; i < utmp_pending.n; i++)
			put(&utmp_pending.v[i].ut, utmp_pending.v[i].take_line);
		utmp_pending.n = 0;
	} else if (!utmp_file.busy) {
		utmp_pending.n = 0;
	}
	if (!utmp_pending.n) {
		free(utmp_pending.v);
		utmp_pending.v = NULL;
		utmp_pending.cap = 0;
	}
	wtmp_flush();
}

/* ut into its slot; while another process holds the lock, after the
 * records that wait for it. */
void to_utmp(struct utmpx *ut, bool take_line)
{
	if (utmp_pending.n)
		pending_write();
	if (!utmp_pending.n && turn_open(&utmp_file)) {
		put(ut, take_line);
		return;
	}
	if (!utmp_file.busy)
		return;
	if (room((void **)&utmp_pending.v, &utmp_pending.cap, utmp_pending.n,
		 sizeof(*utmp_pending.v)))
		utmp_pending.v[utmp_pending.n++] = (struct waiting){ *ut, take_line };
}
