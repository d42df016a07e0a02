/*
 * statusout: the status file answering `telinit status`, written out.
 */
#ifndef STATUSOUT_H
#define STATUSOUT_H

#include "pid1.h"

void write_file(const char *path, const char *text);
void write_status(struct pid1 *p1);
void queue_nonce(struct pid1 *p1, const char *nonce);

#endif
