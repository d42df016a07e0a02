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

static void complain(inittab_diag_fn diag, void *ctx, const char *path,
		     const char *why)
{
	char msg[1200];
	snprintf(msg, sizeof(msg), "%s: %s", path, why);
	if (diag)
		diag(ctx, msg);
}

/* Returns 0 and the text, 1 when the file does not exist, -1 on error. */
static int slurp(const char *path, char **text, size_t *len,
		 inittab_diag_fn diag, void *ctx)
{
	if ((*text = read_file(path, 0, READFILE_CONF_MAX, len)))
		return 0;
	if (errno == ENOENT)
		return 1;
	if (errno == EISDIR || errno == EINVAL)
		complain(diag, ctx, path, "not a regular file");
	else if (errno == EFBIG)
		complain(diag, ctx, path, "file too large (max 1 MiB): ignored");
	else if (errno != ENOMEM) {
		char why[256];
		snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
		complain(diag, ctx, path, why);
	}
	return -1;
}

static int parse_file(struct inittab *t, const char *path, inittab_diag_fn diag,
		      void *ctx)
{
	char *text = NULL;
	size_t len = 0;
	int r = slurp(path, &text, &len, diag, ctx);

	if (r != 0)
		return r;
	r = inittab_parse(t, path, text, len, diag, ctx) < 0 ? -1 : 0;
	free(text);
	return r;
}

static int is_tab(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".tab") == 0;
}

struct inittab *conf_load(const char *inittab, const char *dropin_dir,
			  inittab_diag_fn diag, void *ctx, bool *found)
{
	struct inittab *t = malloc(sizeof(*t));

	if (!t)
		return NULL;
	inittab_init(t);
	*found = parse_file(t, inittab, diag, ctx) != 1;
	if (!dropin_dir)
		return t;

	struct dirent **names = NULL;
	int n = scandir(dropin_dir, &names, is_tab, alphasort);
	for (int i = 0; i < n; i++) {
		/* On the heap: PID 1's stack stays a page or two deep. */
		char *path;
		if (asprintf(&path, "%s/%s", dropin_dir, names[i]->d_name) >= 0) {
			parse_file(t, path, diag, ctx);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return t;
}
