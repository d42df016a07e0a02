/*
 * utmpfile: utmp and wtmp open, locked and watched across the turns of
 * init's event loop, a record put into its slot of utmp, and wtmp's
 * records queued to the end of a turn.  Private to utmpio.
 */
#ifndef UTMPFILE_H
#define UTMPFILE_H

#include <stdbool.h>
#include <utmpx.h>

/* From utmp_reset() to utmp_boot(): the files need not exist yet. */
void files_booting(bool on);
/* ut into its slot of utmp (see utmpfile.c for take_line). */
void to_utmp(struct utmpx *ut, bool take_line);
/* ut queued for wtmp, written at the end of the turn. */
void wtmp_enqueue(const struct utmpx *ut);

#endif
