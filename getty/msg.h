/* getty's messages: standard error and, once open, syslog; a fatal one
 * pauses before the exit. */
#ifndef GETTY_MSG_H
#define GETTY_MSG_H

#include <stdbool.h>

extern const char *progname;
/* Set once openlog() was called: messages go to syslog too. */
extern bool log_open;

void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
