/*
 * allow: /etc/shutdown.allow (shutdown -a), read as sysvinit 3.06 reads
 * it: one user name a line, lines that start with '#' and empty lines
 * skipped, at most ALLOW_MAX names.  Pure.
 */
#ifndef SHUTDOWN_ALLOW_H
#define SHUTDOWN_ALLOW_H

#include <stdbool.h>
#include <stddef.h>

#define ALLOW_MAX      32
#define ALLOW_NAME_MAX 32     /* compared as utmp's ut_user: 32 bytes */

struct allow_list {
	char names[ALLOW_MAX][ALLOW_NAME_MAX + 1];
	size_t n;
};

/* Read the file's text (len bytes, not necessarily NUL-terminated). */
void allow_parse(const char *text, size_t len, struct allow_list *list);

/* Whether a user logged in on a virtual console may shut the machine
 * down: root always, or a listed name. */
bool allow_user_ok(const struct allow_list *list, const char *user);

/* Whether a device (major, minor) is a virtual console: tty0..tty63. */
bool allow_is_console(unsigned major, unsigned minor);

#endif
