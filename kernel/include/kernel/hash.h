/*
 * Small non-cryptographic hashes.
 */
#pragma once

#include <kernel/types.h>

/* 32-bit FNV-1a of len bytes at data. */
static inline uint32_t hash_fnv1a32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t h = 0x811c9dc5;

	for (size_t i = 0; i < len; i++) {
		h = (h ^ p[i]) * 0x01000193;
	}
	return h;
}
