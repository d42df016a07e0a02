/*
 * probe: can a program file become PID 1 (see probe.h).
 */
#include "probe.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "conf.h"
#include "handover.h"
#include "readfile.h"
#include "wirestate.h"

/* The mark a binary of ours carries (its --probe-state mode). */
static const char probe_mark[] = PROBE_MARK;

/* What matters of an ELF header, for init's own file and the new one. */
struct elf_id {
	unsigned char class;
	uint16_t machine;
	bool dynamic;           /* has a program interpreter */
	bool ours;              /* carries probe_mark */
};

static int read_elf_id(const char *path, struct elf_id *id, char *err, size_t errsize)
{
	size_t len;
	char *file = read_file(path, 0, 64u << 20, &len);

	if (!file) {
		snprintf(err, errsize, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	int r = -1;
	const Elf64_Ehdr *h64 = (const void *)file;
	const Elf32_Ehdr *h32 = (const void *)file;
	if (len < sizeof(Elf32_Ehdr) || memcmp(file, ELFMAG, SELFMAG) != 0) {
		snprintf(err, errsize, "%s: not an ELF executable", path);
	} else if (file[EI_CLASS] == ELFCLASS64 && len >= sizeof(*h64) &&
		   h64->e_phoff + (uint64_t)h64->e_phnum * sizeof(Elf64_Phdr) <= len) {
		id->class = ELFCLASS64;
		id->machine = h64->e_machine;
		id->dynamic = false;
		const Elf64_Phdr *ph = (const void *)(file + h64->e_phoff);
		for (unsigned i = 0; i < h64->e_phnum; i++)
			id->dynamic |= ph[i].p_type == PT_INTERP;
		r = 0;
	} else if (file[EI_CLASS] == ELFCLASS32 &&
		   h32->e_phoff + (uint64_t)h32->e_phnum * sizeof(Elf32_Phdr) <= len) {
		id->class = ELFCLASS32;
		id->machine = h32->e_machine;
		id->dynamic = false;
		const Elf32_Phdr *ph = (const void *)(file + h32->e_phoff);
		for (unsigned i = 0; i < h32->e_phnum; i++)
			id->dynamic |= ph[i].p_type == PT_INTERP;
		r = 0;
	} else {
		snprintf(err, errsize, "%s: a damaged ELF header", path);
	}
	if (r == 0)
		id->ours = memmem(file, len, probe_mark, sizeof(probe_mark) - 1) != NULL;
	free(file);
	return r;
}

/* What fd gives until its end or the deadline, as a string in out. */
static void read_until(int fd, char *out, size_t outsize, int64_t deadline)
{
	size_t got = 0;

	for (;;) {
		int64_t left = deadline - clock_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t n = read(fd, out + got, outsize - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == outsize - 1)
			got = 0;        /* keep the end: where the error is */
	}
	out[got] = '\0';
}

/* Run path with argv and env; input (may be NULL) on its standard input,
 * what it prints in out.  Returns its wait status, or -1 (err says) when
 * it could not run or did not end within the deadline (it is killed). */
static int run_bounded(const char *path, char *const argv[], char *const envp[],
		       const char *input, size_t inlen, char *out, size_t outsize,
		       char *err, size_t errsize)
{
	int in[2], res[2];

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0) {
		snprintf(err, errsize, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(res[1], STDOUT_FILENO);
		dup2(res[1], STDERR_FILENO);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve(path, argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(res[1]);
	if (pid < 0) {
		close(in[1]);
		close(res[0]);
		snprintf(err, errsize, "cannot fork: %s", strerror(errno));
		return -1;
	}
	/* The state fits a pipe's buffer in all but huge tables; what does
	 * not fit is cut, and the probe then says so. */
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	if (input)
		(void)!write(in[1], input, inlen);
	close(in[1]);
	int64_t deadline = clock_ms() + PROBE_DEADLINE_MS;
	read_until(res[0], out, outsize, deadline);
	close(res[0]);
	int status;
	pid_t w;
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && clock_ms() < deadline)
		usleep(10000);
	if (w != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		snprintf(err, errsize, "%s did not end within %d s", path, PROBE_DEADLINE_MS / 1000);
		return -1;
	}
	return status;
}

/* The last line of what a probe printed, for the one-line reason. */
static const char *last_line(char *out)
{
	size_t n = strlen(out);

	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	char *nl = strrchr(out, '\n');
	return nl ? nl + 1 : out;
}

static int probe_loader(const char *path, char *err, size_t errsize)
{
	char *const argv[] = { (char *)path, NULL };
	char *const envp[] = { "LD_TRACE_LOADED_OBJECTS=1", NULL };
	char out[2048];
	int status = run_bounded(path, argv, envp, NULL, 0, out, sizeof(out), err, errsize);

	if (status < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(out, "not found")) {
		const char *why = strstr(out, "not found") ? strstr(out, "not found") : NULL;
		while (why && why > out && why[-1] != '\n')
			why--;
		/* ldd's indent, not part of the reason. */
		while (why && (*why == '\t' || *why == ' '))
			why++;
		char *line = why ? strndup(why, strcspn(why, "\n")) : NULL;
		snprintf(err, errsize, "%s cannot be loaded: %s", path,
			 line ? line : *out ? last_line(out) : "the loader failed");
		free(line);
		return -1;
	}
	return 0;
}

static int probe_state(const char *path, const char *state, size_t len,
		       char *err, size_t errsize)
{
	char *const argv[] = { (char *)path, PROBE_ARG, NULL };
	char *const envp[] = { "PATH=/sbin:/usr/sbin:/bin:/usr/bin", NULL };
	char out[1024];
	int status = run_bounded(path, argv, envp, state, len, out, sizeof(out), err, errsize);

	if (status < 0)
		return -1;
	if (WIFSIGNALED(status)) {
		snprintf(err, errsize, "%s %s died of signal %d", path, PROBE_ARG, WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		snprintf(err, errsize, "%s %s failed: %s", path, PROBE_ARG,
			 *out ? last_line(out) : "no reason given");
		return -1;
	}
	return 0;
}

int probe_program(const char *path, const char *state, size_t len,
		  char *err, size_t errsize)
{
	struct elf_id self, next;

	if (access(path, X_OK) != 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	char head[2] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!read(fd, head, sizeof(head));
		close(fd);
	}
	/* A script: the kernel runs its interpreter; nothing to load here. */
	if (head[0] == '#' && head[1] == '!')
		return 0;
	if (read_elf_id(path, &next, err, errsize) != 0)
		return -1;
	if (read_elf_id("/proc/self/exe", &self, err, errsize) == 0 &&
	    (self.class != next.class || self.machine != next.machine)) {
		snprintf(err, errsize, "%s is for another machine (ELF class %u, machine %u)",
			 path, next.class, next.machine);
		return -1;
	}
	if (next.dynamic && probe_loader(path, err, errsize) != 0)
		return -1;
	return next.ours ? probe_state(path, state, len, err, errsize) : 0;
}

int probe_state_mode(void)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	char err[200];
	ssize_t n;

	while (buf && (n = read(STDIN_FILENO, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap && cap < HANDOVER_INPUT_MAX) {
			char *b = realloc(buf, cap *= 2);
			if (!b)
				break;
			buf = b;
		}
	}
	if (!buf) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	enum conf_outcome outcome;
	struct inittab *t = conf_load(PATH_INITTAB, PATH_INITTAB_D, "ignored", NULL, NULL, &outcome);
	struct handover_state st;
	struct sm_saved saved = { 0 };
	handover_state_init(&st);
	int r = t && wirestate_load(buf, len, t, &st, &saved, err, sizeof(err)) == 0 ? 0 : 1;
	if (r)
		fprintf(stderr, "%s\n", t ? err : "out of memory");
	free(saved.procs);
	handover_state_free(&st);
	if (t) {
		inittab_free(t);
		free(t);
	}
	free(buf);
	return r;
}
