/*
 * readfile: a whole regular file into memory, as init, telinit and getty
 * read their configuration and answers.
 */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>

/* Configuration files bigger than this are refused whole rather than
 * read into memory (inittab, gettydefs, issue). */
#define READFILE_CONF_MAX (1024 * 1024)

/*
 * The contents of path, NUL-terminated (malloc'd), and their length in
 * *len; oflags adds open(2) flags (O_NOFOLLOW).  Never blocks on a FIFO at that path and never reads more than
 * the size the file had when opened.  NULL with errno set: ENOENT, EISDIR
 * or EINVAL (not a regular file), EFBIG (larger than max bytes), ENOMEM,
 * or what open or read said.
 */
char *read_file(const char *path, int oflags, size_t max, size_t *len);

#endif
