/*
 * bootopts: the kernel command line words the kernel passes on to init
 * (argv[1..]), read as sysvinit reads them.  Pure.
 */
#ifndef BOOTOPTS_H
#define BOOTOPTS_H

#include "sm.h"

void boot_opts_parse(int argc, char *const argv[], struct sm_boot_opts *o);

#endif
