/*
 * tmpfs, ramfs and devtmpfs: file systems that live in memory. A
 * directory keeps a list of named entries; a file keeps its bytes in
 * pages, one slot per page of the file (a hole has none), which shared
 * mappings map directly; a link keeps its target. tmpfs takes mount
 * options (size, mode, uid, gid) and counts its pages against its size;
 * ramfs has no limit; devtmpfs is one tmpfs with the device nodes, shared
 * by every mount.
 *
 * A file's lock guards its page slots and size; it is never held across a
 * user copy, which may fault on a mapping of the same file.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/stat.h>
#include <asm/statfs.h>

#include <frame/page.h>
#include <frame/time.h>

#include <fs/vfs.h>
#include <kernel/page.h>
#include <kernel/printf.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define FILE_MAX (1ULL << 34)		/* as large as a file may grow */
#define PAGE_SIZE FRAME_PAGE_SIZE

struct tmpfs_dirent {
	struct list_head node;		/* on the directory's entries */
	struct inode *inode;		/* a counted reference */
	uint8_t len;
	char name[];
};

struct tmpfs_node {
	struct list_head entries;	/* directories: struct tmpfs_dirent */
	struct inode *parent;		/* directories: "..", referenced */
	struct frame_page **pages;	/* files: page i, or NULL for a hole */
	size_t nslots;			/* files: slots in pages[] */
	char *target;			/* links */
};

struct tmpfs_info {
	uint64_t max_bytes;		/* 0: no limit (ramfs) */
	uint64_t used;			/* atomic: bytes of file pages */
	uint32_t mode, uid, gid;	/* the root's, as mounted */
};

static const struct inode_ops tmpfs_iops;

static struct tmpfs_node *node_of(const struct inode *in)
{
	return in->priv;
}

static int64_t now_ns(void)
{
	return frame_wallclock_ns();
}

static struct inode *node_new(struct super_block *sb, uint32_t mode,
			      uint32_t uid, uint32_t gid)
{
	struct inode *in = inode_alloc(sb, mode, &tmpfs_iops);
	struct tmpfs_node *n = kzalloc(sizeof(*n));

	if (!in || !n) {
		kfree(n);
		if (in) {
			inode_put(in);		/* no node: evict skips it */
		}
		return NULL;
	}
	list_init(&n->entries);
	in->priv = n;
	in->uid = uid;
	in->gid = gid;
	in->nlink = S_ISDIR(mode) ? 2 : 1;
	return in;
}

/* Count a page against the file system's size; -ENOSPC if full. */
static int charge(struct inode *in)
{
	struct tmpfs_info *info = in->sb->priv;
	uint64_t used = __atomic_add_fetch(&info->used, PAGE_SIZE,
					   __ATOMIC_RELAXED);

	if (info->max_bytes && used > info->max_bytes) {
		__atomic_sub_fetch(&info->used, PAGE_SIZE, __ATOMIC_RELAXED);
		return -ENOSPC;
	}
	return 0;
}

static void uncharge(struct inode *in, size_t pages)
{
	struct tmpfs_info *info = in->sb->priv;

	__atomic_sub_fetch(&info->used, pages * PAGE_SIZE, __ATOMIC_RELAXED);
}

/* Make room for slot index; the lock held. */
static int grow_slots(struct tmpfs_node *n, size_t index)
{
	size_t want = n->nslots ? n->nslots : 4;
	struct frame_page **pages;

	if (index < n->nslots) {
		return 0;
	}
	while (want <= index) {
		want *= 2;
	}
	pages = kzalloc(want * sizeof(*pages));
	if (!pages) {
		return -ENOMEM;
	}
	if (n->pages) {
		memcpy(pages, n->pages, n->nslots * sizeof(*pages));
		kfree(n->pages);
	}
	n->pages = pages;
	n->nslots = want;
	return 0;
}

/*
 * The page at index, referenced; with make, a zeroed one is added where
 * there is none (else -ENOENT for a hole). The lock held.
 */
static int page_at(struct inode *in, uint64_t index, bool make,
		   struct frame_page **out)
{
	struct tmpfs_node *n = node_of(in);
	struct frame_page *page;
	int err;

