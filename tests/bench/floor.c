/*
 * The floor for benchmark workload 1: the least any parent can spend
 * running a command COUNT times one after the other, with posix_spawn and
 * waitpid and nothing else.  An init running COUNT `wait` entries cannot
 * beat this; the benchmark reports how close it comes.
 *
 * Usage: floor COUNT PROGRAM
 * Runs "PROGRAM 1" .. "PROGRAM COUNT" (the same commands as the inittab
 * of workload 1) and prints the elapsed CLOCK_MONOTONIC nanoseconds.
 */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <bsd/stdlib.h>

extern char **environ;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *errstr = NULL;
	long long count;
	char number[24];
	char *child_argv[3];
	int64_t start;

	if (argc != 3) {
		fprintf(stderr, "usage: floor COUNT PROGRAM\n");
		return 2;
	}
	count = strtonum(argv[1], 1, 100000000, &errstr);
	if (errstr != NULL) {
		fprintf(stderr, "floor: COUNT '%s' is %s\n", argv[1], errstr);
		return 2;
	}
	child_argv[0] = argv[2];
	child_argv[1] = number;
	child_argv[2] = NULL;

	start = now_ns();
	for (long long i = 1; i <= count; i++) {
		pid_t pid;
		int status, rc;

		snprintf(number, sizeof number, "%lld", i);
		rc = posix_spawn(&pid, argv[2], NULL, NULL, child_argv, environ);
		if (rc != 0) {
			fprintf(stderr, "floor: cannot run %s: %s\n", argv[2], strerror(rc));
			return 1;
		}
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				perror("floor: waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "floor: %s %s failed (status 0x%x)\n", argv[2], number, status);
			return 1;
		}
	}
	printf("%lld\n", (long long)(now_ns() - start));
	return 0;
}
