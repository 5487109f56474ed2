/*
 * Formatted output into buffers: the kernel's vsnprintf.
 *
 * Supports flags "-0+ #", width and precision (also "*"), the length
 * modifiers hh h l ll z t j, and the conversions d i u x X o c s p %.
 * %p prints a pointer as 0x followed by hex digits. No floating point.
 */
#pragma once

#include <stdarg.h>

#include <kernel/types.h>

/* Format into buf (always terminated if size > 0); returns the full length. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
