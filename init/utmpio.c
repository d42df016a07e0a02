/*
 * utmpio: init's utmp and wtmp records built, as sysvinit writes them,
 * and utmp read back (see utmpio.h).  utmpfile.c writes them where they
 * go; utmpslots.c finds a record's slot.
 */
#include "utmpio.h"
#include "utmpfile.h"
#include "utmpslots.h"

#include <fcntl.h>
#include <paths.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmpx.h>

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
static const char *release(void);

/* Queue ut for wtmp.  As sysvinit, every record init writes there carries
 * the kernel release as its host. */
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
	index_reserve();
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

	index_reserve();
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
	int fd = open(_PATH_UTMP, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);

	*n = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t)sizeof(*v) &&
	    st.st_size <= (off_t)(1 << 24) &&
	    (v = malloc((size_t)st.st_size))) {
		ssize_t r = pread(fd, v, (size_t)st.st_size, 0);
		*n = r > 0 ? (size_t)r / sizeof(*v) : 0;
	}
	close(fd);
	return v;
}
