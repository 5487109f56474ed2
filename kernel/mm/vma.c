/*
 * User address spaces (kernel/mm.h): a sorted list of regions over the
 * frame's page tables. Nothing is mapped until it is touched; a private
 * page stays shared after fork, read-only in both spaces, until one of
 * them writes to it and gets its own copy (or, if it is the last one
 * mapping it, just gets write access back).
 *
 * Known shortcoming: fork and unmapping visit every page of a region one
 * lookup at a time; a frame call that visits only the mapped pages would
 * make fork of a sparse space cheaper.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <frame/page.h>

#include <fs/vfs.h>
#include <kernel/file.h>
#include <kernel/log.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PAGE FRAME_PAGE_SIZE
#define MMAP_FLOOR 0x10000000UL		/* mmap never goes below this */

static uintptr_t page_down(uintptr_t v)
{
	return v & ~(PAGE - 1);
}

static uintptr_t page_up(uintptr_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm) {
		return NULL;
	}
	mm->vm = frame_vm_create();
	if (!mm->vm) {
		kfree(mm);
		return NULL;
	}
	mm->users = 1;
	mutex_init(&mm->lock);
	list_init(&mm->vmas);
	mm->mmap_top = frame_vm_user_end() / 2;
	frame_vm_set_owner(mm->vm, mm);
	return mm;
}

/* The frame's page-fault upcall: user copies that fault come here. */
static int fault_upcall(struct frame_vm *vm, uintptr_t addr,
			unsigned int access)
{
	struct mm *mm = frame_vm_owner(vm);

	return mm ? mm_fault(mm, addr, access) : -EFAULT;
}

void mm_init(void)
{
	frame_vm_set_fault_handler(fault_upcall);
}

static void vma_free(struct vma *v)
{
	if (v->file) {
		file_put(v->file);
	}
	kfree(v);
}

void mm_get(struct mm *mm)
{
	__atomic_add_fetch(&mm->users, 1, __ATOMIC_RELAXED);
}

void mm_put(struct mm *mm)
{
	struct vma *v, *tmp;

	if (__atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	list_for_each_entry_safe(v, tmp, &mm->vmas, node) {
		list_del(&v->node);
		vma_free(v);
	}
	frame_vm_destroy(mm->vm);
	kfree(mm);
}

/* The region containing addr, or NULL; mm->lock held. */
static struct vma *vma_find(struct mm *mm, uintptr_t addr)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node) {
		if (addr < v->end) {
			return addr >= v->start ? v : NULL;
		}
	}
	return NULL;
}

static struct vma *vma_new(uintptr_t start, uintptr_t end, unsigned int prot,
			   unsigned int flags)
{
	struct vma *v = kmalloc(sizeof(*v), 0);

	if (v) {
		*v = (struct vma){ .start = start, .end = end, .prot = prot,
				   .flags = flags };
		list_init(&v->node);
	}
	return v;
}

/* Insert v in address order; mm->lock held, no overlap. */
static void vma_insert(struct mm *mm, struct vma *v)
{
	struct vma *pos;

	list_for_each_entry(pos, &mm->vmas, node) {
		if (pos->start >= v->end) {
			break;
		}
	}
	list_add_tail(&v->node, &pos->node);
}

/* Split v at addr (inside it): v keeps [start, addr). */
static int vma_split(struct vma *v, uintptr_t addr)
{
	struct vma *tail = vma_new(addr, v->end, v->prot, v->flags);

	if (!tail) {
		return -ENOMEM;
	}
	if (v->file) {
		tail->file = v->file;
		file_get(tail->file);
		tail->off = v->off + (addr - v->start);
	}
	v->end = addr;
	list_add(&tail->node, &v->node);
	return 0;
}

/* Make region boundaries fall on start and end; mm->lock held. */
static int split_at(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v;
	int err = 0;

	list_for_each_entry(v, &mm->vmas, node) {
		if (v->start < start && start < v->end) {
			err = vma_split(v, start);
		} else if (v->start < end && end < v->end) {
			err = vma_split(v, end);
		}
		if (err) {
			return err;
		}
	}
	return 0;
}

