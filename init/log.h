/*
 * log: init's messages, to the console with an "INIT: " prefix and to
 * syslog once /dev/log exists.  Never blocks: the console is opened
 * non-blocking per message and syslog gets a non-blocking datagram.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* To the console, syslog or both (as sysvinit's L_CO, L_SY, L_VB). */
void log_to(bool console, bool syslog, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Report a problem only while *said is false, then set it. */
void log_once(bool *said, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
