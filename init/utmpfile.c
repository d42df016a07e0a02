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
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

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
 *   per-process locks are still kept out by, and which a child between
 *   vfork and exec holds too: it writes its utmp record through init's
 *   descriptor, and leaves its wtmp record in init's queue.
 * - wtmp records wait in a short queue and go out in one write at the
 *   end of the turn, in the order they were made.
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
};

static struct record_file utmp_file = { .path = _PATH_UTMP, .fd = -1, .wd = -1 };
static struct record_file wtmp_file = { .path = _PATH_WTMP, .fd = -1, .wd = -1 };
static int watch_fd = -1;           /* inotify; -1 until needed, or none */
static bool watch_failed;

#define WTMP_QUEUE 4                /* records: an exit and a start, twice */
static struct {
	struct utmpx v[WTMP_QUEUE];
	size_t n;
} wtmp_queue;
/* The lock glibc's writers take; never waited on for long, since PID 1
 * must not stall on whoever holds it: after about 60 ms the record is
 * written anyway (one pwrite of a whole record, which readers never see
 * half done on a local file system). */
static bool lock_file(int fd, const char *path, bool *failed)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	long wait_ns = 1000000;

	/* 1 + 2 + ... + 32 ms between seven tries; none after the last. */
	for (int tries = 1;; tries++) {
		if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
			return true;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR)
			return false;
		if (tries == 7)
			break;
		struct timespec ts = { 0, wait_ns };
		nanosleep(&ts, NULL);
		wait_ns *= 2;
	}
	log_once(failed, "%s stays locked by another process; writing without the lock", path);
	return false;
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
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0 && errno != ENOENT && (!booting || errno != EROFS))
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
	f->tried = f->ready = f->locked = f->keep = false;
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
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	if (!on_tmpfs(f->fd))
		return true;
	if (watch_fd < 0 && !watch_failed)
		watch_failed = (watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0;
	if (watch_fd >= 0)
		f->wd = inotify_add_watch(watch_fd, f->path, IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF);
	f->keep = f->wd >= 0;
	/* The watch is on whatever the path is now. */
	return !f->keep ||
	       (stat(f->path, &now) == 0 && now.st_dev == f->dev && now.st_ino == f->ino);
}

/* f, locked and looked at for the rest of the turn; false when it cannot
 * be written.  Tried once a turn: a child between vfork and exec only
 * ever finds what init made ready, since a descriptor it opened would be
 * its own alone. */
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
	f->locked = lock_file(f->fd, f->path, &f->lock_failed);
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

int utmp_watch_fd(void)
{
	return watch_fd;
}

void utmp_watch_read(void)
{
	union {
		struct inotify_event ev;
		char buf[sizeof(struct inotify_event) + NAME_MAX + 1];
	} u;
	ssize_t n;

	/* Whatever it was, the file is not to be trusted: the next record
	 * opens its path again.  A lost event (the queue overflowed) could
	 * have been either file's. */
	while ((n = read(watch_fd, &u, sizeof(u))) > 0) {
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
}

/* The queued wtmp records, after wtmp's last whole record. */
static void wtmp_flush(void)
{
	struct record_file *f = &wtmp_file;

	if (wtmp_queue.n && turn_open(f)) {
		off_t end = f->size - f->size % (off_t)sizeof(struct utmpx);
		if (write_records(f->fd, f->path, &f->failed, wtmp_queue.v, wtmp_queue.n, end))
			f->size = end + (off_t)(wtmp_queue.n * sizeof(struct utmpx));
	}
	wtmp_queue.n = 0;
}

/* ut queued for the end of the turn; a full queue goes out first. */
void wtmp_enqueue(const struct utmpx *ut)
{
	if (wtmp_queue.n == WTMP_QUEUE)
		wtmp_flush();
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
	watch_fd = -1;
	watch_failed = true;
	utmp_file.tried = utmp_file.ready = utmp_file.locked = false;
	wtmp_file.tried = wtmp_file.ready = wtmp_file.locked = false;
	wtmp_queue.n = 0;
}

void utmp_prepare(void)
{
	index_reserve();
	turn_open(&utmp_file);
	/* Room for the child's wtmp record. */
	if (wtmp_queue.n == WTMP_QUEUE)
		wtmp_flush();
}

/* Put ut into its slot.  With take_line, the record takes the line of
 * the slot it replaces, as sysvinit's DEAD_PROCESS record does: the slot
 * of a getty (LOGIN_PROCESS) or of the login that replaced it
 * (USER_PROCESS, with the shell's pid), so that `last` shows the session
 * ending on its tty. */
void to_utmp(struct utmpx *ut, bool take_line)
{
	struct record_file *f = &utmp_file;
	struct utmpx old;
	off_t at, end = 0;

	if (!turn_open(f))
		return;
	at = find_slot(f->fd, f->size - f->size % (off_t)sizeof(*ut), f->locked, ut, &old, &end);
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
