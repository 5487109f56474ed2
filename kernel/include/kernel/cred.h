/*
 * Credentials: who a process acts as. The real, effective and saved ids
 * follow POSIX; file system checks use the fs ids, which follow the
 * effective ones unless setfsuid/setfsgid set them apart (as Linux).
 */
#pragma once

#include <kernel/types.h>

struct cred {
	unsigned int uid, euid, suid, fsuid;
	unsigned int gid, egid, sgid, fsgid;
	unsigned int *groups;			/* supplementary, kmalloc'd */
	unsigned int ngroups;
};

/* Is gid the fs group or one of the supplementary ones? */
static inline bool cred_in_group(const struct cred *c, unsigned int gid)
{
	if (c->fsgid == gid) {
		return true;
	}
	for (unsigned int i = 0; i < c->ngroups; i++) {
		if (c->groups[i] == gid) {
			return true;
		}
	}
	return false;
}
