/*
 * handover_wire: the tag and flag tables the hand-over encoder and decoder
 * share (private to lib/handover_*.c; the public header is handover.h).
 */
#ifndef HANDOVER_WIRE_H
#define HANDOVER_WIRE_H

#include "handover.h"

/* ---- tags ------------------------------------------------------------- */

enum tag {
	T_UNKNOWN,
	/* sysvinit's structure */
	T_VER, T_END, T_REC, T_EOR,
	/* sysvinit's record items */
	T_LEV, T_FL, T_AC, T_CMD, T_PID, T_EXS,
	/* sysvinit's machine items */
	T_RL, T_TL, T_PL, T_SI, T_WR, T_WU, T_ST, T_DB, T_LW, T_LU,
	/* ours, machine */
	X_PH, X_TG, X_GR, X_EV, X_WN, X_CN,
	/* ours, record */
	X_NS, X_WB, X_WC, X_DU, X_RA, X_SP, X_KL, X_KA, X_OD, X_EP, X_XS,
	X_NU, X_OR,
	T__COUNT
};

/* What a tag is to the reader, which decides where it may stand. */
enum scope {
	SC_NONE,        /* unknown: skipped anywhere */
	SC_STRUCT,      /* VER, END, REC: never inside a record */
	SC_RECORD,      /* sysvinit's record items and EOR: only inside one */
	SC_MACHINE,     /* sysvinit's machine items: never inside a record */
	SC_XMACHINE,    /* ours: read outside records, skipped inside */
	SC_XRECORD,     /* ours: read inside records, skipped outside */
};

static const struct {
	char name[4];
	enum scope scope;
} tags[T__COUNT] = {
	[T_UNKNOWN] = { "",    SC_NONE },
	[T_VER] = { "VER", SC_STRUCT },
	[T_END] = { "END", SC_STRUCT },
	[T_REC] = { "REC", SC_STRUCT },
	[T_EOR] = { "EOR", SC_RECORD },
	[T_LEV] = { "LEV", SC_RECORD },
	[T_FL]  = { "FL ", SC_RECORD },
	[T_AC]  = { "AC ", SC_RECORD },
	[T_CMD] = { "CMD", SC_RECORD },
	[T_PID] = { "PID", SC_RECORD },
	[T_EXS] = { "EXS", SC_RECORD },
	[T_RL]  = { "-RL", SC_MACHINE },
	[T_TL]  = { "-TL", SC_MACHINE },
	[T_PL]  = { "-PL", SC_MACHINE },
	[T_SI]  = { "-SI", SC_MACHINE },
	[T_WR]  = { "-WR", SC_MACHINE },
	[T_WU]  = { "-WU", SC_MACHINE },
	[T_ST]  = { "-ST", SC_MACHINE },
	[T_DB]  = { "-DB", SC_MACHINE },
	[T_LW]  = { "-LW", SC_MACHINE },
	[T_LU]  = { "-LU", SC_MACHINE },
	[X_PH]  = { "+PH", SC_XMACHINE },
	[X_TG]  = { "+TG", SC_XMACHINE },
	[X_GR]  = { "+GR", SC_XMACHINE },
	[X_EV]  = { "+EV", SC_XMACHINE },
	[X_WN]  = { "+WN", SC_XMACHINE },
	[X_CN]  = { "+CN", SC_XMACHINE },
	[X_NS]  = { "+NS", SC_XRECORD },
	[X_WB]  = { "+WB", SC_XRECORD },
	[X_WC]  = { "+WC", SC_XRECORD },
	[X_DU]  = { "+DU", SC_XRECORD },
	[X_RA]  = { "+RA", SC_XRECORD },
	[X_SP]  = { "+SP", SC_XRECORD },
	[X_KL]  = { "+KL", SC_XRECORD },
	[X_KA]  = { "+KA", SC_XRECORD },
	[X_OD]  = { "+OD", SC_XRECORD },
	[X_EP]  = { "+EP", SC_XRECORD },
	[X_XS]  = { "+XS", SC_XRECORD },
	[X_NU]  = { "+NU", SC_XRECORD },
	[X_OR]  = { "+OR", SC_XRECORD },
};

/* sysvinit's flags[] table, in its order (send_state writes them so). */
static const struct {
	char name[3];
	unsigned bit;
} flag_names[] = {
	{ "RU", HANDOVER_FL_RU },
	{ "DE", HANDOVER_FL_DE },
	{ "XD", HANDOVER_FL_XD },
	{ "WT", HANDOVER_FL_WT },
};

#define NFLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

#endif
