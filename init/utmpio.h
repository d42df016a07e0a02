/*
 * utmpio: the records init keeps in utmp and wtmp, as sysvinit writes
 * them, so `runlevel`, `who -r` and `last -x` show the truth.  A file
 * that cannot be written is reported once and otherwise ignored.
 */
#ifndef UTMPIO_H
#define UTMPIO_H

#include <stddef.h>
#include <sys/types.h>
#include <utmpx.h>

/* At boot, before anything runs: an empty utmp, so that the sysinit
 * entries' records are this boot's (as sysvinit does). */
void utmp_reset(void);
/* Once sysinit is done: utmp and wtmp made if missing, and the BOOT_TIME
 * record added to both. */
void utmp_boot(void);
/* RUN_LVL record: ut_pid = level + 256 * prev. */
void utmp_runlevel(char level, char prev);
/* The child's own record, written between vfork and exec (no
 * allocation): call utmp_reserve() in the parent first. */
void utmp_init_process(const char *id, pid_t pid);
/* Room for what a child's record may add to init's index of utmp. */
void utmp_reserve(void);
void utmp_dead_process(const char *id, pid_t pid);

/* Every record in utmp, malloc'd (*n of them); NULL when there is none
 * to read.  For taking over a running system (recover.c). */
struct utmpx *utmp_read_all(size_t *n);

#endif
