/*
 * devices: interfaces and disks down for halt (see devices.h).
 */
#include "devices.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/hdreg.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define ATA_FLUSH_CACHE     0xE7
#define ATA_FLUSH_CACHE_EXT 0xEA
#define ATA_STANDBY_NOW     0xE0

void devices_ifdown(void)
{
	struct if_nameindex *list = if_nameindex();
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (list == NULL || sock < 0)
		goto out;
	for (struct if_nameindex *i = list; i->if_index != 0; i++) {
		struct ifreq ifr;
		if (strncmp(i->if_name, "lo", 2) == 0 || strchr(i->if_name, ':') != NULL)
			continue;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(sock, SIOCGIFFLAGS, &ifr) != 0 || !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(sock, SIOCSIFFLAGS, &ifr);
	}
out:
	if (sock >= 0)
		close(sock);
	if (list != NULL)
		if_freenameindex(list);
}

/* A disk whose medium stays: /sys/block/NAME/removable is "0". */
static int fixed_disk(const char *name)
{
	char path[300], c = '1';

	snprintf(path, sizeof(path), "/sys/block/%s/removable", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = '1';
	close(fd);
	return c == '0';
}

static void ata_cmd(int fd, unsigned char cmd)
{
	unsigned char args[4] = { cmd, 0, 0, 0 };

	ioctl(fd, HDIO_DRIVE_CMD, args);
}

static void disks(bool standby)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char dev[300];
		if ((strncmp(e->d_name, "sd", 2) != 0 && strncmp(e->d_name, "hd", 2) != 0) ||
		    !fixed_disk(e->d_name))
			continue;
		snprintf(dev, sizeof(dev), "/dev/%s", e->d_name);
		int fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		ata_cmd(fd, ATA_FLUSH_CACHE_EXT);
		ata_cmd(fd, ATA_FLUSH_CACHE);
		if (standby)
			ata_cmd(fd, ATA_STANDBY_NOW);
		close(fd);
	}
	closedir(d);
}

void devices_hddown(void)
{
	disks(true);
}

void devices_hdflush(void)
{
	disks(false);
}
