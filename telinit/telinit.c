/*
 * telinit: the program (see client.h).
 */
#include "client.h"

int main(int argc, char *argv[])
{
	return telinit_main(argc, argv);
}
