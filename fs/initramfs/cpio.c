/*
 * newc cpio parsing (fs/cpio.h): "070701", thirteen 8-digit hex fields,
 * the name, padding to 4 bytes, the data, padding to 4 bytes.
 */
#include <fs/cpio.h>
#include <kernel/string.h>

#define HEADER_LEN 110
#define FIELD_MODE 1
#define FIELD_UID 2
#define FIELD_GID 3
#define FIELD_MTIME 5
#define FIELD_FILESIZE 6
#define FIELD_RDEVMAJOR 9
#define FIELD_RDEVMINOR 10
#define FIELD_NAMESIZE 11

static bool hex_field(const char *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9') {
			v = v << 4 | (uint32_t)(c - '0');
		} else if (c >= 'A' && c <= 'F') {
			v = v << 4 | (uint32_t)(c - 'A' + 10);
		} else if (c >= 'a' && c <= 'f') {
			v = v << 4 | (uint32_t)(c - 'a' + 10);
		} else {
			return false;
		}
	}
	*out = v;
	return true;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int cpio_next(const void *archive, size_t size, size_t *pos,
	      struct cpio_entry *e)
{
	const char *a = archive, *h;
	uint32_t mode, filesize, namesize, uid, gid, mtime, rmajor, rminor;
	size_t name_at, data_at;

	if (*pos > size || size - *pos < HEADER_LEN) {
		return -EINVAL;
	}
	h = a + *pos;
	if (memcmp(h, "070701", 6) != 0 ||
	    !hex_field(h + 6 + 8 * FIELD_MODE, &mode) ||
	    !hex_field(h + 6 + 8 * FIELD_FILESIZE, &filesize) ||
	    !hex_field(h + 6 + 8 * FIELD_NAMESIZE, &namesize) ||
	    !hex_field(h + 6 + 8 * FIELD_UID, &uid) ||
	    !hex_field(h + 6 + 8 * FIELD_GID, &gid) ||
	    !hex_field(h + 6 + 8 * FIELD_MTIME, &mtime) ||
	    !hex_field(h + 6 + 8 * FIELD_RDEVMAJOR, &rmajor) ||
	    !hex_field(h + 6 + 8 * FIELD_RDEVMINOR, &rminor) ||
	    namesize == 0) {
		return -EINVAL;
	}
	name_at = *pos + HEADER_LEN;
	if (namesize > size - name_at || a[name_at + namesize - 1] != '\0') {
		return -EINVAL;
	}
	data_at = align4(name_at + namesize);
	if (data_at > size || filesize > size - data_at) {
		return -EINVAL;
	}
	*e = (struct cpio_entry){ .name = a + name_at,
				  .name_len = namesize - 1,
				  .mode = mode,
				  .uid = uid,
				  .gid = gid,
				  .mtime = mtime,
				  .rdev = (rmajor & 0xfff) << 8 | (rminor & 0xff),
				  .data = a + data_at,
				  .size = filesize };
	*pos = align4(data_at + filesize);
	if (e->name_len == 10 && memcmp(e->name, "TRAILER!!!", 10) == 0) {
		return 0;
	}
	return 1;
}

int cpio_find(const void *archive, size_t size, const char *path,
	      struct cpio_entry *e)
{
	size_t pos = 0, len;
	int r;

	while (*path == '/') {
		path++;
	}
	len = strlen(path);
	while ((r = cpio_next(archive, size, &pos, e)) == 1) {
		const char *name = e->name;
		size_t nlen = e->name_len;

		if (nlen >= 2 && name[0] == '.' && name[1] == '/') {
			name += 2;
			nlen -= 2;
		}
		if (nlen == len && memcmp(name, path, len) == 0) {
			return 0;
		}
	}
	return r < 0 ? r : -ENOENT;
}
