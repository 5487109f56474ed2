/*
 * Common definitions of the frame API.
 *
 * The frame is the only privileged, memory-unsafe layer of the kernel. Its
 * whole API is under frame/include/frame/, one header per capability, every
 * name prefixed with frame_. Errors are negative errno values from the Linux
 * UAPI <linux/errno.h>. Upcalls, the few functions the frame calls in the
 * kernel by name, are marked FRAME_UPCALL.
 */
#pragma once

#include <linux/errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_PAGE_SHIFT 12
#define FRAME_PAGE_SIZE (1UL << FRAME_PAGE_SHIFT)

/* A kernel function the frame calls by name; kept global in the host link. */
#define FRAME_UPCALL __attribute__((visibility("default")))

#define frame_noreturn __attribute__((noreturn))
#define frame_printf(f, a) __attribute__((format(printf, f, a)))
