/*
 * conf: the configuration files read and handed to the parser (see conf.h).
 */
#include "conf.h"

#include "readfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *consequence;
	inittab_diag_fn diag;
	void *ctx;
	bool unusable;          /* some file that exists was not used */
};

/* A file that exists was not used: one line with its name and why. */
static void refuse(struct reader *rd, const char *path, const char *why)
{
	char msg[1200];

	rd->unusable = true;
	snprintf(msg, sizeof(msg), "%s: %s: %s", path, why, rd->consequence);
	if (rd->diag)
		rd->diag(rd->ctx, msg);
}

static const char *read_error(int err)
{
	switch (err) {
	case EISDIR:
	case EINVAL:
		return "not a regular file";
	case EFBIG:
		return "file too large (max 1 MiB)";
	case ENOMEM:
		return "out of memory";
	default:
		return NULL;
	}
}

/* Returns 0 and the text, 1 when the file does not exist, -1 when it
 * exists but cannot be read. */
static int slurp(struct reader *rd, const char *path, char **text, size_t *len)
{
	if ((*text = read_file(path, 0, READFILE_CONF_MAX, len)))
		return 0;
	if (errno == ENOENT)
		return 1;

	int err = errno;
	const char *why = read_error(err);
	char buf[256];
	if (!why) {
		snprintf(buf, sizeof(buf), "cannot open: %s", strerror(err));
		why = buf;
	}
	refuse(rd, path, why);
	return -1;
}

static int parse_file(struct reader *rd, struct inittab *t, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int r = slurp(rd, path, &text, &len);

	if (r != 0)
		return r;
	if (inittab_parse(t, path, text, len, rd->diag, rd->ctx) < 0) {
		refuse(rd, path, "out of memory");
		r = -1;
	}
	free(text);
	return r;
}

static int is_tab(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".tab") == 0;
}

static void parse_dropins(struct reader *rd, struct inittab *t, const char *dir)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, is_tab, alphasort);

	if (n < 0 && errno != ENOENT && errno != ENOTDIR) {
		char why[256];
		snprintf(why, sizeof(why), "cannot list: %s", strerror(errno));
		refuse(rd, dir, why);
	}
	for (int i = 0; i < n; i++) {
		/* On the heap: PID 1's stack stays a page or two deep. */
		char *path;
		if (asprintf(&path, "%s/%s", dir, names[i]->d_name) >= 0) {
			parse_file(rd, t, path);
			free(path);
		} else {
			refuse(rd, names[i]->d_name, "out of memory");
		}
		free(names[i]);
	}
	free(names);
}

struct inittab *conf_load(const char *inittab, const char *dropin_dir,
			  const char *consequence, inittab_diag_fn diag, void *ctx,
			  enum conf_outcome *outcome)
{
	struct reader rd = { consequence, diag, ctx, false };
	struct inittab *t = malloc(sizeof(*t));

	if (!t)
		return NULL;
	inittab_init(t);
	bool missing = parse_file(&rd, t, inittab) == 1;
	if (dropin_dir)
		parse_dropins(&rd, t, dropin_dir);
	*outcome = rd.unusable ? CONF_UNUSABLE : missing ? CONF_NO_INITTAB : CONF_READ;
	return t;
}
