/*
 * devices: what halt -i and -h do to the hardware before the end:
 * network interfaces down, ATA disks' caches flushed and the disks put
 * in standby.  Best effort: failures are ignored, as sysvinit's are.
 */
#ifndef SHUTDOWN_DEVICES_H
#define SHUTDOWN_DEVICES_H

/* Every interface but loopbacks (lo*) and aliases (names with ':')
 * down. */
void devices_ifdown(void);

/* Each fixed ATA/SCSI disk (sd*, hd*) in /sys/block: flush its write
 * cache and put it in standby. */
void devices_hddown(void);

/* The same disks' caches flushed only: what halt does without -h. */
void devices_hdflush(void);

#endif
