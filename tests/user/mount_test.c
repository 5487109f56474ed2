/*
 * Mounts and statx: a tmpfs mounted at /mnt_t (its own device, its magic
 * and size, EXDEV across the boundary, EBUSY while a file or the working
 * directory is in use, the directory underneath empty again afterwards),
 * lazy unmounts, the errors of mount and umount2, a devtmpfs with its null
 * device, a read-only mount, and statx against stat with its errors.
 * Everything is mounted at /mnt_t and unmounted again, failure or not.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "utest.h"

#define MNT "/mnt_t"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

/* musl 1.2.3 has no statx: the kernel's structure, under our own name. */
struct kstatx_time {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct kstatx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct kstatx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t spare2[14];
};

#define KSTATX_BASIC_STATS 0x7ffU	/* STATX_TYPE ... STATX_BLOCKS */

static long kstatx(int dirfd, const char *path, int flags, unsigned int mask,
		   struct kstatx *stx)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, stx);
}

/* The names in a directory other than . and .., or -1 if unreadable. */
static int entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *d;
	int n = 0;

	if (!dir) {
		return -1;
	}
	while ((d = readdir(dir))) {
		n += strcmp(d->d_name, ".") != 0 &&
		     strcmp(d->d_name, "..") != 0;
	}
	closedir(dir);
	return n;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long n = fd < 0 ? -1 : write(fd, s, strlen(s));

	if (fd >= 0) {
		close(fd);
	}
	return n == (long)strlen(s);
}

static int mount_tmpfs(unsigned long flags)
{
	return mount("none", MNT, "tmpfs", flags, "size=1m");
}

static void test_tmpfs(void)
{
	struct stat root, mnt, st;
	struct statfs sf;
	char buf[16] = { 0 };
	int fd;

	CHECK(mount_tmpfs(0) == 0, "mount a 1 MiB tmpfs at " MNT);
	CHECK(stat("/", &root) == 0 && stat(MNT, &mnt) == 0 &&
	      mnt.st_dev != root.st_dev, "it is a device of its own");
	CHECK(statfs(MNT, &sf) == 0 && sf.f_type == TMPFS_MAGIC &&
	      (uint64_t)sf.f_blocks * sf.f_bsize == 1024 * 1024,
	      "statfs: TMPFS_MAGIC, and the size asked for");
	CHECK(write_file(MNT "/f", "on tmpfs") && stat(MNT "/f", &st) == 0 &&
	      st.st_dev == mnt.st_dev && entries(MNT) == 1,
	      "a file made there is on it");
	CHECK(rename(MNT "/f", "/mnt_t.moved") == -1 && errno == EXDEV,
	      "rename across the mount is EXDEV");
	CHECK(link(MNT "/f", "/mnt_t.moved") == -1 && errno == EXDEV,
	      "link across the mount is EXDEV");

	fd = open(MNT "/f", O_RDONLY);
	CHECK(fd >= 0 && umount2(MNT, 0) == -1 && errno == EBUSY,
	      "umount2 with a file open on it is EBUSY");
	close(fd);
	CHECK(chdir(MNT) == 0 && umount2(MNT, 0) == -1 && errno == EBUSY,
	      "umount2 with the working directory on it is EBUSY");
	CHECK(chdir("/") == 0 && umount2(MNT, 0) == 0,
	      "with neither, umount2 succeeds");
	CHECK(stat(MNT "/f", &st) == -1 && errno == ENOENT &&
	      entries(MNT) == 0 && stat(MNT, &st) == 0 &&
	      st.st_dev == root.st_dev, "the directory underneath is empty");
	CHECK(umount2(MNT, 0) == -1 && errno == EINVAL,
	      "umount2 of a directory that is no mount point is EINVAL");
	CHECK(umount2("/mnt_t.missing", 0) == -1 && errno == ENOENT,
	      "umount2 of a missing path is ENOENT");

	CHECK(mount_tmpfs(0) == 0 && write_file(MNT "/f", "detached"),
	      "mount again, with a file");
	fd = open(MNT "/f", O_RDONLY);
	CHECK(fd >= 0 && umount2(MNT, MNT_DETACH) == 0,
	      "MNT_DETACH with a file open succeeds");
	CHECK(read(fd, buf, sizeof(buf)) == 8 &&
	      memcmp(buf, "detached", 8) == 0,
	      "the open file still reads");
	CHECK(stat(MNT "/f", &st) == -1 && errno == ENOENT,
	      "but its name is gone");
	close(fd);

	/* busybox mount always passes MS_SILENT: a modifier, not a request. */
	CHECK(mount_tmpfs(MS_SILENT) == 0 && statfs(MNT, &sf) == 0 &&
	      sf.f_type == TMPFS_MAGIC && umount2(MNT, 0) == 0,
	      "MS_SILENT mounts like no flags");
}

