/* registers.h — the field tables of every collection, by area. Each area's file
 * (core.c, and the supervision and office registers to come) exports its list;
 * registers.c joins them into the one registry the engine, the API and the CLI read. */
#ifndef RENDA_REGISTERS_H
#define RENDA_REGISTERS_H

#include "domain/collection/collection.h"

/* NULL-terminated lists, one per area. */
extern const collection_def *const core_collections[];
extern const collection_def *const meeting_collections[]; /* meetings.c */

#endif