/* Remove everything in [start, end); mm->lock held. */
static int unmap_locked(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v, *tmp;
	int err = split_at(mm, start, end);

	if (err) {
		return err;
	}
	list_for_each_entry_safe(v, tmp, &mm->vmas, node) {
		if (v->start >= start && v->end <= end) {
			list_del(&v->node);
			vma_free(v);
		}
	}
	frame_vm_unmap(mm->vm, start, end - start);
	return 0;
}

/* The highest free range of len bytes below mm->mmap_top, or 0. */
static uintptr_t find_free(struct mm *mm, size_t len)
{
	uintptr_t hi = mm->mmap_top;
	struct vma *v;

	for (v = list_entry(mm->vmas.prev, struct vma, node);
	     &v->node != &mm->vmas;
	     v = list_entry(v->node.prev, struct vma, node)) {
		if (v->start >= hi) {
			continue;
		}
		if (v->end <= hi && hi - v->end >= len) {
			break;
		}
		hi = v->start;
	}
	return hi - MMAP_FLOOR >= len && hi > MMAP_FLOOR ? hi - len : 0;
}

static bool range_ok(uintptr_t addr, size_t len)
{
	return !(addr & (PAGE - 1)) && len > 0 && addr >= FRAME_USER_START &&
	       addr < frame_vm_user_end() &&
	       len <= frame_vm_user_end() - addr;
}

int mm_map(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
	   unsigned int flags, bool fixed, uintptr_t *out)
{
	return mm_map_file(mm, addr, len, prot, flags, fixed, NULL, 0, out);
}

int mm_map_file(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		unsigned int flags, bool fixed, struct file *file,
		uint64_t off, uintptr_t *out)
{
	struct vma *v;
	int err = 0;

	len = page_up(len);
	if (len == 0 || (fixed && !range_ok(addr, len))) {
		return -EINVAL;
	}
	v = vma_new(0, 0, prot, flags);
	if (!v) {
		return -ENOMEM;
	}
	mutex_lock(&mm->lock);
	if (fixed) {
		err = unmap_locked(mm, addr, addr + len);
	} else if (!(addr = find_free(mm, len))) {
		err = -ENOMEM;
	}
	if (!err) {
		v->start = addr;
		v->end = addr + len;
		if (file) {
			v->file = file;
			file_get(file);
			v->off = off;
		}
		vma_insert(mm, v);
		*out = addr;
	}
	mutex_unlock(&mm->lock);
	if (err) {
		kfree(v);
	}
	return err;
}

int mm_unmap(struct mm *mm, uintptr_t addr, size_t len)
{
	int err;

	len = page_up(len);
	if (!range_ok(addr, len)) {
		return -EINVAL;
	}
	mutex_lock(&mm->lock);
	err = unmap_locked(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	return err;
}

/* Is [start, end) covered by regions with no hole? mm->lock held. */
static bool fully_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node) {
		if (v->end <= start) {
			continue;
		}
		if (v->start > start) {
			return false;
		}
		start = v->end;
		if (start >= end) {
			return true;
		}
	}
	return false;
}

/*
 * The protection pages of v are mapped with: a private region's pages
 * lose write access until the fault handler sees they are not shared.
 */
static unsigned int page_prot(const struct vma *v)
{
	return v->flags & VMA_SHARED ? v->prot : v->prot & ~FRAME_PROT_WRITE;
}

int mm_protect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot)
{
	struct vma *v;
	int err;

	len = page_up(len);
	if (!range_ok(addr, len)) {
		return -EINVAL;
	}
	mutex_lock(&mm->lock);
	err = fully_mapped(mm, addr, addr + len) ? split_at(mm, addr,
							    addr + len) :
						   -ENOMEM;
	list_for_each_entry(v, &mm->vmas, node) {
		if (err || v->start < addr || v->end > addr + len) {
			continue;
		}
		v->prot = prot;
		/* PROT_NONE pages stay mapped, out of user mode's reach. */
		frame_vm_protect(mm->vm, v->start, v->end - v->start,
				 prot ? page_prot(v) | FRAME_PROT_READ : 0);
	}
	mutex_unlock(&mm->lock);
	return err;
}

