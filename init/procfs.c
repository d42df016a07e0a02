/*
 * procfs: init's children as /proc shows them (see procfs.h).
 */
#include "procfs.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/stdlib.h>


pid_t procfs_parent(pid_t pid)
{
	char path[64], *text, *close_paren, state;
	size_t len;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	/* /proc's files have no size: read_file would find them empty. */
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	text = NULL;
	len = 0;
	ssize_t n = getline(&text, &len, f);
	fclose(f);
	/* The name in parentheses may hold anything, ')' included. */
	if (n <= 0 || !(close_paren = strrchr(text, ')')) ||
	    sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2) {
		free(text);
		return -1;
	}
	free(text);
	/* A zombie is gone, as far as taking it over goes. */
	return state == 'Z' ? -1 : ppid;
}

pid_t *procfs_children(pid_t parent, size_t *n)
{
	DIR *d = opendir("/proc");
	pid_t *v = NULL;
	size_t cap = 0;
	struct dirent *de;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t pid = (pid_t)strtol(de->d_name, NULL, 10);
		if (pid <= 0 || pid == parent || procfs_parent(pid) != parent)
			continue;
		if (*n == cap) {
			size_t c = cap ? cap * 2 : 32;
			pid_t *b = reallocarray(v, c, sizeof(*v));
			if (!b)
				break;
			v = b;
			cap = c;
		}
		v[(*n)++] = pid;
	}
	closedir(d);
	return v;
}

char *procfs_cmdline(pid_t pid, size_t *len)
{
	char path[64], *buf = NULL;
	size_t cap = 0;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	*len = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			char *b = realloc(buf, cap + 4096);
			if (!b)
				break;
			buf = b;
			cap += 4096;
		}
		size_t got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0 || *len > 64 * 1024)
			break;
	}
	fclose(f);
	return buf;
}
