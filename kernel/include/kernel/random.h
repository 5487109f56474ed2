/*
 * The kernel's pseudo-random numbers, seeded at boot from the frame's seed
 * (the launcher's --seed on the host, the clock on metal). Not for keys.
 */
#pragma once

#include <kernel/types.h>

void random_init(uint64_t seed);
uint64_t random_u64(void);
void random_bytes(void *buf, size_t len);
