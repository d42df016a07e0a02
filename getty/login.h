/* Handing the line over to login: the exec. */
#ifndef GETTY_LOGIN_H
#define GETTY_LOGIN_H

struct getty_options;
struct gettydef;

/* Execute the login program for name (NULL: none); returns only through
 * fatal(). */
void exec_login(const struct getty_options *o, const struct gettydef *e,
		const char *name) __attribute__((noreturn));

#endif
