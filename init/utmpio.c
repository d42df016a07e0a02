#include "utmpio.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdbool.h>
#include <string.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmpx.h>

#include <bsd/string.h>

static bool utmp_failed, wtmp_failed;

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

/* Before utmp_boot() has created the files (sysinit runs first, often
 * before /run and /var are mounted) there is nothing to record into, and
 * that is normal, not worth a message. */
static bool missing(const char *path)
{
	return access(path, F_OK) != 0 && errno == ENOENT;
}

static void to_utmp(const struct utmpx *ut)
{
	if (missing(_PATH_UTMP))
		return;
	setutxent();
	if (!pututxline(ut))
		log_once(&utmp_failed, "cannot write %s: %s", _PATH_UTMP, strerror(errno));
	endutxent();
}

static void to_wtmp(const struct utmpx *ut)
{
	/* As sysvinit: wtmp is written only when it exists; and updwtmpx()
	 * reports nothing, so check it can be written first. */
	if (missing(_PATH_WTMP))
		return;
	if (access(_PATH_WTMP, W_OK) != 0) {
		log_once(&wtmp_failed, "cannot write %s: %s", _PATH_WTMP, strerror(errno));
		return;
	}
	updwtmpx(_PATH_WTMP, ut);
}

/* The "reboot"/"runlevel" pseudo-users carry the kernel release as host. */
static void pseudo_user(struct utmpx *ut, short type, const char *user)
{
	struct utsname u;

	memset(ut, 0, sizeof(*ut));
	ut->ut_type = type;
	stamp(ut);
	FILL(ut->ut_user, user);
	FILL(ut->ut_line, "~");
	FILL(ut->ut_id, "~~");
	if (uname(&u) == 0)
		FILL(ut->ut_host, u.release);
}

static void create(const char *path, mode_t mode, int extra)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | extra, mode);
	if (fd >= 0)
		close(fd);
}

void utmp_boot(void)
{
	struct utmpx ut;

	/* A fresh boot starts with an empty utmp; wtmp keeps its history. */
	create(_PATH_UTMP, 0664, O_TRUNC);
	if (access("/var/log", W_OK) == 0)
		create(_PATH_WTMP, 0664, 0);
	pseudo_user(&ut, BOOT_TIME, "reboot");
	to_utmp(&ut);
	to_wtmp(&ut);
}

void utmp_runlevel(char level, char prev)
{
	struct utmpx ut;

	pseudo_user(&ut, RUN_LVL, "runlevel");
	ut.ut_pid = (unsigned char)level + 256 * (unsigned char)prev;
	to_utmp(&ut);
	to_wtmp(&ut);
}

static void process_record(short type, const char *id, pid_t pid)
{
	struct utmpx ut;

	memset(&ut, 0, sizeof(ut));
	ut.ut_type = type;
	ut.ut_pid = pid;
	stamp(&ut);
	FILL(ut.ut_id, id);
	/* A line name lets `last` and `who` tell init's children apart. */
	FILL(ut.ut_line, id);
	if (type == DEAD_PROCESS) {
		/* Keep what a getty/login wrote for that slot, if anything. */
		struct utmpx key, *found;
		memset(&key, 0, sizeof(key));
		key.ut_type = DEAD_PROCESS;
		FILL(key.ut_id, id);
		setutxent();
		found = getutxid(&key);
		if (found && found->ut_pid == pid)
			memcpy(ut.ut_line, found->ut_line, sizeof(ut.ut_line));
		endutxent();
	}
	to_utmp(&ut);
	/* Like sysvinit, only ends of processes go to wtmp: starts would
	 * add nothing `last` shows. */
	if (type == DEAD_PROCESS)
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
