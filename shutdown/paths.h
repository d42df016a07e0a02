/*
 * paths: the files shutdown and halt use.  configure's directories set
 * them (shutdown/local.mk); these defaults are Debian's.
 */
#ifndef SHUTDOWN_PATHS_H
#define SHUTDOWN_PATHS_H

#ifndef PATH_SHUTDOWN_PID
#define PATH_SHUTDOWN_PID "/var/run/shutdown.pid"
#endif
#ifndef PATH_NOLOGIN
#define PATH_NOLOGIN "/run/nologin"
#endif
#ifndef PATH_FASTBOOT
#define PATH_FASTBOOT "/fastboot"
#endif
#ifndef PATH_FORCEFSCK
#define PATH_FORCEFSCK "/forcefsck"
#endif
#ifndef PATH_SHUTDOWN_ALLOW
#define PATH_SHUTDOWN_ALLOW "/etc/shutdown.allow"
#endif
#ifndef PATH_SHUTDOWN
#define PATH_SHUTDOWN "/sbin/shutdown"
#endif
#ifndef PATH_DEFAULT_HALT
#define PATH_DEFAULT_HALT "/etc/default/halt"
#endif
#ifndef PATH_KEXEC_LOADED
#define PATH_KEXEC_LOADED "/sys/kernel/kexec_loaded"
#endif
#ifndef PATH_RUNLEVEL_LOG
#define PATH_RUNLEVEL_LOG "/var/run/runlevel"
#endif
#define PATH_CONSOLE "/dev/console"

#endif
