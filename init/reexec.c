/*
 * reexec: telinit u, the state across exec (see reexec.h).
 */
#include "reexec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "state_v1.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

/* init never exits, so LeakSanitizer's check at exit never comes: a
 * sanitizer build checks where the whole heap is about to be dropped. */
static void leak_check(void)
{
#if defined(__SANITIZE_ADDRESS__)
	if (__lsan_do_recoverable_leak_check())
		log_msg("leak check before re-exec: leaks found");
	else
		log_msg("leak check before re-exec: no leaks");
#endif
}

void reexec(const char *self, const struct sm *sm, int fifofd)
{
	leak_check();
	struct sm_saved saved;
	char *state = NULL;
	char statefd[16], fifoarg[16];
	int fd;

	if (sm_export(sm, &saved) == 0)
		state = state_v1_format(&saved);
	free(saved.procs);
	if (!state) {
		log_msg("re-exec: cannot save state");
		return;
	}
	fd = memfd_create("init-state", 0);
	size_t len = strlen(state);
	if (fd < 0 || write(fd, state, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
		log_msg("re-exec: cannot pass state: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		free(state);
		return;
	}
	free(state);
	/* Keep the FIFO open across exec so no request is lost meanwhile. */
	if (fifofd >= 0)
		fcntl(fifofd, F_SETFD, 0);
	snprintf(statefd, sizeof(statefd), "%d", fd);
	snprintf(fifoarg, sizeof(fifoarg), "%d", fifofd);
	log_msg("re-executing %s", self);
	/* The path as argv[0], so the next re-exec finds the same file. */
	char *const argv[] = { (char *)self, "--reexec", statefd, fifoarg, NULL };
	execv(self, argv);
	log_msg("re-exec of %s failed: %s", self, strerror(errno));
	if (fifofd >= 0)
		fcntl(fifofd, F_SETFD, FD_CLOEXEC);
	close(fd);
}

static char *read_state(int fd)
{
	struct stat st;
	char *buf;

	if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > 64 * 1024 * 1024)
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (buf && pread(fd, buf, (size_t)st.st_size, 0) != st.st_size) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[st.st_size] = '\0';
	return buf;
}


static void report(void *ctx, const char *msg)
{
	(void)ctx;
	log_msg("%s", msg);
}

int reexec_restore(struct sm *sm, int statefd, int64_t now, struct sm_actions *out)
{
	char *state = read_state(statefd), *pool = NULL;
	struct sm_saved saved = { 0 };
	int r = -1;

	close(statefd);
	if (state && state_v1_parse(state, &saved, &pool, report, NULL) == 0)
		r = sm_import(sm, &saved, now, out);
	free(state);
	free(pool);
	free(saved.procs);
	return r;
}
