/*
 * utmpslots: the slot of each record in utmp, and the index of them
 * (see utmpslots.h).
 */
#include "utmpslots.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bsd/stdlib.h>

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
 * start made such a boot quadratic again.  It grows as records are
 * added (it used to grow before each vfork alone, whose child could not
 * allocate); without the memory for it, it is dropped instead.  An
 * entry's process (made by the spawner, a fork of init) writes its
 * INIT_PROCESS record with a copy of init's index as it was when the
 * spawner was made: init learns that slot when its own DEAD_PROCESS
 * record reads on from where its index ends.
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

void index_drop(void)
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

static bool index_grow(void);

/* The first record of a key is its slot, as for glibc. */
static bool index_add(const struct utmpx *u, off_t off)
{
	struct slot_key k;

	if (!key_of(u, &k) || index_find(&k))
		return true;
	if (2 * (idx.n + 1) > idx.cap && !index_grow())
		return false;
	*index_place(&k) = (struct slot){ k, off };
	idx.n++;
	return true;
}

void index_reserve(void)
{
	if (2 * (idx.n + INDEX_SPARE) <= idx.cap && !idx.cramped)
		return;
	index_grow();
}

/* Twice the room; false without the memory. */
static bool index_grow(void)
{
	idx.cramped = false;
	size_t cap = idx.cap ? idx.cap * 2 : 64;
	struct slot *v = reallocarray(NULL, cap, sizeof(*v)), *old = idx.v;
	size_t oldcap = idx.cap;

	if (!v)
		return false;
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
	return true;
}

static bool all_empty(const struct utmpx *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].ut_type != EMPTY)
			return false;
	return true;
}

/* Where the records after off begin, past a hole of a sparse file (a
 * utmp made 2 GiB long with a truncate reads as 2 GiB of EMPTY records,
 * seconds of reading): the next data, at a record's start. */
static off_t past_hole(int fd, off_t off)
{
	off_t data = lseek(fd, off, SEEK_DATA);

	if (data < 0 && errno == ENXIO)
		data = lseek(fd, 0, SEEK_END);
	if (data <= off)
		return off;
	return data - data % (off_t)sizeof(struct utmpx);
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
		if (n > 0 && n == (ssize_t)sizeof(chunk) && all_empty(chunk, UTMP_CHUNK)) {
			off = past_hole(fd, off + n);
			if (indexing)
				idx.end = off;
			continue;
		}
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
off_t find_slot(int fd, off_t size, bool sole, const struct utmpx *want,
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
void index_of_file(dev_t dev, ino_t ino, off_t size)
{
	if (dev != idx.dev || ino != idx.ino || size < idx.end) {
		index_drop();
		idx.dev = dev;
		idx.ino = ino;
	}
}

/* A record was appended at off (idx.end): the index covers it too. */
void index_appended(const struct utmpx *ut, off_t off)
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
