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

/* Words split at blanks, as sysvinit splits them: a '#' ends the word it
 * is in and the command (a '#' that begins a word leaves an empty word). */
static char **split_words(const char *s)
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
		size_t len = strcspn(s, " \t#");
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
		if (*s == '#')
			break;
	}
	if (n == 0)
		goto fail;
	return argv;
fail:
	command_free(argv);
	return NULL;
}

int command_argv(const struct entry *e, const char *initscript, char ***argv_out)
{
	const char *p = e->process;
	/* '@': the rest as words, even with shell characters in it. */
	bool literal = p[0] == '@';
	char **argv;

	*argv_out = NULL;
	if (p[literal + strspn(p + literal, " \t")] == '\0')
		return -1;
	if (initscript) {
		char levels[INITTAB_LEVELS_MAX + 1];
		entry_levels_text(e, levels, sizeof(levels));
		const char *w[] = { "/bin/sh", initscript, e->id, levels,
				    action_name(e->action), p + literal };
		argv = argv_of(w, 6);
	} else if (!literal && strpbrk(p, shell_meta)) {
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
		argv = split_words(p + literal);
	}
	if (!argv)
		return -1;
	*argv_out = argv;
	return 0;
}
