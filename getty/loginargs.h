/* What login is run with: the program, its arguments and TERM.  Pure:
 * the caller does the exec. */
#ifndef GETTY_LOGINARGS_H
#define GETTY_LOGINARGS_H

#define LOGIN_ARGV_MAX 64

struct getty_options;
struct gettydef;

/* -l, else the entry's sixth field, else PATH_LOGIN. */
const char *login_program(const struct getty_options *o, const struct gettydef *e);

/* Fill argv (NULL-terminated) for prog.  With -o, its words, \u standing
 * for the name: words is a writable copy of o->login_options, split in
 * place.  Without -o (words NULL), "-h HOST" for -H, "-f" for
 * autologin and "-- NAME".  name NULL: there is none. */
void login_argv(const struct getty_options *o, const char *prog, const char *name,
		char *words, char *argv[LOGIN_ARGV_MAX]);

/* TERM when no termtype was given. */
const char *default_term(const char *line);

#endif
