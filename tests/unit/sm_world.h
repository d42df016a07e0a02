/*
 * sm_world: the unit tests' fake shell around the state machine: a fake
 * clock, made-up pids for spawns, exits injected, and what the last step
 * did recorded for the assertions (check_sm*.c).
 */
#ifndef SM_WORLD_H
#define SM_WORLD_H

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bootopts.h"
#include "builtin.h"
#include "wirestate.h"
#include "handover.h"
#include "sm.h"
#include "state_v1.h"

#define MAXREC 4096
#define EXITED(code) ((code) << 8)

struct rec {
	enum sm_action_type type;
	char id[8];
	pid_t pid;
	int sig;
	char level, prev;
	bool ctty;
	enum sm_log_sink sink;
	char text[256];
};

/* The fake shell and everything it saw during the last step. */
struct world {
	struct sm *sm;
	struct sm_actions acts;
	pid_t next_pid;
	int fail_err;        /* next spawns fail with this errno */
	struct rec rec[MAXREC];
	size_t nrec;
	char pids[64][8];    /* id of each pid - 1000 */
};
extern struct world w;

void ignore_diag(void *ctx, const char *msg);
struct inittab *table(const char *text);
void perform(int64_t now);
void feed(const struct sm_event *ev, int64_t now);
void start_world(const char *text);
void boot(int64_t now);
void boot_into(char level, int64_t now);
void exit_pid(pid_t pid, int status, int64_t now);
void request(char level, int grace_ms, const char *nonce, int64_t now);
void answer(char level, int64_t now);
void tick(int64_t now);
void end_world(void);
pid_t pid_of(const char *id);
struct sm_proc_info info_of(const char *id, int64_t now);
size_t count(enum sm_action_type type, const char *id);
size_t spawns(const char *id);
const char *spawn_order(void);
bool logged(const char *text);
bool logged_to(enum sm_log_sink sink, const char *text);
size_t index_of(const char *id);
void reload(const char *text, int64_t now);
void request_with(char level, const char *text, int64_t now);
size_t kills(pid_t pid, int sig);
const struct rec *find(enum sm_action_type type);

/* The test cases, one file each. */
TCase *sm_tcase_boot(void);
TCase *sm_tcase_actions(void);
TCase *sm_tcase_levels(void);
TCase *sm_tcase_reload(void);
TCase *sm_tcase_sysvinit(void);

#endif
