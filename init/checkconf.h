/*
 * checkconf: `init --check [FILE]`, the inittab validated and listed as init
 * will read it, before anyone reboots into it.
 */
#ifndef CHECKCONF_H
#define CHECKCONF_H

/* FILE alone, or NULL for the inittab and inittab.d init reads.  Returns
 * the exit status: 0 when there is nothing to report. */
int check_mode(const char *file);

#endif
