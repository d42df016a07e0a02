/*
 * utmpio: init's utmp and wtmp records (see utmpio.h).
 */
#include "utmpio.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <paths.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <bsd/stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/time.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmpx.h>

#include <bsd/string.h>

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

/* utmp's fixed fields need not be NUL-terminated. */
#define FILL(field, src) fill((field), sizeof(field), (src))
static void fill(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	if (len > size)
		len = size;
	memset(dst, 0, size);
	memcpy(dst, src, len);
}

static void stamp(struct utmpx *ut)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	ut->ut_tv.tv_sec = tv.tv_sec;
	ut->ut_tv.tv_usec = tv.tv_usec;
}

/*
 * utmp is read and written here, not through pututxline(): glibc reads it
 * one record per read(2) and takes its lock with alarm(2) and a SIGALRM
 * handler around a blocking F_SETLKW, so a boot of 1000 entries cost
 * O(n^2) system calls, and a process holding a lock on utmp could stall
 * PID 1 for seconds.  The file format, the slot a record goes into and
 * the fcntl lock are glibc's, so login, getty, who and last see no
 * difference.
 */
enum { UTMP_CHUNK = 4 };   /* records per read: 1.5 kB of stack (the index makes scans rare) */

/* pututxline()'s rule for the slot a record replaces. */
static bool same_slot(const struct utmpx *want, const struct utmpx *have)
{
	switch (want->ut_type) {
	case RUN_LVL:
	case BOOT_TIME:
	case OLD_TIME:
	case NEW_TIME:
		return have->ut_type == want->ut_type;
	}
	switch (have->ut_type) {
	case INIT_PROCESS:
	case LOGIN_PROCESS:
	case USER_PROCESS:
	case DEAD_PROCESS:
		return strncmp(have->ut_id, want->ut_id, sizeof(want->ut_id)) == 0;
	}
	return false;
}

/*
 * Where each slot is, learnt while reading, so that a record finds its
 * slot with one read instead of a scan of the whole file: with a slot per
 * entry, scans made a boot of 1000 entries read 750 MB.  A hint only: a
 * slot is checked before it is used, and the whole index is dropped when
 * the file is another, shorter, or not what the index says.  A hash table
 * (open addressing, at most half full), since a list searched from the
 * start made such a boot quadratic again.  It grows in utmp_reserve()
 * alone, never in the child that writes its own INIT_PROCESS record
 * between vfork and exec: a child that finds no room drops the index
 * instead.
 */
struct slot_key {
	short kind;                 /* 0: a process slot, by id; else the type */
	char id[sizeof(((struct utmpx *)0)->ut_id)];
};

struct slot {
	struct slot_key key;
	off_t off;                  /* -1: an empty place in the table */
};

static struct {
	dev_t dev;
	ino_t ino;
	off_t end;                  /* the index covers the file up to here */
	struct slot *v;
	size_t n, cap;              /* cap: a power of two, or 0 */
	bool cramped;               /* dropped for want of room: grow */
} idx;

#define INDEX_SPARE 8               /* room kept for a child's insert */

static bool key_of(const struct utmpx *u, struct slot_key *k)
{
	memset(k, 0, sizeof(*k));
	switch (u->ut_type) {
	case RUN_LVL:
	case BOOT_TIME:
	case OLD_TIME:
	case NEW_TIME:
		k->kind = u->ut_type;
		return true;
	case INIT_PROCESS:
	case LOGIN_PROCESS:
	case USER_PROCESS:
	case DEAD_PROCESS:
		memcpy(k->id, u->ut_id, sizeof(k->id));
		return true;
	}
	return false;
}

