/*
 * libFuzzer target: the initctl request decoder, fed whatever a writer to
 * the FIFO could send.  An accepted request must be self-consistent: the
 * fields init goes on to use stay inside their documented ranges.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "initreq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct initreq_msg msg;
	char err[160];
	/* A copy of exactly the bytes, so ASan sees any read past them. */
	unsigned char *buf = malloc(size ? size : 1);

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	memset(err, 0, sizeof err);
	if (initreq_decode(buf, size, &msg, err, sizeof err) == 0) {
		if (size != INITREQ_SIZE)
			abort();
		if (memchr(msg.nonce, '\0', sizeof msg.nonce) == NULL)
			abort();
		if (msg.cmd == INITCMD_RUNLVL && strchr("0123456789SQUabc", msg.level) == NULL)
			abort();
		if (msg.cmd == INITCMD_SETENV || msg.cmd == INITCMD_UNSETENV) {
			const char *p = msg.vars;

			for (size_t i = 0; i < msg.nvars; i++) {
				size_t n = strnlen(p, sizeof msg.vars - (size_t)(p - msg.vars));

				if (strncmp(p, "INIT_", 5) != 0)
					abort();
				p += n + 1;
				if (p > msg.vars + sizeof msg.vars)
					abort();
			}
		}
	} else {
		if (memchr(err, '\0', sizeof err) == NULL || err[0] == '\0' ||
		    strchr(err, '\n') != NULL)
			abort();
	}
	free(buf);
	return 0;
}
