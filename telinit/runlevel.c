/*
 * runlevel [UTMP]: print the previous and current runlevel from the newest
 * RUN_LVL record (`N 3`), or `unknown` and exit 1, as sysvinit's does.
 * The record's ut_pid is current + 256 * previous (level characters).
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

/* Newest by timestamp; among equal times the later record wins, as a
 * wtmp file given as argument grows at its end.  Returns false when no
 * usable RUN_LVL record exists. */
static bool newest_runlevel(int fd, char *prev, char *cur)
{
	struct utmp ut;
	bool found = false;
	long long best_s = 0, best_us = 0;

	for (;;) {
		ssize_t n = read(fd, &ut, sizeof(ut));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(ut))
			break;          /* end, error, or a torn last record */
		if (ut.ut_type != RUN_LVL)
			continue;
		int c = ut.ut_pid % 256, p = (ut.ut_pid / 256) % 256;
		if (!level_char(c))
			continue;
		long long s = ut.ut_tv.tv_sec, us = ut.ut_tv.tv_usec;
		if (found && (s < best_s || (s == best_s && us < best_us)))
			continue;
		found = true;
		best_s = s;
		best_us = us;
		*cur = (char)c;
		*prev = level_char(p) ? (char)p : 'N';
	}
	return found;
}

int main(int argc, char *argv[])
{
	const char *path = _PATH_UTMP;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("Usage: runlevel [UTMP]\n"
		       "Print the previous and the current runlevel (N when there was\n"
		       "none) from UTMP (default %s), or \"unknown\".\n", _PATH_UTMP);
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
	bool found = fd >= 0 && newest_runlevel(fd, &prev, &cur);
	if (fd >= 0)
		close(fd);
	if (!found) {
		puts("unknown");
		return 1;
	}
	printf("%c %c\n", prev, cur);
	return fflush(stdout) == 0 ? 0 : 1;
}