static size_t key_hash(const struct slot_key *k)
{
	const unsigned char *b = (const unsigned char *)k;
	uint32_t h = 2166136261u;           /* FNV-1a */

	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void index_drop(void)
{
	for (size_t i = 0; i < idx.cap; i++)
		idx.v[i].off = -1;
	idx.n = 0;
	idx.end = 0;
}

/* The place of k in the table: its slot, or the empty place it would
 * take.  NULL without a table. */
static struct slot *index_place(const struct slot_key *k)
{
	if (!idx.cap)
		return NULL;
	for (size_t i = key_hash(k) & (idx.cap - 1);; i = (i + 1) & (idx.cap - 1))
		if (idx.v[i].off < 0 || memcmp(&idx.v[i].key, k, sizeof(*k)) == 0)
			return &idx.v[i];
}

static struct slot *index_find(const struct slot_key *k)
{
	struct slot *s = index_place(k);
	return s && s->off >= 0 ? s : NULL;
}

/* The first record of a key is its slot, as for glibc. */
static bool index_add(const struct utmpx *u, off_t off)
{
	struct slot_key k;

	if (!key_of(u, &k) || index_find(&k))
		return true;
	if (2 * (idx.n + 1) > idx.cap)
		return false;
	*index_place(&k) = (struct slot){ k, off };
	idx.n++;
	return true;
}

static void utmp_reserve(void)
{
	if (2 * (idx.n + INDEX_SPARE) <= idx.cap && !idx.cramped)
		return;
	idx.cramped = false;
	size_t cap = idx.cap ? idx.cap * 2 : 64;
	struct slot *v = reallocarray(NULL, cap, sizeof(*v)), *old = idx.v;
	size_t oldcap = idx.cap;

	if (!v)
		return;
	idx.v = v;
	idx.cap = cap;
	idx.n = 0;
	for (size_t i = 0; i < cap; i++)
		v[i].off = -1;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].off >= 0) {
			*index_place(&old[i].key) = old[i];
			idx.n++;
		}
	}
	free(old);
}

/* Read what the index does not cover yet, from idx.end, indexing it; the
 * first slot of want's key there in *found (-1: none).  When the index
 * has no room left, it is dropped and the rest read without it.  -1 when
 * the file cannot be read to its end. */
static int index_extend(int fd, const struct utmpx *want, off_t *found, struct utmpx *old)
{
	struct utmpx chunk[UTMP_CHUNK];
	off_t off = idx.end;
	bool indexing = true;
	ssize_t n;

	*found = -1;
	while ((n = pread(fd, chunk, sizeof(chunk), off)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		size_t whole = (size_t)n / sizeof(chunk[0]);
		for (size_t i = 0; i < whole; i++, off += (off_t)sizeof(chunk[0])) {
			if (*found < 0 && same_slot(want, &chunk[i])) {
				*found = off;
				*old = chunk[i];
			}
			if (indexing && !index_add(&chunk[i], off)) {
				index_drop();
				idx.cramped = true;
				indexing = false;
			}
		}
		if (indexing)
			idx.end = off;
		if (whole < UTMP_CHUNK || (!indexing && *found >= 0))
			break;
	}
	return 0;
}

/* Where the slot for want is (its old record in *old), or -1 and where a
 * new record goes (*end): after the last whole record, size.  -2 when the
 * file cannot be read to its end (no place is known to be free).  With
 * sole (init holds the lock, so nobody else is adding records), an index
 * that covers size knows every slot, and a new one needs no read. */
static off_t find_slot(int fd, off_t size, bool sole, const struct utmpx *want,
		       struct utmpx *old, off_t *end)
{
	struct slot_key k;
	off_t found = -1;

	struct slot *hint = key_of(want, &k) ? index_find(&k) : NULL;
	if (hint) {
		if (pread(fd, old, sizeof(*old), hint->off) == (ssize_t)sizeof(*old) &&
		    same_slot(want, old))
			return hint->off;
		index_drop();
	}
	/* Records others added since (a login's, say), then the end. */
	if (!(sole && idx.end >= size) && index_extend(fd, want, &found, old) != 0)
		return -2;
	if (found >= 0)
		return found;
	*end = size > idx.end ? size : idx.end;
	return -1;
}

/* The index is of utmp as a turn found it: dropped when the file is
 * another, or shorter than what the index covers. */
static void index_of_file(dev_t dev, ino_t ino, off_t size)
{
	if (dev != idx.dev || ino != idx.ino || size < idx.end) {
		index_drop();
		idx.dev = dev;
		idx.ino = ino;
	}
}

/* A record was appended at off (idx.end): the index covers it too. */
static void index_appended(const struct utmpx *ut, off_t off)
{
	if (off != idx.end)
		return;
	if (index_add(ut, off)) {
		idx.end += (off_t)sizeof(*ut);
	} else {
		index_drop();
		idx.cramped = true;
	}
}

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

static void files_booting(bool on)
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
static void wtmp_enqueue(const struct utmpx *ut)
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
	utmp_reserve();
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
static void to_utmp(struct utmpx *ut, bool take_line)
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

static const char *release(void);

/* Queue ut for wtmp.  As sysvinit, every record init writes there carries
 * the kernel release as its host.  A child between vfork and exec finds
 * room (utmp_prepare). */
static void to_wtmp(struct utmpx *ut)
{
	if (release())
		FILL(ut->ut_host, release());
	wtmp_enqueue(ut);
}

/* The "reboot"/"runlevel" pseudo-users. */
static void pseudo_user(struct utmpx *ut, short type, const char *user)
{
	memset(ut, 0, sizeof(*ut));
	ut->ut_type = type;
	stamp(ut);
	FILL(ut->ut_user, user);
	FILL(ut->ut_line, "~");
	FILL(ut->ut_id, "~~");
}

static void create(const char *path, mode_t mode, int extra)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | extra, mode);
	if (fd >= 0)
		close(fd);
}