uintptr_t mm_brk(struct mm *mm, uintptr_t addr)
{
	uintptr_t old_end, new_end, result;
	struct vma *heap;

	mutex_lock(&mm->lock);
	result = mm->brk;
	if (addr < mm->brk_start) {
		goto out;
	}
	old_end = page_up(mm->brk);
	new_end = page_up(addr);
	heap = old_end > mm->brk_start ? vma_find(mm, old_end - 1) : NULL;
	if (new_end > old_end) {
		struct vma *next = NULL, *v;

		list_for_each_entry(v, &mm->vmas, node) {
			if (v->end > old_end) {
				next = v;
				break;
			}
		}
		if (new_end > frame_vm_user_end() ||
		    (next && next->start < new_end)) {
			goto out;		/* would run into a region */
		}
		if (heap) {
			heap->end = new_end;
		} else if ((heap = vma_new(old_end, new_end, FRAME_PROT_READ |
					   FRAME_PROT_WRITE, 0))) {
			vma_insert(mm, heap);
		} else {
			goto out;
		}
	} else if (new_end < old_end && unmap_locked(mm, new_end, old_end)) {
		goto out;
	}
	mm->brk = result = addr;
out:
	mutex_unlock(&mm->lock);
	return result;
}

/* Give the faulting private page its own copy; mm->lock held. */
static int copy_on_write(struct mm *mm, struct vma *v, uintptr_t va,
			 struct frame_page *old)
{
	struct frame_page *page;

	if (frame_page_mapcount(old) == 1) {
		/* Nobody else maps it any more: it is ours to write. */
		frame_vm_protect(mm->vm, va, PAGE, v->prot);
		return 0;
	}
	page = frame_page_alloc(0, 0);
	if (!page) {
		return -ENOMEM;
	}
	memcpy(frame_page_data(page), frame_page_data(old), PAGE);
	frame_vm_unmap(mm->vm, va, PAGE);
	frame_vm_map(mm->vm, va, page, v->prot);
	frame_page_put(page);
	return 0;
}

/*
 * The first touch of a file-backed page: a shared region maps the file's
 * page itself, a private one a copy. Past the end of the file: -EIO.
 */
static int file_fault(struct mm *mm, struct vma *v, uintptr_t va)
{
	struct inode *in = v->file->path.inode;
	uint64_t off = v->off + (va - v->start);
	struct frame_page *page, *copy;
	int err;

	if (off >= ALIGN_UP(in->size, (uint64_t)PAGE) || !in->ops->get_page) {
		return -EIO;
	}
	err = in->ops->get_page(in, off / PAGE, &page);
	if (err) {
		return err == -ENOMEM ? -ENOMEM : -EIO;
	}
	if (!(v->flags & VMA_SHARED)) {
		copy = frame_page_alloc(0, 0);
		if (!copy) {
			frame_page_put(page);
			return -ENOMEM;
		}
		memcpy(frame_page_data(copy), frame_page_data(page), PAGE);
		frame_page_put(page);
		page = copy;
	}
	err = frame_vm_map(mm->vm, va, page, v->prot);
	frame_page_put(page);
	return err;
}

