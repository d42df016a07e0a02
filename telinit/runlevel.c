/*
 * runlevel [UTMP]: print the previous and current runlevel, as sysvinit's
 * does: from the first RUN_LVL record of UTMP (`N 3`; ut_pid is current +
 * 256 * previous, as level characters); without one, from the level init
 * keeps in /var/run/runlevel (`N 3`, or `N *` during boot); else
 * `unknown` and exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>

static bool level_char(int c)
{
	return c > ' ' && c < 0x7f;
}

/* The first RUN_LVL record with a level in it, as sysvinit's reads
 * utmp (a wtmp file given as argument: its oldest).  Returns false when
 * there is none. */
static bool first_runlevel(int fd, char *prev, char *cur)
{
	struct utmp ut;

	for (;;) {
		ssize_t n = read(fd, &ut, sizeof(ut));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(ut))
			return false;   /* end, error, or a torn last record */
		if (ut.ut_type != RUN_LVL)
			continue;
		int c = ut.ut_pid % 256, p = (ut.ut_pid / 256) % 256;
		if (!level_char(c))
			continue;
		*cur = (char)c;
		*prev = level_char(p) ? (char)p : 'N';
		return true;
	}
}

/* sysvinit's fallback where utmp has no record (emptied, or a chroot):
 * the first byte of the file init writes its level to. */
static bool logged_runlevel(char *cur)
{
	char c = 0;
	int fd = open(PATH_RUNLEVEL_LOG, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return false;
	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n != 1 || !level_char(c))
		return false;
	*cur = c;
	return true;
}

int main(int argc, char *argv[])
{
	const char *path = _PATH_UTMP;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("Usage: runlevel [UTMP]\n"
		       "Print the previous and the current runlevel (N when there was\n"
		       "none) from UTMP (default %s), else from %s,\n"
		       "or \"unknown\".\n", _PATH_UTMP, PATH_RUNLEVEL_LOG);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("runlevel (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')) {
		fprintf(stderr, "runlevel: usage: runlevel [UTMP]\n");
		return 2;
	}
	if (argc == 2)
		path = argv[1];

	/* As sysvinit: an unreadable file is no different from no record. */
	char prev = 'N', cur = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool found = fd >= 0 && first_runlevel(fd, &prev, &cur);
	if (fd >= 0)
		close(fd);
	if (!found && logged_runlevel(&cur)) {
		prev = 'N';
		found = true;
	}
	if (!found) {
		puts("unknown");
		return 1;
	}
	printf("%c %c\n", prev, cur);
	return fflush(stdout) == 0 ? 0 : 1;
}
