/*
 * The kernel command line: space-separated words, each "name" or
 * "name=value".
 */
#pragma once

#include <kernel/types.h>

void cmdline_init(const char *cmdline);
const char *cmdline_get(void);

/* True if the word name or name=... is present. */
bool cmdline_has(const char *name);

/*
 * Copy the value of name=value into buf (terminated). Returns the value's
 * length, or -ENOENT if absent, -ENAMETOOLONG if it does not fit.
 */
int cmdline_value(const char *name, char *buf, size_t size);

/*
 * The words after " -- ", which go to init as its arguments (as on
 * Linux). Double quotes group spaces into a word and are removed, as
 * Linux's parser does. Stores up to max pointers into a copy and returns
 * the count.
 */
size_t cmdline_init_args(const char **argv, size_t max);