int mm_fault(struct mm *mm, uintptr_t addr, unsigned int access)
{
	uintptr_t va = page_down(addr);
	struct frame_page *page;
	unsigned int cur;
	struct vma *v;
	int err = 0;

	mutex_lock(&mm->lock);
	v = vma_find(mm, addr);
	if (!v) {
		err = -EFAULT;
	} else if (!v->prot || ((access & FRAME_ACCESS_WRITE) &&
				!(v->prot & FRAME_PROT_WRITE)) ||
		   ((access & FRAME_ACCESS_EXEC) &&
		    !(v->prot & FRAME_PROT_EXEC))) {
		err = -EACCES;
	} else if (frame_vm_query(mm->vm, va, &page, &cur) == 0) {
		if ((access & FRAME_ACCESS_WRITE) && !(cur & FRAME_PROT_WRITE)) {
			err = copy_on_write(mm, v, va, page);
		}
		frame_page_put(page);
	} else if (v->file) {
		err = file_fault(mm, v, va);
	} else if (!(page = frame_page_alloc(0, FRAME_PAGE_ZERO))) {
		err = -ENOMEM;
	} else {
		/* A fresh page belongs to this space alone: full access. */
		err = frame_vm_map(mm->vm, va, page, v->prot);
		frame_page_put(page);
	}
	mutex_unlock(&mm->lock);
	return err;
}

/*
 * Map the child's copy of one parent page; both lose write if private. A
 * shared page not yet touched is made now, so that both map the same one.
 */
static int fork_page(struct mm *parent, struct mm *child, struct vma *v,
		     uintptr_t va)
{
	struct frame_page *page;
	unsigned int prot;
	int err;

	if (frame_vm_query(parent->vm, va, &page, &prot) != 0) {
		if (!(v->flags & VMA_SHARED) || v->file) {
			return 0;	/* faulted in later, from the file too */
		}
		page = frame_page_alloc(0, FRAME_PAGE_ZERO);
		if (!page) {
			return -ENOMEM;
		}
		prot = v->prot;
		err = frame_vm_map(parent->vm, va, page, prot);
		if (err) {
			frame_page_put(page);
			return err;
		}
	}
	prot &= FRAME_PROT_READ | FRAME_PROT_WRITE | FRAME_PROT_EXEC;
	if (!(v->flags & VMA_SHARED) && (prot & FRAME_PROT_WRITE)) {
		prot &= ~FRAME_PROT_WRITE;
		frame_vm_protect(parent->vm, va, PAGE, prot);
	}
	err = frame_vm_map(child->vm, va, page, prot);
	frame_page_put(page);
	return err;
}

struct mm *mm_fork(struct mm *mm)
{
	struct mm *child = mm_create();
	struct vma *v;
	int err = 0;

	if (!child) {
		return NULL;
	}
	mutex_lock(&mm->lock);
	child->brk_start = mm->brk_start;
	child->brk = mm->brk;
	child->mmap_top = mm->mmap_top;
	child->stack_start = mm->stack_start;
	child->stack_end = mm->stack_end;
	child->arg_start = mm->arg_start;
	child->arg_end = mm->arg_end;
	child->env_start = mm->env_start;
	child->env_end = mm->env_end;
	list_for_each_entry(v, &mm->vmas, node) {
		struct vma *copy = vma_new(v->start, v->end, v->prot, v->flags);

		if (!copy) {
			err = -ENOMEM;
			break;
		}
		if (v->file) {
			copy->file = v->file;
			file_get(copy->file);
			copy->off = v->off;
		}
		list_add_tail(&copy->node, &child->vmas);
		for (uintptr_t va = v->start; va < v->end && !err; va += PAGE) {
			err = fork_page(mm, child, v, va);
		}
		if (err) {
			break;
		}
	}
	mutex_unlock(&mm->lock);
	if (err) {
		mm_put(child);
		return NULL;
	}
	return child;
}

size_t mm_read(struct mm *mm, uintptr_t addr, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		uintptr_t va = addr + done;
		size_t n = min(len - done, PAGE - (va & (PAGE - 1)));
		struct frame_page *page;

		if (va < addr || frame_vm_query(mm->vm, va, &page, NULL)) {
			break;
		}
		memcpy((char *)buf + done,
		       (char *)frame_page_data(page) + (va & (PAGE - 1)), n);
		frame_page_put(page);
		done += n;
	}
	return done;
}

size_t mm_resident_pages(struct mm *mm)
{
	struct vma *v;
	size_t n = 0;

	mutex_lock(&mm->lock);
	list_for_each_entry(v, &mm->vmas, node) {
		for (uintptr_t va = v->start; va < v->end; va += PAGE) {
			n += frame_vm_query(mm->vm, va, NULL, NULL) == 0;
		}
	}
	mutex_unlock(&mm->lock);
	return n;
}

