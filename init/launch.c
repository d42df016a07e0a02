#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>



#define ENV_FIXED 6

static const char *console_path(void)
{
	/* Probe with O_NONBLOCK: a serial console with no carrier must not
	 * stall PID 1. */
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return "/dev/null";
	close(fd);
	return "/dev/console";
}

pid_t spawn_entry(const struct entry *e, bool ctty, const struct spawn_env *env,
		  int *err)
{
	char level[2] = { env->level, 0 };
	char runlevel[16], prevlevel[16];
	const char *envp[ENV_FIXED + 17 + 1];
	size_t n = 0;
	char **argv = NULL;
	const char *initscript = access(PATH_INITSCRIPT, R_OK) == 0 ? PATH_INITSCRIPT : NULL;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	pid_t pid = -1;
	int r;

	snprintf(runlevel, sizeof(runlevel), "RUNLEVEL=%c", env->level);
	snprintf(prevlevel, sizeof(prevlevel), "PREVLEVEL=%c", env->prev);
	envp[n++] = "PATH=" SPAWN_PATH;
	envp[n++] = "INIT_VERSION=" PACKAGE_NAME "-" PACKAGE_VERSION;
	envp[n++] = runlevel;
	envp[n++] = prevlevel;
	envp[n++] = "CONSOLE=/dev/console";
	envp[n++] = "SHELL=/bin/sh";
	for (size_t i = 0; env->extra && env->extra[i] && i < 17; i++)
		envp[n++] = env->extra[i];
	envp[n] = NULL;

	if (command_argv(e, initscript, level, &argv) != 0) {
		*err = e->process[0] ? ENOMEM : ENOENT;
		return -1;
	}

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);

	/* Opening the console without O_NOCTTY in the new session makes it
	 * the controlling terminal of the processes init waits for. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, console_path(),
					 O_RDWR | O_APPEND | (ctty ? 0 : O_NOCTTY), 0);
	posix_spawn_file_actions_adddup2(&fa, STDIN_FILENO, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, STDIN_FILENO, STDERR_FILENO);
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif

	/* posix_spawnp searches init's own PATH, which main() sets to SPAWN_PATH. */
	r = posix_spawnp(&pid, argv[0], &fa, &attr, argv, (char *const *)envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	command_free(argv);
	if (r != 0) {
		*err = r;
		return -1;
	}
	return pid;
}
