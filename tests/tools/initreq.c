/*
 * initreq: send one request to init's FIFO in sysvinit's wire format
 * (struct init_request, 384 bytes), as UPS daemons and telinit do:
 *     initreq [-f FIFO] [-t SECONDS] powerfail|powerfailnow|powerok
 *     initreq [-f FIFO] [-t SECONDS] runlevel LEVEL
 * The differential test drives sysvinit and our init with it; the layout
 * is spelled out here, not taken from init/, so that the test checks the
 * wire format rather than shares it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct request {
	int magic;
	int cmd;
	int runlevel;
	int sleeptime;
	char data[368];
};

_Static_assert(sizeof(struct request) == 384, "sysvinit's request is 384 bytes");

int main(int argc, char **argv)
{
	struct request rq;
	const char *fifo = "/run/initctl";
	int opt, fd;

	memset(&rq, 0, sizeof(rq));
	rq.magic = 0x03091969;
	rq.sleeptime = 3;
	while ((opt = getopt(argc, argv, "f:t:")) != -1) {
		switch (opt) {
		case 'f': fifo = optarg; break;
		case 't': rq.sleeptime = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	if (strcmp(argv[optind], "powerfail") == 0)
		rq.cmd = 2;
	else if (strcmp(argv[optind], "powerfailnow") == 0)
		rq.cmd = 3;
	else if (strcmp(argv[optind], "powerok") == 0)
		rq.cmd = 4;
	else if (strcmp(argv[optind], "runlevel") == 0 && optind + 1 < argc) {
		rq.cmd = 1;
		rq.runlevel = argv[optind + 1][0];
	} else
		goto usage;
	fd = open(fifo, O_WRONLY | O_NONBLOCK);
	if (fd < 0) {
		perror(fifo);
		return 1;
	}
	if (write(fd, &rq, sizeof(rq)) != (ssize_t)sizeof(rq)) {
		perror("write");
		return 1;
	}
	close(fd);
	return 0;
usage:
	fprintf(stderr, "usage: initreq [-f FIFO] [-t SECONDS] powerfail|powerfailnow|powerok|runlevel LEVEL\n");
	return 2;
}
