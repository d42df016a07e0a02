/*
 * utmpread [-H] FILE: print every record of a utmp/wtmp file, one per
 * line, as the C library's getutxent() reads it:
 *     TYPE ID LINE USER PID [HOST]
 * so integration tests can assert on exactly what init recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utmpx.h>

#include "utmptype.h"

static const char *type_name(short t)
{
	const char *name = utmp_type_name(t);

	return name ? name : "UNKNOWN";
}

/* utmp fields are fixed-size and not always NUL-terminated. */
static void field(const char *s, size_t size)
{
	size_t n = strnlen(s, size);
	printf(" %.*s", (int)(n ? n : 1), n ? s : "-");
}

int main(int argc, char **argv)
{
	struct utmpx *u;
	int host = argc == 3 && strcmp(argv[1], "-H") == 0;

	if (argc != 2 + host) {
		fprintf(stderr, "usage: utmpread [-H] FILE\n");
		return 2;
	}
	if (utmpxname(argv[1 + host]) != 0) {
		perror(argv[1 + host]);
		return 1;
	}
	setutxent();
	while ((u = getutxent()) != NULL) {
		printf("%s", type_name(u->ut_type));
		field(u->ut_id, sizeof(u->ut_id));
		field(u->ut_line, sizeof(u->ut_line));
		field(u->ut_user, sizeof(u->ut_user));
		printf(" %ld", (long)u->ut_pid);
		if (host)
			field(u->ut_host, sizeof(u->ut_host));
		printf("\n");
	}
	endutxent();
	return 0;
}
