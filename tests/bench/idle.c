/*
 * The memory floor of benchmark workload 6: a program linked as our init
 * is, against the C library alone, that does nothing at all.  Its
 * anonymous resident memory (the C library's and the loader's written
 * data, the stack) is what any such program pays before its own data.
 *
 * Usage: idle   (sleeps until killed)
 */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
