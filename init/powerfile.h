/*
 * powerfile: the power-status file a UPS daemon leaves before it sends
 * SIGPWR, read as sysvinit reads it.
 */
#ifndef POWERFILE_H
#define POWERFILE_H

/* 'F' (failing), 'O' (back) or 'L' (low: failing now), from the first
 * of the files there is, which is then removed; 'F' without one or
 * with anything else in it. */
char power_file_read(void);

#endif
