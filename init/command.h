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
 *  - with an initscript: {"/bin/sh", initscript, id, runlevels, action,
 *    process}, runlevels as the entry wrote them (entry_levels_text);
 *  - with shell characters, unless the process begins with '@':
 *    {"/bin/sh", "-c", "exec PROCESS"};
 *  - otherwise the process (without its '@') split into words at blanks;
 *    a '#' ends the word it is in and the command.
 * Returns 0, or -1 when memory ran out or the process is empty.
 */
int command_argv(const struct entry *e, const char *initscript, char ***argv_out);
void command_free(char **argv);

#endif
