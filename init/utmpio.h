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
/* A process's records.  An entry's process writes its own INIT_PROCESS
 * record before it execs (after utmp_forget()), and its DEAD_PROCESS
 * record when the exec fails; init writes the DEAD_PROCESS record of
 * each process it reaps. */
void utmp_init_process(const char *id, pid_t pid);
void utmp_dead_process(const char *id, pid_t pid);

/* The files are written under one lock per turn of init's event loop and
 * stay open between turns.  init never waits for the lock: while another
 * process holds it, init's records wait in memory and a timer (behind
 * utmp_watch_fd) retries them.  utmp_end_turn() ends a turn (before init
 * sleeps, forks, or re-executes): queued wtmp records written, locks let
 * go.  utmp_close() also closes them, for when the mount table changed
 * (the next record opens them by path). */
void utmp_end_turn(void);
/* The last turn before init execs another program: records waiting for
 * a lock are written without it (the next init cannot know of them). */
void utmp_end_last_turn(void);
/* Before starting a process that writes its own records: init's wtmp
 * records so far written and both locks let go (the files stay open for
 * the turn), so that the new process need not wait for the turn's end. */
void utmp_let_go(void);
void utmp_close(void);
/* A descriptor (-1 when there is none) that turns readable when an open
 * file is renamed or unlinked, or records waiting for a lock are to be
 * retried; then call utmp_watch_read().  It can change from turn to
 * turn. */
int utmp_watch_fd(void);
void utmp_watch_read(void);
/* In a fork of init, whose copies of the descriptors are being closed:
 * its records open the files for themselves, wait for the locks (up to a
 * second), and go out at its own utmp_end_turn(); init's waiting records
 * are init's to write. */
void utmp_forget(void);

/* Every record in utmp, malloc'd (*n of them); NULL when there is none
 * to read.  For taking over a running system (recover.c). */
struct utmpx *utmp_read_all(size_t *n);

#endif
