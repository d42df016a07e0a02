/*
 * checkconf: init --check (see checkconf.h).
 */
#include "checkconf.h"

#include <stdio.h>
#include <stdlib.h>

#include <bsd/string.h>

#include "conf.h"

static void check_report(void *ctx, const char *msg)
{
	unsigned *count = ctx;
	(*count)++;
	fprintf(stderr, "%s\n", msg);
}

int check_mode(const char *file)
{
	unsigned errors = 0;
	enum conf_outcome outcome;
	struct inittab *t = file ?
		conf_load(file, NULL, "not checked", check_report, &errors, &outcome) :
		conf_load(PATH_INITTAB, PATH_INITTAB_D, "not checked", check_report,
			  &errors, &outcome);

	if (!t) {
		fprintf(stderr, "init: out of memory\n");
		return 1;
	}
	if (outcome == CONF_NO_INITTAB) {
		fprintf(stderr, "%s: no such file\n", file ? file : PATH_INITTAB);
		errors++;
	}
	if (errors == 0) {
		printf("%-5s %-8s %-13s %s\n", "ID", "LEVELS", "ACTION", "PROCESS");
		for (size_t i = 0; i < t->count; i++) {
			const struct entry *e = &t->entries[i];
			char levels[16];
			if (e->levels_given)
				levels_format(e->levels, levels, sizeof(levels));
			else
				strlcpy(levels, "-", sizeof(levels));
			printf("%-5s %-8s %-13s %s%s\n", e->id, levels,
			       action_name(e->action), e->no_utmp ? "+" : "", e->process);
		}
		if (t->initdefault)
			printf("default runlevel: %c\n", t->initdefault);
		else
			printf("no initdefault: init will ask on the console\n");
	}
	inittab_free(t);
	free(t);
	return errors ? 1 : 0;
}
