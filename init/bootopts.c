/*
 * bootopts: the kernel's words to init (see bootopts.h).
 */
#include "bootopts.h"

#include <string.h>

/* The index of the word after argv[i]: as sysvinit, "-z xxx" is padding
 * (room for the process title) whose word means nothing. */
static int next_word(int argc, char *const argv[], int i)
{
	if (strcmp(argv[i], "-z") == 0 && i + 1 < argc)
		i++;
	return i + 1;
}

void boot_opts_parse(int argc, char *const argv[], struct sm_boot_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i = next_word(argc, argv, i)) {
		const char *a = argv[i];
		if (strcmp(a, "single") == 0 || strcmp(a, "S") == 0 ||
		    strcmp(a, "s") == 0 || strcmp(a, "-s") == 0)
			o->level = 'S';
		else if (a[0] >= '0' && a[0] <= '9' && a[1] == '\0')
			o->level = a[0];
		else if (strcmp(a, "-b") == 0 || strcmp(a, "emergency") == 0)
			o->emergency = true;
	}
}

bool boot_opts_autoboot(int argc, char *const argv[])
{
	for (int i = 1; i < argc; i = next_word(argc, argv, i))
		if (strcmp(argv[i], "auto") == 0 || strcmp(argv[i], "-a") == 0)
			return true;
	return false;
}