size_t mm_total_bytes(struct mm *mm)
{
	struct vma *v;
	size_t n = 0;

	mutex_lock(&mm->lock);
	list_for_each_entry(v, &mm->vmas, node) {
		n += v->end - v->start;
	}
	mutex_unlock(&mm->lock);
	return n;
}

/* Does no region overlap [start, end)? mm->lock held. */
static bool range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v;

	list_for_each_entry(v, &mm->vmas, node) {
		if (v->start < end && start < v->end) {
			return false;
		}
	}
	return true;
}

/* Move the region [old, old + len) to dest (free); mm->lock held. */
static int move_region(struct mm *mm, uintptr_t old, size_t old_len,
		       uintptr_t dest, size_t new_len)
{
	struct vma *v, *moved;
	int err = split_at(mm, old, old + old_len);

	if (err) {
		return err;
	}
	v = vma_find(mm, old);
	moved = vma_new(dest, dest + new_len, v->prot, v->flags);
	if (!moved) {
		return -ENOMEM;
	}
	if (v->file) {
		moved->file = v->file;
		file_get(moved->file);
		moved->off = v->off;
	}
	/* The pages go along, with the protection they have now. */
	for (uintptr_t off = 0; off < min(old_len, new_len); off += PAGE) {
		struct frame_page *page;
		unsigned int prot;

		if (frame_vm_query(mm->vm, old + off, &page, &prot) == 0) {
			err = frame_vm_map(mm->vm, dest + off, page,
					   prot & (FRAME_PROT_READ |
						   FRAME_PROT_WRITE |
						   FRAME_PROT_EXEC));
			frame_page_put(page);
			if (err) {
				frame_vm_unmap(mm->vm, dest, new_len);
				vma_free(moved);
				return err;
			}
		}
	}
	unmap_locked(mm, old, old + old_len);
	vma_insert(mm, moved);
	return 0;
}

int mm_remap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
	     unsigned int flags, uintptr_t new_addr, uintptr_t *out)
{
	bool may_move = flags & MM_REMAP_MAYMOVE, fixed = flags & MM_REMAP_FIXED;
	uintptr_t dest;
	struct vma *v;
	int err = 0;

	old_len = page_up(old_len);
	new_len = page_up(new_len);
	if ((old & (PAGE - 1)) || !new_len || !old_len ||
	    (fixed && (!may_move || !range_ok(new_addr, new_len) ||
		       (new_addr < old + old_len && old < new_addr + new_len)))) {
		return -EINVAL;
	}
	mutex_lock(&mm->lock);
	v = vma_find(mm, old);
	if (!v || old_len > v->end - old) {
		err = -EFAULT;
	} else if (!fixed && new_len <= old_len) {
		err = unmap_locked(mm, old + new_len, old + old_len);
		dest = old;
	} else if (!fixed && old + old_len == v->end &&
		   range_ok(old, new_len) &&
		   range_free(mm, v->end, old + new_len)) {
		v->end = old + new_len;		/* grows in place */
		dest = old;
	} else if (!may_move) {
		err = -ENOMEM;
	} else {
		dest = fixed ? new_addr : find_free(mm, new_len);
		if (!dest) {
			err = -ENOMEM;
		} else if (fixed) {
			err = unmap_locked(mm, dest, dest + new_len);
		}
		if (!err) {
			err = move_region(mm, old, old_len, dest, new_len);
		}
	}
	mutex_unlock(&mm->lock);
	if (!err) {
		*out = dest;
	}
	return err;
}

bool mm_is_mapped(struct mm *mm, uintptr_t addr, size_t len)
{
	bool ok;

	if (len == 0) {
		return true;
	}
	if (addr + len < addr) {
		return false;
	}
	mutex_lock(&mm->lock);
	ok = fully_mapped(mm, addr, page_up(addr + len));
	mutex_unlock(&mm->lock);
	return ok;
}
