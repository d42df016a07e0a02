/*
 * command: how an inittab process field becomes an argv, the way
 * sysvinit does it, so that existing inittabs keep their meaning.  Pure.
 */
#ifndef COMMAND_H
#define COMMAND_H

#include "inittab.h"

/*
 * How a process is started, as sysvinit does it.  Fills a NULL-terminated
 * argv (heap-allocated; free with command_free) for the entry's process:
 *  - with_initscript: {"/bin/sh", initscript, id, level, action, process}
 *  - shell metacharacters: {"/bin/sh", "-c", "exec PROCESS"}
 *  - otherwise: the process split on blanks and tabs.
 * `level` is the current runlevel character as a string.
 * Returns 0, or -1 when memory ran out or the process is empty.
 */
int command_argv(const struct entry *e, const char *initscript,
		 const char *level, char ***argv_out);
void command_free(char **argv);

#endif
