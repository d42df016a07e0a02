/*
 * utmptype: a utmp record's ut_type by its <utmpx.h> name, for the tools
 * that print records (utmpread, utmpfields).
 */
#ifndef UTMPTYPE_H
#define UTMPTYPE_H

#include <stddef.h>
#include <utmpx.h>

/* The constant's name ("USER_PROCESS"), or NULL for a type <utmpx.h>
 * does not name: each tool spells that its own way. */
static inline const char *utmp_type_name(short t)
{
	switch (t) {
	case EMPTY:         return "EMPTY";
	case RUN_LVL:       return "RUN_LVL";
	case BOOT_TIME:     return "BOOT_TIME";
	case NEW_TIME:      return "NEW_TIME";
	case OLD_TIME:      return "OLD_TIME";
	case INIT_PROCESS:  return "INIT_PROCESS";
	case LOGIN_PROCESS: return "LOGIN_PROCESS";
	case USER_PROCESS:  return "USER_PROCESS";
	case DEAD_PROCESS:  return "DEAD_PROCESS";
	default:            return NULL;
	}
}

#endif