static void test_mount_errors(void)
{
	int fd;

	CHECK(mount("none", MNT, "nosuchfs", 0, NULL) == -1 && errno == ENODEV,
	      "an unknown filesystem type is ENODEV");
	CHECK(mount("none", "/mnt_t.missing", "tmpfs", 0, NULL) == -1 &&
	      errno == ENOENT, "a missing target is ENOENT");
	fd = open("/mnt_t.file", O_CREAT | O_WRONLY, 0644);
	close(fd);
	CHECK(fd >= 0 && mount("none", "/mnt_t.file", "tmpfs", 0, NULL) == -1 &&
	      errno == ENOTDIR, "a regular file as target is ENOTDIR");
	unlink("/mnt_t.file");
	CHECK(mount("none", MNT, (char *)8, 0, NULL) == -1 && errno == EFAULT,
	      "a bad filesystem type pointer is EFAULT");
}

static void test_devtmpfs_and_readonly(void)
{
	struct stat st;

	CHECK(mount("devtmpfs", MNT, "devtmpfs", 0, NULL) == 0,
	      "mount a devtmpfs");
	CHECK(stat(MNT "/null", &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
	      "it has null, character device 1:3");
	CHECK(umount2(MNT, 0) == 0, "unmount the devtmpfs");

	CHECK(mount_tmpfs(MS_RDONLY) == 0, "mount a read-only tmpfs");
	CHECK(open(MNT "/f", O_CREAT | O_WRONLY, 0644) == -1 && errno == EROFS,
	      "creating a file there is EROFS");
	CHECK(mkdir(MNT "/d", 0755) == -1 && errno == EROFS,
	      "and so is mkdir");
	CHECK(umount2(MNT, 0) == 0, "unmount the read-only tmpfs");
}

static void test_statx(void)
{
	struct kstatx stx;
	struct stat st;
	int fd;

	CHECK(mount_tmpfs(0) == 0 && write_file(MNT "/f", "twelve bytes") &&
	      stat(MNT "/f", &st) == 0, "a file on a tmpfs to statx");
	memset(&stx, 0xff, sizeof(stx));
	CHECK(kstatx(AT_FDCWD, MNT "/f", 0, KSTATX_BASIC_STATS, &stx) == 0,
	      "statx");
	CHECK((stx.stx_mask & KSTATX_BASIC_STATS) == KSTATX_BASIC_STATS,
	      "statx fills every basic field");
	CHECK(stx.stx_size == 12 && stx.stx_mode == st.st_mode &&
	      stx.stx_ino == st.st_ino && stx.stx_nlink == st.st_nlink &&
	      stx.stx_uid == st.st_uid && stx.stx_gid == st.st_gid &&
	      stx.stx_blocks == (uint64_t)st.st_blocks,
	      "size, mode, inode, links, owner and blocks agree with stat");
	CHECK(makedev(stx.stx_dev_major, stx.stx_dev_minor) == st.st_dev &&
	      stx.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
	      stx.stx_mtime.tv_nsec == st.st_mtim.tv_nsec,
	      "and so do the device and the modification time");
	CHECK(kstatx(AT_FDCWD, MNT "/f", 0x80000000, KSTATX_BASIC_STATS,
		     &stx) == -1 && errno == EINVAL,
	      "statx with an unknown flag is EINVAL");
	CHECK(kstatx(AT_FDCWD, MNT "/f", 0, KSTATX_BASIC_STATS, NULL) == -1 &&
	      errno == EFAULT, "statx into NULL is EFAULT");
	fd = open(MNT "/f", O_RDONLY);
	memset(&stx, 0, sizeof(stx));
	CHECK(fd >= 0 && kstatx(fd, "", AT_EMPTY_PATH, KSTATX_BASIC_STATS,
				&stx) == 0 && stx.stx_ino == st.st_ino &&
	      stx.stx_size == 12, "statx of an fd with AT_EMPTY_PATH and \"\"");
	close(fd);
	CHECK(umount2(MNT, 0) == 0, "unmount it");
}

int main(void)
{
	int made = mkdir(MNT, 0755) == 0;

	CHECK(made, "make " MNT);
	if (made) {
		test_tmpfs();
		test_mount_errors();
		test_devtmpfs_and_readonly();
		test_statx();
	}
	/* Whatever failed above, leave nothing mounted or made behind. */
	if (chdir("/") == 0) {
		while (umount2(MNT, MNT_DETACH) == 0) {
			CHECK(0, "nothing was left mounted at " MNT);
		}
	}
	unlink("/mnt_t.moved");
	unlink("/mnt_t.file");
	CHECK(rmdir(MNT) == 0, "remove " MNT);
	return utest_done();
}
