/*
 * The floors of benchmark workloads 1 and 2: the least any parent can
 * spend starting a command COUNT times, with posix_spawn (and waitpid)
 * and nothing else.  An init running the same entries cannot beat these;
 * the benchmark reports how close it comes.
 *
 * Usage: floor COUNT PROGRAM [ARG]...
 *        floor -a COUNT PROGRAM [ARG]...
 * Runs "PROGRAM ARG... 1" .. "PROGRAM ARG... COUNT".  Without -a, one
 * after the other, each waited for (workload 1's `wait` entries); prints
 * the elapsed CLOCK_MONOTONIC nanoseconds.  With -a, all at once, none
 * waited for (workload 2's `respawn` entries); prints the CLOCK_MONOTONIC
 * time it started at, for the caller to set against the commands' own
 * stamps; the commands' standard output is /dev/null then, since they
 * outlive it.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
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

static void await(pid_t pid, char **child_argv, const char *number)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("floor: waitpid");
			exit(1);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "floor: %s %s failed (status 0x%x)\n", child_argv[0], number, status);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *errstr = NULL;
	bool all_at_once = argc > 1 && strcmp(argv[1], "-a") == 0;
	long long count;
	char number[24];
	char **child_argv;
	int nargs, first;
	int64_t start;

	first = all_at_once ? 2 : 1;
	if (argc < first + 2) {
		fprintf(stderr, "usage: floor [-a] COUNT PROGRAM [ARG]...\n");
		return 2;
	}
	count = strtonum(argv[first], 1, 100000000, &errstr);
	if (errstr != NULL) {
		fprintf(stderr, "floor: COUNT '%s' is %s\n", argv[first], errstr);
		return 2;
	}
	/* PROGRAM ARG... NUMBER NULL */
	nargs = argc - first - 1;
	child_argv = calloc((size_t)nargs + 2, sizeof *child_argv);
	if (child_argv == NULL) {
		perror("floor");
		return 1;
	}
	memcpy(child_argv, argv + first + 1, (size_t)nargs * sizeof *child_argv);
	child_argv[nargs] = number;

	posix_spawn_file_actions_t quiet;
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);

	start = now_ns();
	for (long long i = 1; i <= count; i++) {
		pid_t pid;
		int rc;

		snprintf(number, sizeof number, "%lld", i);
		rc = posix_spawn(&pid, child_argv[0], all_at_once ? &quiet : NULL, NULL, child_argv,
				 environ);
		if (rc != 0) {
			fprintf(stderr, "floor: cannot run %s: %s\n", child_argv[0], strerror(rc));
			return 1;
		}
		if (!all_at_once)
			await(pid, child_argv, number);
	}
	printf("%lld\n", (long long)(all_at_once ? start : now_ns() - start));
	posix_spawn_file_actions_destroy(&quiet);
	free(child_argv);
	return 0;
}
