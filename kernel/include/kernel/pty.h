/*
 * Pseudo-terminals: /dev/ptmx opens a master, /dev/pts/N its terminal
 * (devpts, fs/devpts). See kernel/tty/pty.c.
 */
#pragma once

#include <kernel/types.h>

#define PTY_MAX 64			/* pairs at once */
#define PTY_SLAVE_MAJOR 136		/* /dev/pts/N: 136:N */
#define PTMX_MAJOR 5
#define PTMX_MINOR 2

struct file;

/* /dev/ptmx: a new pair; the master as a file. -ENOSPC if all are used. */
int pty_open_master(unsigned int flags, struct file **out);

/* /dev/pts/index: -EIO while locked or once the master is closed. */
int pty_open_slave(unsigned int index, unsigned int flags, struct file **out);

/* Does /dev/pts/index exist (its master is open)? Its owner if so. */
bool pty_info(unsigned int index, uint32_t *uid, uint32_t *gid);