	if (index < n->nslots && n->pages[index]) {
		*out = n->pages[index];
		frame_page_get(*out);
		return 0;
	}
	if (!make) {
		return -ENOENT;
	}
	if (index >= FILE_MAX / PAGE_SIZE) {
		return -EFBIG;
	}
	err = grow_slots(n, (size_t)index);
	if (!err) {
		err = charge(in);
	}
	if (err) {
		return err;
	}
	page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	if (!page) {
		uncharge(in, 1);
		return -ENOMEM;
	}
	n->pages[index] = page;
	frame_page_get(page);
	*out = page;
	return 0;
}

/* Drop the pages from byte size on, zeroing the rest of the last one. */
static void drop_pages(struct inode *in, uint64_t size)
{
	struct tmpfs_node *n = node_of(in);
	size_t first = (size_t)((size + PAGE_SIZE - 1) / PAGE_SIZE), dropped = 0;

	for (size_t i = first; i < n->nslots; i++) {
		if (n->pages[i]) {
			/* A mapping keeps its own reference to the page. */
			frame_page_put(n->pages[i]);
			n->pages[i] = NULL;
			dropped++;
		}
	}
	uncharge(in, dropped);
	if (size % PAGE_SIZE && first - 1 < n->nslots && n->pages[first - 1]) {
		memset((char *)frame_page_data(n->pages[first - 1]) +
		       size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
}

static void tmpfs_evict(struct inode *in)
{
	struct tmpfs_node *n = node_of(in);

	if (!n) {
		return;
	}
	if (n->pages) {
		drop_pages(in, 0);
		kfree(n->pages);
	}
	kfree(n->target);
	kfree(n);
}

/* The entry called name[0..len) in dir, or NULL; dir locked. */
static struct tmpfs_dirent *find(struct inode *dir, const char *name,
				 size_t len)
{
	struct tmpfs_dirent *d;

	list_for_each_entry(d, &node_of(dir)->entries, node) {
		if (d->len == len && memcmp(d->name, name, len) == 0) {
			return d;
		}
	}
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len,
			struct inode **out)
{
	struct tmpfs_dirent *d;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct inode *up = node_of(dir)->parent;

		if (!up && dir != dir->sb->root) {
			return -ENOENT;		/* removed */
		}
		*out = up ? up : dir;
		inode_get(*out);
		return 0;
	}
	d = find(dir, name, len);
	if (!d) {
		return -ENOENT;
	}
	inode_get(d->inode);
	*out = d->inode;
	return 0;
}

static int tmpfs_iterate(struct inode *dir, struct dir_context *ctx)
{
	struct tmpfs_dirent *d;
	uint64_t i = 2;

	list_for_each_entry(d, &node_of(dir)->entries, node) {
		if (i++ < ctx->pos) {
			continue;
		}
		if (!ctx->emit(ctx, d->name, d->len, d->inode->ino,
			       (d->inode->mode & S_IFMT) >> 12, i)) {
			break;
		}
	}
	return 0;
}

static struct tmpfs_dirent *dirent_new(const char *name, size_t len,
				       struct inode *in)
{
	struct tmpfs_dirent *d = kmalloc(sizeof(*d) + len + 1, 0);

	if (d) {
		d->len = (uint8_t)len;
		memcpy(d->name, name, len);
		d->name[len] = '\0';
		d->inode = in;
	}
	return d;
}

/* Put d in dir, a directory's ".." pointing back; dir locked. */
static void add_entry(struct inode *dir, struct tmpfs_dirent *d)
{
	list_add_tail(&d->node, &node_of(dir)->entries);
	if (S_ISDIR(d->inode->mode)) {
		dir->nlink++;
		inode_get(dir);
		node_of(d->inode)->parent = dir;
	}
	dir->mtime = dir->ctime = d->inode->ctime = now_ns();
}

/* Take d out of dir (and free it), dropping the entry's references. */
static void remove_entry(struct inode *dir, struct tmpfs_dirent *d,
			 bool gone)
{
	struct inode *in = d->inode;

	list_del(&d->node);
	if (S_ISDIR(in->mode)) {
		dir->nlink--;
		inode_put(node_of(in)->parent);
		node_of(in)->parent = NULL;
		if (gone) {
			in->nlink = 0;
		}
	} else if (gone) {
		in->nlink--;
	}
	dir->mtime = dir->ctime = in->ctime = now_ns();
	kfree(d);
	if (gone) {
		inode_put(in);
	}
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len,
			uint32_t mode, uint32_t rdev, const char *target,
			uint32_t uid, uint32_t gid, struct inode **out)
{
	struct inode *in;
	struct tmpfs_dirent *d;
	size_t tlen = target ? strlen(target) : 0;

	if (find(dir, name, len)) {
		return -EEXIST;
	}
	in = node_new(dir->sb, mode, uid, gid);
	if (!in) {
		return -ENOMEM;
	}
	in->rdev = rdev;
	if (target) {
		node_of(in)->target = kmalloc(tlen + 1, 0);
		if (!node_of(in)->target) {
			inode_put(in);
			return -ENOMEM;
		}
		memcpy(node_of(in)->target, target, tlen + 1);
		in->size = tlen;
	}
	d = dirent_new(name, len, in);
	if (!d) {
		inode_put(in);
		return -ENOMEM;
	}
	add_entry(dir, d);
	inode_get(in);
	*out = in;
	return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, size_t len,
		      struct inode *in)
{
	struct tmpfs_dirent *d;

	if (find(dir, name, len)) {
		return -EEXIST;
	}
	if (in->sb != dir->sb) {
		return -EXDEV;
	}
	d = dirent_new(name, len, in);
	if (!d) {
		return -ENOMEM;
	}
	inode_get(in);
	in->nlink++;
	add_entry(dir, d);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, const char *name, size_t len,
			struct inode *victim)
{
	struct tmpfs_dirent *d = find(dir, name, len);

	if (!d || d->inode != victim) {
		return -ENOENT;
	}
	if (S_ISDIR(victim->mode) && !list_empty(&node_of(victim)->entries)) {
		return -ENOTEMPTY;
	}
	remove_entry(dir, d, true);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oldname, size_t olen,
			struct inode *ndir, const char *newname, size_t nlen,
			struct inode *victim)
{
	struct tmpfs_dirent *od = find(odir, oldname, olen);
	struct tmpfs_dirent *nd = find(ndir, newname, nlen);
	struct tmpfs_dirent *fresh;

	if (!od || (victim && (!nd || nd->inode != victim))) {
		return -ENOENT;
	}
	if (victim && S_ISDIR(victim->mode) &&
	    !list_empty(&node_of(victim)->entries)) {
		return -ENOTEMPTY;
	}
	/* The entry under its new name, made before anything changes. */
	fresh = dirent_new(newname, nlen, od->inode);
	if (!fresh) {
		return -ENOMEM;
	}
	if (victim) {
		remove_entry(ndir, nd, true);
	}
	remove_entry(odir, od, false);
	add_entry(ndir, fresh);
	return 0;
}

static long tmpfs_readlink(struct inode *in, char *buf, size_t size)
{
	size_t n = min(size, (size_t)in->size);

	memcpy(buf, node_of(in)->target, n);	/* constant once made */
	return (long)n;
}

/*
 * Move bytes between the file at off and a kernel or user buffer, a page
 * at a time: the page is found (or made, for writes) under the lock and
 * copied outside it. Returns the bytes moved, or -errno if none.
 */
static long transfer(struct inode *in, uint64_t off, void *kbuf,
		     frame_uptr_t ubuf, size_t len, bool write)
{
	size_t done = 0;
	long err = 0;

	while (done < len) {
		uint64_t pos = off + done;
		size_t in_page = (size_t)(pos % PAGE_SIZE);
		size_t n = min(len - done, PAGE_SIZE - in_page), left = 0;
		struct frame_page *page = NULL;
		char *data;

		mutex_lock(&in->lock);
		if (!write && pos >= in->size) {
			mutex_unlock(&in->lock);
			break;
		}
		if (!write) {
			n = (size_t)min((uint64_t)n, in->size - pos);
		}
		err = page_at(in, pos / PAGE_SIZE, write, &page);
		mutex_unlock(&in->lock);
		if (err && err != -ENOENT) {
			break;
		}
		err = 0;
		data = page ? (char *)frame_page_data(page) + in_page : NULL;
		if (write && kbuf) {
			memcpy(data, (char *)kbuf + done, n);
		} else if (write) {
			left = frame_copy_from_user(data, frame_uptr_add(ubuf,
									 done),
						    n);
		} else if (kbuf && page) {
			memcpy((char *)kbuf + done, data, n);
		} else if (kbuf) {
			memset((char *)kbuf + done, 0, n);	/* a hole */
		} else {
			left = page ? frame_copy_to_user(frame_uptr_add(ubuf,
								       done),
							 data, n) :
				      frame_clear_user(frame_uptr_add(ubuf, done),
						       n);
		}
		if (page) {
			frame_page_put(page);
		}
		done += n - left;
		if (write && n > left) {
			mutex_lock(&in->lock);
			in->size = max(in->size, off + done);
			in->mtime = in->ctime = now_ns();
			mutex_unlock(&in->lock);
		}
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	return done ? (long)done : err;
}

static long tmpfs_read(struct inode *in, uint64_t off, void *buf, size_t len)
{
	return transfer(in, off, buf, frame_uptr(0), len, false);
}

static long tmpfs_write(struct inode *in, uint64_t off, const void *buf,
			size_t len)
{
	if (off + len < off || off + len > FILE_MAX) {
		return -EFBIG;
	}
	return transfer(in, off, (void *)buf, frame_uptr(0), len, true);
}

static int tmpfs_truncate(struct inode *in, uint64_t size)
{
	if (size > FILE_MAX) {
		return -EFBIG;
	}
	mutex_lock(&in->lock);
	if (size < in->size) {
		drop_pages(in, size);
	}
	in->size = size;		/* growth is a hole: reads see zeros */
	in->mtime = in->ctime = now_ns();
	mutex_unlock(&in->lock);
	return 0;
}

static int tmpfs_get_page(struct inode *in, uint64_t index,
			  struct frame_page **out)
{
	int err;

	mutex_lock(&in->lock);
	err = page_at(in, index, true, out);
	mutex_unlock(&in->lock);
	return err;
}

static long file_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->path.inode;
	long n = transfer(in, f->pos, NULL, buf, len, false);

	if (n > 0) {
		f->pos += (uint64_t)n;
		in->atime = now_ns();
	}
	return n;
}

static long file_write(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->path.inode;
	long n;

	if (f->flags & O_APPEND) {
		f->pos = in->size;
	}
	if (f->pos + len < f->pos || f->pos + len > FILE_MAX) {
		return -EFBIG;
	}
	n = transfer(in, f->pos, NULL, buf, len, true);
	if (n > 0) {
		f->pos += (uint64_t)n;
	}
	return n;
}

static const struct file_ops tmpfs_file_ops = {
	.read = file_read,
	.write = file_write,
	.lseek = vfs_generic_lseek,
};

static int tmpfs_open(struct inode *in, struct file *f)
{
	if (S_ISREG(in->mode)) {
		f->ops = &tmpfs_file_ops;
		return 0;
	}
	if (S_ISDIR(in->mode)) {
		return 0;		/* the VFS's directory operations */
	}
	return -ENXIO;			/* FIFOs and sockets: not yet */
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.iterate = tmpfs_iterate,
	.create = tmpfs_create,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.truncate = tmpfs_truncate,
	.get_page = tmpfs_get_page,
	.open = tmpfs_open,
	.evict = tmpfs_evict,
};

/* Drop a directory's entries, and theirs: the file system is going. */
static void drop_tree(struct inode *dir)
{
	struct tmpfs_dirent *d, *tmp;

	list_for_each_entry_safe(d, tmp, &node_of(dir)->entries, node) {
		if (S_ISDIR(d->inode->mode)) {
			drop_tree(d->inode);
		}
		remove_entry(dir, d, true);
	}
}

static void tmpfs_statfs(struct super_block *sb, struct statfs *st)
{
	struct tmpfs_info *info = sb->priv;
	uint64_t used = (__atomic_load_n(&info->used, __ATOMIC_RELAXED) +
			 4095) / 4096;
	uint64_t total = info->max_bytes ? info->max_bytes / 4096 :
			 page_alloc_total_pages();

	st->f_blocks = (long)total;
	st->f_bfree = st->f_bavail = (long)(total > used ? total - used : 0);
	st->f_files = (long)page_alloc_total_pages();
	st->f_ffree = st->f_files;
}

static void tmpfs_destroy(struct super_block *sb)
{
	drop_tree(sb->root);
}

static void tmpfs_free(struct super_block *sb)
{
	kfree(sb->priv);
}

/* The options that differ from the defaults, as Linux's shmem shows them. */
static void tmpfs_show_options(struct super_block *sb, char *buf, size_t size)
{
	struct tmpfs_info *info = sb->priv;
	size_t n = 0;

	if (info->max_bytes) {
		n += (size_t)snprintf(buf + n, size - n, ",size=%luk",
				      (unsigned long)(info->max_bytes >> 10));
	}
	if (info->mode != 01777 && n < size) {
		n += (size_t)snprintf(buf + n, size - n, ",mode=%03o",
				      info->mode);
	}
	if (info->uid && n < size) {
		n += (size_t)snprintf(buf + n, size - n, ",uid=%u", info->uid);
	}
	if (info->gid && n < size) {
		snprintf(buf + n, size - n, ",gid=%u", info->gid);
	}
}

static const struct super_ops tmpfs_sops = {
	.statfs = tmpfs_statfs,
	.show_options = tmpfs_show_options,
	.destroy = tmpfs_destroy,
	.free = tmpfs_free,
};

/* A number with an optional k, m, g suffix, or a % of memory. */
static int parse_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > UINT64_MAX / 10) {
			return -EINVAL;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0 || i + 1 < len) {
		return -EINVAL;
	}
	if (i < len) {
		switch (s[i] | 0x20) {
		case 'k': v <<= 10; break;
		case 'm': v <<= 20; break;
		case 'g': v <<= 30; break;
		case '%':
			v = page_alloc_total_pages() * 4096 / 100 * v;
			break;
		default:
			return -EINVAL;
		}
	}
	*out = ALIGN_UP(v, (uint64_t)4096);
	return 0;
}

