/*
 * How an inittab process field becomes an argv, the way sysvinit does it,
 * so that existing inittabs keep their meaning.
 */
#include "command.h"

#include <stdlib.h>
#include <string.h>
#include <bsd/stdlib.h>
#include <bsd/string.h>

/* Characters that need a shell to mean what the user wrote. */
static const char shell_meta[] = "~`!$^&*()=|\\{}[];\"'<>?";

void command_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

static char **argv_of(const char *const *words, size_t n)
{
	char **argv = reallocarray(NULL, n + 1, sizeof(*argv));
	if (!argv)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!(argv[i] = strdup(words[i]))) {
			argv[i] = NULL;
			command_free(argv);
			return NULL;
		}
	}
	argv[n] = NULL;
	return argv;
}

static char **split_blanks(const char *s)
{
	size_t n = 0, cap = 8;
	char **argv = reallocarray(NULL, cap, sizeof(*argv));

	if (!argv)
		return NULL;
	argv[0] = NULL;
	for (;;) {
		s += strspn(s, " \t");
		if (!*s)
			break;
		size_t len = strcspn(s, " \t");
		if (n + 2 > cap) {
			char **b = reallocarray(argv, cap * 2, sizeof(*argv));
			if (!b)
				goto fail;
			argv = b;
			cap *= 2;
		}
		if (!(argv[n] = strndup(s, len)))
			goto fail;
		argv[++n] = NULL;
		s += len;
	}
	if (n == 0)
		goto fail;
	return argv;
fail:
	command_free(argv);
	return NULL;
}

int command_argv(const struct entry *e, const char *initscript,
		 const char *level, char ***argv_out)
{
	const char *p = e->process;
	char **argv;

	*argv_out = NULL;
	if (p[strspn(p, " \t")] == '\0')
		return -1;
	if (initscript) {
		const char *w[] = { "/bin/sh", initscript, e->id, level,
				    action_name(e->action), p };
		argv = argv_of(w, 6);
	} else if (strpbrk(p, shell_meta)) {
		size_t len = strlen(p) + sizeof("exec ");
		char *cmd = malloc(len);
		if (!cmd)
			return -1;
		strlcpy(cmd, "exec ", len);
		strlcat(cmd, p, len);
		const char *w[] = { "/bin/sh", "-c", cmd };
		argv = argv_of(w, 3);
		free(cmd);
	} else {
		argv = split_blanks(p);
	}
	if (!argv)
		return -1;
	*argv_out = argv;
	return 0;
}
