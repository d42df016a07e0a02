/*
 * bootopts: the kernel command line words the kernel passes on to init
 * (argv[1..]), read as sysvinit reads them.  Pure.
 */
#ifndef BOOTOPTS_H
#define BOOTOPTS_H

#include <stdbool.h>

#include "sm.h"

/* The level and the emergency shell the words ask for ("-z xxx" is
 * padding: xxx is no word). */
void boot_opts_parse(int argc, char *const argv[], struct sm_boot_opts *o);

/* "auto" or "-a": the boot loader started the boot unattended; init's
 * children then get AUTOBOOT=YES, as sysvinit's. */
bool boot_opts_autoboot(int argc, char *const argv[]);

#endif
