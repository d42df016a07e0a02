/* The table getty hunts through: gettydefs, the built-in entry or an
 * agetty speed list; and `getty -c`, which checks a gettydefs file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>

#include "gettydefs.h"
#include "msg.h"
#include "options.h"
#include "readfile.h"
#include "table.h"

/* The problems a parse reports, held back: -c shows them after the
 * entries, and a file that turns out unused is not complained about. */
struct held {
	char **msgs;
	size_t n;
	bool oom;
};

static void hold(void *ctx, const char *msg)
{
	struct held *h = ctx;
	if (h->oom)
		return;
	char *copy = strdup(msg);
	char **n = copy ? reallocarray(h->msgs, h->n + 1, sizeof(*n)) : NULL;
	if (!n) {
		free(copy);
		h->oom = true;
		return;
	}
	h->msgs = n;
	h->msgs[h->n++] = copy;
}

static void held_free(struct held *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->msgs[i]);
	free(h->msgs);
}

int check_file(const char *path)
{
	size_t len;
	char *text = read_file(path, 0, READFILE_CONF_MAX, &len);
	if (!text) {
		fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
		return EXIT_FAILURE;
	}
	struct held problems = { 0 };
	struct gettydefs *defs = gettydefs_parse(path, text, len, hold, &problems);
	free(text);
	if (!defs || problems.oom) {
		held_free(&problems);
		gettydefs_free(defs);
		fprintf(stderr, "%s: out of memory\n", progname);
		return EXIT_FAILURE;
	}
	gettydefs_print_entries(stdout, defs);
	for (size_t i = 0; i < problems.n; i++)
		printf("%s\n", problems.msgs[i]);
	bool clean = gettydefs_print_summary(stdout, defs);
	held_free(&problems);
	gettydefs_free(defs);
	return clean ? EXIT_SUCCESS : EXIT_FAILURE;
}

static struct gettydefs *speed_table(const long *speeds, size_t n)
{
	struct gettydefs *defs = gettydefs_from_speeds(speeds, n);
	if (!defs)
		fatal("cannot build the speed table");
	return defs;
}

/* path parsed, its problems held; NULL with *read_errno set when it
 * cannot be read. */
static struct gettydefs *parse_file(const char *path, struct held *problems,
				    int *read_errno)
{
	size_t len;
	char *text = read_file(path, 0, READFILE_CONF_MAX, &len);
	if (!text) {
		*read_errno = errno;
		return NULL;
	}
	struct gettydefs *parsed = gettydefs_parse(path, text, len, hold, problems);
	free(text);
	if (!parsed || problems->oom)
		fatal("out of memory");
	return parsed;
}

/* What to hunt through: the file when it has entries, the built-in entry
 * when it has none or is missing; NULL when it is unreadable. */
static struct gettydefs *usable_table(struct gettydefs *parsed, int read_errno)
{
	if (parsed && parsed->n_entries > 0)
		return parsed;
	if (parsed || read_errno == ENOENT) {
		struct gettydefs *builtin = gettydefs_builtin();
		if (!builtin)
			fatal("out of memory");
		return builtin;
	}
	return NULL;	/* unreadable: fatal unless speeds win */
}

/* The file is in use, or the built-in entry stands in for it: what was
 * wrong with it. */
static void report_file(const char *path, int read_errno, const struct held *problems)
{
	if (read_errno != 0)
		warn_msg("%s: %s; using the built-in 9600 baud entry", path,
			 strerror(read_errno));
	/* A flawed file still beats no login at all: use what parsed. */
	for (size_t i = 0; i < problems->n; i++)
		warn_msg("%s", problems->msgs[i]);
}

/* The file is complained about only once it is known to be used: a
 * line-first speed operand it has no label for makes it irrelevant. */
struct gettydefs *load_table(const struct getty_options *o, size_t *entry,
			     bool *from_speeds)
{
	*entry = 0;
	*from_speeds = o->n_speeds > 0;
	if (*from_speeds)
		return speed_table(o->speeds, o->n_speeds);

	const char *path = o->gettydefs_file ? o->gettydefs_file : PATH_GETTYDEFS;
	int read_errno = 0;
	struct held problems = { 0 };
	struct gettydefs *parsed = parse_file(path, &problems, &read_errno);
	struct gettydefs *defs = usable_table(parsed, read_errno);

	enum label_meaning meaning = LABEL_ENTRY;
	if (o->label) {
		long speeds[MAX_SPEEDS];
		size_t n;
		meaning = resolve_label(o->label, defs, entry, speeds, &n);
		if (meaning == LABEL_SPEEDS) {
			if (defs != parsed)
				gettydefs_free(defs);
			gettydefs_free(parsed);
			held_free(&problems);
			*from_speeds = true;
			return speed_table(speeds, n);
		}
	}

	if (!defs)
		fatal("%s: %s", path, strerror(read_errno));
	report_file(path, read_errno, &problems);
	held_free(&problems);
	if (defs != parsed)
		gettydefs_free(parsed);
	if (meaning == LABEL_UNKNOWN)
		warn_msg("no entry labelled '%s' in %s; using '%s'", o->label,
			 defs->filename, defs->entries[0].label);
	return defs;
}
