/*
 * proctitle: PID 1's title (see proctitle.h).
 */
#include "proctitle.h"

#include <string.h>

#include <bsd/string.h>

static char *room;
static size_t room_len;

void proctitle_init(int argc, char **argv)
{
	if (argc < 1 || !argv[0])
		return;
	/* The kernel lays the strings out back to back: the room runs
	 * from the first to the end of the last that follows on. */
	char *end = argv[0] + strlen(argv[0]) + 1;
	for (int i = 1; i < argc && argv[i] == end; i++)
		end = argv[i] + strlen(argv[i]) + 1;
	room = argv[0];
	room_len = (size_t)(end - argv[0]);
}

void proctitle_set(const char *title)
{
	if (!room || room_len < 2)
		return;
	memset(room, 0, room_len);
	strncpy(room, title, room_len - 1);
}

void proctitle_get(char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (room && room_len >= 2)
		strlcpy(buf, room, size < room_len ? size : room_len);
}