static int parse_number(const char *s, size_t len, unsigned int base,
			uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0) {
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned int digit = (unsigned int)(s[i] - '0');

		if (digit >= base || v > UINT32_MAX) {
			return -EINVAL;
		}
		v = v * base + digit;
	}
	if (v > UINT32_MAX) {
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

/* tmpfs options: size=, mode=, uid=, gid=, nr_inodes= (ignored). */
static int parse_options(const char *data, struct tmpfs_info *info,
			 struct inode *root)
{
	while (data && *data) {
		const char *end = data, *eq;
		size_t klen, vlen;
		uint32_t v;
		int err;

		while (*end && *end != ',') {
			end++;
		}
		for (eq = data; eq < end && *eq != '='; eq++) {
		}
		klen = (size_t)(eq - data);
		vlen = eq < end ? (size_t)(end - eq - 1) : 0;
		if (eq == end) {
			err = -EINVAL;
		} else if (klen == 4 && memcmp(data, "size", 4) == 0) {
			err = parse_size(eq + 1, vlen, &info->max_bytes);
		} else if (klen == 4 && memcmp(data, "mode", 4) == 0) {
			err = parse_number(eq + 1, vlen, 8, &v);
			if (!err) {
				root->mode = S_IFDIR | (v & 07777);
			}
		} else if (klen == 3 && memcmp(data, "uid", 3) == 0) {
			err = parse_number(eq + 1, vlen, 10, &root->uid);
		} else if (klen == 3 && memcmp(data, "gid", 3) == 0) {
			err = parse_number(eq + 1, vlen, 10, &root->gid);
		} else if (klen == 9 && memcmp(data, "nr_inodes", 9) == 0) {
			err = parse_size(eq + 1, vlen, &(uint64_t){ 0 });
		} else {
			err = -EINVAL;
		}
		if (err) {
			return err;
		}
		data = *end ? end + 1 : end;
	}
	return 0;
}

static int mount_memfs(const struct fs_type *type, unsigned long magic,
		       uint64_t max_bytes, const char *data,
		       struct super_block **out)
{
	struct super_block *sb = super_alloc(type, &tmpfs_sops, magic);
	struct tmpfs_info *info = kzalloc(sizeof(*info));
	int err;

	if (!sb || !info) {
		kfree(info);
		kfree(sb);
		return -ENOMEM;
	}
	sb->priv = info;
	info->max_bytes = max_bytes;
	sb->root = node_new(sb, S_IFDIR | 01777, 0, 0);
	err = sb->root ? parse_options(data, info, sb->root) : -ENOMEM;
	if (!err) {
		info->mode = sb->root->mode & 07777;
		info->uid = sb->root->uid;
		info->gid = sb->root->gid;
	}
	if (err) {
		if (sb->root) {
			inode_put(sb->root);
		}
		super_put(sb);		/* and the info with it */
		return err;
	}
	*out = sb;
	return 0;
}

static int tmpfs_mount(const struct fs_type *type, const char *source,
		       const char *data, struct super_block **out)
{
	/* Half of memory by default, as Linux sizes a tmpfs. */
	return mount_memfs(type, TMPFS_MAGIC,
			   page_alloc_total_pages() * 4096 / 2, data, out);
}

static int ramfs_mount(const struct fs_type *type, const char *source,
		       const char *data, struct super_block **out)
{
	int err = mount_memfs(type, RAMFS_MAGIC, 0, NULL, out);

	if (!err) {
		(*out)->root->mode = S_IFDIR | 0755;
	}
	return err;
}

const struct fs_type tmpfs_type = {
	.name = "tmpfs", .flags = FS_NODEV, .mount = tmpfs_mount,
};

const struct fs_type ramfs_type = {
	.name = "ramfs", .flags = FS_NODEV, .mount = ramfs_mount,
};

/* The device nodes, as Linux's devtmpfs has them, and pts for devpts. */
static const struct {
	const char *name;
	uint32_t mode, rdev;
} dev_nodes[] = {
	{ "null", S_IFCHR | 0666, 1 << 8 | 3 },
	{ "zero", S_IFCHR | 0666, 1 << 8 | 5 },
	{ "full", S_IFCHR | 0666, 1 << 8 | 7 },
	{ "random", S_IFCHR | 0666, 1 << 8 | 8 },
	{ "urandom", S_IFCHR | 0666, 1 << 8 | 9 },
	{ "tty", S_IFCHR | 0666, 5 << 8 | 0 },
	{ "ttyS0", S_IFCHR | 0620, 4 << 8 | 64 },
	{ "ptmx", S_IFCHR | 0666, 5 << 8 | 2 },
	{ "console", S_IFCHR | 0600, 5 << 8 | 1 },
	{ "pts", S_IFDIR | 0755, 0 },
};

static struct super_block *devtmpfs_sb;
static struct mutex devtmpfs_lock = MUTEX_INIT(devtmpfs_lock);

static int devtmpfs_mount(const struct fs_type *type, const char *source,
			  const char *data, struct super_block **out)
{
	struct inode *root, *in;
	int err = 0;

	mutex_lock(&devtmpfs_lock);
	if (!devtmpfs_sb) {
		err = mount_memfs(type, TMPFS_MAGIC, 0, "mode=755",
				  &devtmpfs_sb);
	}
	if (!err && devtmpfs_sb->active == 0) {
		/* Made once and kept: every mount shows the same nodes. */
		__atomic_add_fetch(&devtmpfs_sb->active, 1, __ATOMIC_RELAXED);
		root = devtmpfs_sb->root;
		mutex_lock(&root->lock);
		for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
			err = tmpfs_create(root, dev_nodes[i].name,
					   strlen(dev_nodes[i].name),
					   dev_nodes[i].mode, dev_nodes[i].rdev,
					   NULL, 0, 0, &in);
			if (err) {
				break;
			}
			inode_put(in);
		}
		mutex_unlock(&root->lock);
	}
	mutex_unlock(&devtmpfs_lock);
	if (!err) {
		*out = devtmpfs_sb;
	}
	return err;
}

const struct fs_type devtmpfs_type = {
	.name = "devtmpfs", .flags = FS_NODEV, .mount = devtmpfs_mount,
};