void utmp_reset(void)
{
	/* A fresh boot starts with an empty utmp; wtmp keeps its history. */
	files_booting(true);
	utmp_end_turn();
	create(_PATH_UTMP, 0664, O_TRUNC);
	index_drop();
}

void utmp_boot(void)
{
	struct utmpx ut;

	files_booting(false);
	utmp_reserve();
	/* sysinit may have mounted a new /run and /var since utmp_reset,
	 * and the files may be new. */
	utmp_end_turn();
	create(_PATH_UTMP, 0664, 0);
	if (access("/var/log", W_OK) == 0)
		create(_PATH_WTMP, 0664, 0);
	pseudo_user(&ut, BOOT_TIME, "reboot");
	to_utmp(&ut, false);
	to_wtmp(&ut);
}

void utmp_runlevel(char level, char prev)
{
	struct utmpx ut;

	utmp_reserve();
	pseudo_user(&ut, RUN_LVL, "runlevel");
	ut.ut_pid = (unsigned char)level + 256 * (unsigned char)prev;
	to_utmp(&ut, false);
	to_wtmp(&ut);
}

/* As sysvinit: no user and no line of its own (a DEAD_PROCESS record
 * takes its slot's), in utmp and in wtmp. */
static void process_record(short type, const char *id, pid_t pid)
{
	struct utmpx ut;

	memset(&ut, 0, sizeof(ut));
	ut.ut_type = type;
	ut.ut_pid = pid;
	stamp(&ut);
	FILL(ut.ut_id, id);
	to_utmp(&ut, type == DEAD_PROCESS);
	to_wtmp(&ut);
}

void utmp_init_process(const char *id, pid_t pid)
{
	process_record(INIT_PROCESS, id, pid);
}

void utmp_dead_process(const char *id, pid_t pid)
{
	process_record(DEAD_PROCESS, id, pid);
}

/* The kernel release, for wtmp's host field: it does not change while
 * the system runs, so it is asked once. */
static const char *release(void)
{
	static struct utsname u;
	static bool known;

	if (!known)
		known = uname(&u) == 0;
	return known ? u.release : NULL;
}

struct utmpx *utmp_read_all(size_t *n)
{
	struct stat st;
	struct utmpx *v = NULL;
	int fd = open(_PATH_UTMP, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	*n = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(*v) &&
	    st.st_size <= (off_t)(1 << 24) &&
	    (v = malloc((size_t)st.st_size))) {
		ssize_t r = pread(fd, v, (size_t)st.st_size, 0);
		*n = r > 0 ? (size_t)r / sizeof(*v) : 0;
	}
	close(fd);
	return v;
}
