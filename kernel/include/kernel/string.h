/*
 * Memory and string functions. The compiler also emits calls to memcpy,
 * memmove, memset and memcmp on its own, so those keep their C names.
 */
#pragma once

#include <kernel/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copy at most size - 1 bytes and terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * A name that is a decimal number as the kernel writes them (digits only,
 * no leading zero, at most 9 of them), as /proc/<pid> and /dev/pts/<n>
 * are named: its value, or -1.
 */
int name_to_number(const char *name, size_t len);
