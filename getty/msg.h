/* getty's messages: standard error and, once open, syslog; a fatal one
 * pauses before the exit. */
#ifndef GETTY_MSG_H
#define GETTY_MSG_H

extern const char *progname;

/* From now on messages go to syslog too (facility auth), under ident,
 * which must stay valid: syslog keeps the pointer. */
void msg_syslog(const char *ident);

void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
