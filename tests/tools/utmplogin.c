/*
 * utmplogin: the shutdown tests' stand-in for a login: writes a
 * USER_PROCESS record (user, line, pid) into utmp as login does, or with
 * -x the DEAD_PROCESS that ends it.
 *
 *   utmplogin [-x] USER LINE PID
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <utmpx.h>

int main(int argc, char *argv[])
{
	struct utmpx u;
	struct timeval tv;
	int dead = argc > 1 && strcmp(argv[1], "-x") == 0;

	if (argc != 4 + dead) {
		fprintf(stderr, "usage: utmplogin [-x] USER LINE PID\n");
		return 2;
	}
	argv += dead;
	memset(&u, 0, sizeof(u));
	u.ut_type = dead ? DEAD_PROCESS : USER_PROCESS;
	u.ut_pid = atoi(argv[3]);
	strncpy(u.ut_user, argv[1], sizeof(u.ut_user) - 1);
	strncpy(u.ut_line, argv[2], sizeof(u.ut_line) - 1);
	const char *id = strlen(argv[2]) > 4 ? argv[2] + strlen(argv[2]) - 4 : argv[2];
	strncpy(u.ut_id, id, sizeof(u.ut_id));
	gettimeofday(&tv, NULL);
	u.ut_tv.tv_sec = (int32_t)tv.tv_sec;
	u.ut_tv.tv_usec = (int32_t)tv.tv_usec;
	setutxent();
	if (pututxline(&u) == NULL) {
		perror("utmplogin: pututxline");
		return 1;
	}
	endutxent();
	return 0;
}
