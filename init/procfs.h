/*
 * procfs: what /proc says about init's children, for taking over a
 * running system (re-exec): whose child a process is, and how it was
 * started.
 */
#ifndef PROCFS_H
#define PROCFS_H

#include <stddef.h>
#include <sys/types.h>

/* The parent of pid, or -1 when pid is gone (or /proc cannot tell). */
pid_t procfs_parent(pid_t pid);

/* The pids whose parent is parent, malloc'd (*n of them); NULL and *n 0
 * when there are none or /proc cannot be read. */
pid_t *procfs_children(pid_t parent, size_t *n);

/* The arguments pid runs with, NUL-separated as the kernel keeps them
 * (malloc'd, *len bytes); NULL when they cannot be read. */
char *procfs_cmdline(pid_t pid, size_t *len);

#endif
