/*
 * utmpfields FILE: every record of a utmp or wtmp file, one a line, each
 * field named, for the differential test to normalize and compare:
 *     TYPE id=.. line=.. user=.. host=.. pid=N
 * Times, sessions, addresses and exit statuses are left out.  Characters
 * that are not printable show as '?', so a field can be compared as text.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <utmpx.h>

#include "utmptype.h"

static const char *type_name(short t)
{
	static char other[16];
	const char *name = utmp_type_name(t);

	if (name)
		return name;
	snprintf(other, sizeof(other), "TYPE%d", t);
	return other;
}

/* utmp fields are fixed-size and not always NUL-terminated. */
static void field(const char *name, const char *s, size_t size)
{
	size_t i;

	printf(" %s=", name);
	for (i = 0; i < size && s[i]; i++)
		putchar(isgraph((unsigned char)s[i]) ? s[i] : '?');
}

int main(int argc, char **argv)
{
	struct utmpx *u;

	if (argc != 2) {
		fprintf(stderr, "usage: utmpfields FILE\n");
		return 2;
	}
	if (utmpxname(argv[1]) != 0) {
		perror(argv[1]);
		return 1;
	}
	setutxent();
	while ((u = getutxent()) != NULL) {
		printf("%s", type_name(u->ut_type));
		field("id", u->ut_id, sizeof(u->ut_id));
		field("line", u->ut_line, sizeof(u->ut_line));
		field("user", u->ut_user, sizeof(u->ut_user));
		field("host", u->ut_host, sizeof(u->ut_host));
		printf(" pid=%ld\n", (long)u->ut_pid);
	}
	endutxent();
	return 0;
}
