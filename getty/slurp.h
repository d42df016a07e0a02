/* Reading a whole (small, regular) file into memory. */
#ifndef GETTY_SLURP_H
#define GETTY_SLURP_H

#include <stddef.h>

/* Whole file into memory; NULL with errno set on failure. */
char *slurp(const char *path, size_t *len);

#endif
