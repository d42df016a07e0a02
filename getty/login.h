/* Handing the line over to login: the program, its arguments, the exec. */
#ifndef GETTY_LOGIN_H
#define GETTY_LOGIN_H

struct getty_options;
struct gettydef;

/* TERM when no termtype was given. */
const char *default_term(const char *line);

/* Execute the login program (-l, else the entry's, else PATH_LOGIN) for
 * name (NULL: none); returns only through fatal(). */
void exec_login(const struct getty_options *o, const struct gettydef *e,
		const char *name) __attribute__((noreturn));

#endif
