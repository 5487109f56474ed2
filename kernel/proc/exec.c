/*
 * Loading a static ELF executable (ET_EXEC, or ET_DYN for static PIE)
 * into a fresh address space and building the System V initial stack:
 * argc, argv, envp and the auxiliary vector. The image is untrusted:
 * every header and range is checked before anything is mapped.
 */
#define pr_fmt(fmt) "exec: " fmt

#include <asm/auxvec.h>
#include <linux/auxvec.h>
#include <linux/elf.h>

#include <frame/cpu.h>
#include <frame/page.h>
#include <frame/uaccess.h>

#include <kernel/log.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PAGE FRAME_PAGE_SIZE
#define PIE_BASE 0x10000000UL
#define STACK_SIZE (8UL << 20)
#define STACK_GAP (16UL << 20)		/* below the top of user space */
#define ARG_MAX_BYTES (128 * 1024)

/*
 * The image is read through the file system: the headers are copied out,
 * and the copies are what gets checked.
 */
struct image {
	struct file *f;
	struct inode *file;
	size_t size;
	Elf64_Ehdr ehdr;
	const Elf64_Ehdr *eh;		/* &ehdr */
	Elf64_Phdr *ph;			/* kmalloc'd copy */
	uintptr_t bias;
};

static uintptr_t page_down(uintptr_t v)
{
	return v & ~(PAGE - 1);
}

static int check_headers(struct image *im)
{
	const Elf64_Ehdr *eh = &im->ehdr;

	if (im->size < sizeof(*eh) ||
	    vfs_read_kernel(im->file, 0, &im->ehdr, sizeof(im->ehdr)) !=
	    sizeof(im->ehdr)) {
		return -ENOEXEC;
	}
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)) {
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phoff > im->size ||
	    (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > im->size - eh->e_phoff) {
		return -ENOEXEC;
	}
	im->eh = eh;
	im->ph = kmalloc((size_t)eh->e_phnum * sizeof(Elf64_Phdr), 0);
	if (!im->ph) {
		return -ENOMEM;
	}
	if (vfs_read_kernel(im->file, eh->e_phoff, im->ph,
			    (size_t)eh->e_phnum * sizeof(Elf64_Phdr)) !=
	    (long)((size_t)eh->e_phnum * sizeof(Elf64_Phdr))) {
		return -EIO;
	}
	im->bias = eh->e_type == ET_DYN ? PIE_BASE : 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &im->ph[i];
		uintptr_t end = im->bias + ph->p_vaddr + ph->p_memsz;

		if (ph->p_type == PT_INTERP) {
			return -ENOEXEC;	/* dynamic linking: not yet */
		}
		if (ph->p_type != PT_LOAD) {
			continue;
		}
		if (ph->p_offset > im->size ||
		    ph->p_filesz > im->size - ph->p_offset ||
		    ph->p_filesz > ph->p_memsz ||
		    end < im->bias + ph->p_vaddr ||
		    im->bias + ph->p_vaddr < FRAME_USER_START ||
		    end > frame_vm_user_end() - STACK_GAP) {
			return -ENOEXEC;
		}
	}
	return 0;
}

static unsigned int segment_prot(const Elf64_Phdr *ph)
{
	return FRAME_PROT_READ | (ph->p_flags & PF_W ? FRAME_PROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? FRAME_PROT_EXEC : 0);
}

/* The page at va, mapped with at least prot; a new zeroed one if none. */
static struct frame_page *segment_page(struct frame_vm *vm, uintptr_t va,
				       unsigned int prot)
{
	struct frame_page *page;
	unsigned int old;

	if (frame_vm_query(vm, va, &page, &old) == 0) {
		/* Two segments share this page: it gets both protections. */
		old &= FRAME_PROT_READ | FRAME_PROT_WRITE | FRAME_PROT_EXEC;
		frame_vm_protect(vm, va, PAGE, old | prot);
		return page;
	}
	page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	if (page && frame_vm_map(vm, va, page, prot) != 0) {
		frame_page_put(page);
		return NULL;
	}
	return page;
}

/*
 * A segment becomes a region, its pages filled from the file now (there
 * is no page cache to fault them in from yet). A page shared with the
 * previous segment stays in that one's region, with both protections.
 */
static int load_segment(struct mm *mm, const struct image *im,
			const Elf64_Phdr *ph, uintptr_t *covered)
{
	struct frame_vm *vm = mm->vm;
	uintptr_t start = im->bias + ph->p_vaddr;
	uintptr_t file_end = start + ph->p_filesz;
	uintptr_t lo = max(page_down(start), *covered);
	uintptr_t hi = page_down(start + ph->p_memsz + PAGE - 1);
	uintptr_t at;
	int err;

	if (lo < hi) {
		int64_t off = (int64_t)ph->p_offset + (int64_t)(lo - start);

		err = mm_map_file(mm, lo, hi - lo, segment_prot(ph), 0, true,
				  im->f, off > 0 ? (uint64_t)off : 0, &at);
		if (err) {
			return err;
		}
		*covered = hi;
	}
	for (uintptr_t va = page_down(start); va < start + ph->p_memsz;
	     va += PAGE) {
		struct frame_page *page = segment_page(vm, va, segment_prot(ph));
		uintptr_t from = max(va, start), to = min(va + PAGE, file_end);

		if (!page) {
			return -ENOMEM;
		}
		if (from < to &&
		    vfs_read_kernel(im->file, ph->p_offset + (from - start),
				    (char *)frame_page_data(page) + (from - va),
				    to - from) != (long)(to - from)) {
			frame_page_put(page);
			return -EIO;
		}
		frame_page_put(page);
	}
	return 0;
}

/* Where the program headers are in the loaded image. */
static uintptr_t phdr_address(const struct image *im)
{
	for (unsigned int i = 0; i < im->eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &im->ph[i];

		if (ph->p_type == PT_PHDR) {
			return im->bias + ph->p_vaddr;
		}
		if (ph->p_type == PT_LOAD && ph->p_offset <= im->eh->e_phoff &&
		    im->eh->e_phoff < ph->p_offset + ph->p_filesz) {
			return im->bias + ph->p_vaddr +
			       (im->eh->e_phoff - ph->p_offset);
		}
	}
	return 0;
}

static size_t count_strings(const char *const *v)
{
	size_t n = 0;

	while (v[n]) {
		n++;
	}
	return n;
}

/* Copy the strings of v to user memory below *at; store their addresses. */
static int put_strings(const char *const *v, uintptr_t *at, uint64_t *addrs)
{
	uintptr_t pos;
	size_t total = 0;

	/* In order upwards from *at, as /proc/<pid>/cmdline reads them. */
	for (size_t i = 0; v[i]; i++) {
		total += strlen(v[i]) + 1;
	}
	*at -= total;
	pos = *at;
	for (size_t i = 0; v[i]; i++) {
		size_t len = strlen(v[i]) + 1;

		if (frame_copy_to_user(frame_uptr(pos), v[i], len)) {
			return -EFAULT;
		}
		addrs[i] = pos;
		pos += len;
	}
	return 0;
}

#define AUXV_WORDS 32

/*
 * The initial stack, from the top: the strings (execfn, envp, argv), 16
 * random bytes, then (16-byte aligned) argc, argv, NULL, envp, NULL, auxv.
 * It is written with user copies: its pages arrive by demand paging.
 */
static int build_stack(struct mm *mm, const struct image *im,
		       const struct cred *cred, const char *path,
		       const char *const *argv,
		       const char *const *envp, uintptr_t *sp_out)
{
	uintptr_t top = page_down(frame_vm_user_end() - STACK_GAP), at;
	size_t argc = count_strings(argv), envc = count_strings(envp);
	size_t nvec = 1 + argc + 1 + envc + 1 + AUXV_WORDS;
	uint64_t *vec;
	unsigned char rnd[16];
	struct frame_cpu_info info;
	uintptr_t path_at, rnd_at, sp;
	unsigned int n;
	int err;

	err = mm_map(mm, top - STACK_SIZE, STACK_SIZE,
		     FRAME_PROT_READ | FRAME_PROT_WRITE, 0, true, &at);
	if (err) {
		return err;
	}
	mm->mmap_top = top - STACK_SIZE - PAGE;
	mm->stack_start = top - STACK_SIZE;
	mm->stack_end = top;
	vec = kzalloc(nvec * sizeof(*vec));
	if (!vec) {
		return -ENOMEM;
	}
	at = top - 16;
	path_at = at - (strlen(path) + 1);
	at = path_at;
	err = frame_copy_to_user(frame_uptr(at), path, strlen(path) + 1) ?
	      -EFAULT : 0;
	mm->env_end = at;
	if (!err) {
		err = put_strings(envp, &at, vec + 1 + argc + 1);
	}
	mm->env_start = mm->arg_end = at;
	if (!err) {
		err = put_strings(argv, &at, vec + 1);
	}
	mm->arg_start = at;
	if (err) {
		kfree(vec);
		return err;
	}
	rnd_at = (at - 16) & ~15UL;
	random_bytes(rnd, sizeof(rnd));
	frame_cpu_info(&info);

	vec[0] = argc;
	n = (unsigned int)(1 + argc + 1 + envc + 1);
#define AUX(type, value) (vec[n++] = (type), vec[n++] = (value))
	AUX(AT_PHDR, phdr_address(im));
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, im->eh->e_phnum);
	AUX(AT_PAGESZ, PAGE);
	AUX(AT_ENTRY, im->bias + im->eh->e_entry);
	AUX(AT_UID, cred->uid);
	AUX(AT_EUID, cred->euid);
	AUX(AT_GID, cred->gid);
	AUX(AT_EGID, cred->egid);
	AUX(AT_SECURE, cred->uid != cred->euid || cred->gid != cred->egid);
	AUX(AT_HWCAP, info.hwcap);
	AUX(AT_RANDOM, rnd_at);
	AUX(AT_EXECFN, path_at);
	AUX(AT_NULL, 0);
#undef AUX
	sp = (rnd_at - n * sizeof(uint64_t)) & ~15UL;

	if (frame_copy_to_user(frame_uptr(rnd_at), rnd, sizeof(rnd)) ||
	    frame_copy_to_user(frame_uptr(sp), vec, n * sizeof(uint64_t))) {
		err = -EFAULT;
	}
	kfree(vec);
	*sp_out = sp;
	return err;
}

/* The size of the argument strings, or -E2BIG beyond ARG_MAX_BYTES. */
static int check_arg_size(const char *const *argv, const char *const *envp)
{
	size_t total = 0;

	for (size_t i = 0; argv[i]; i++) {
		total += strlen(argv[i]) + 1 + sizeof(uint64_t);
	}
	for (size_t i = 0; envp[i]; i++) {
		total += strlen(envp[i]) + 1 + sizeof(uint64_t);
	}
	return total > ARG_MAX_BYTES ? -E2BIG : 0;
}

int exec_load(struct mm *mm, struct file *file, const struct cred *cred,
	      const char *path, const char *const *argv,
	      const char *const *envp, struct frame_user_regs *regs)
{
	struct image im = { .f = file, .file = file->path.inode,
			    .size = file->path.inode->size };
	struct frame_vm *prev = task_current()->vm;
	uintptr_t sp = 0, covered = 0, brk = 0;
	int err;

	err = check_arg_size(argv, envp);
	if (!err) {
		err = check_headers(&im);
	}
	for (unsigned int i = 0; !err && i < im.eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &im.ph[i];

		if (ph->p_type == PT_LOAD) {
			err = load_segment(mm, &im, ph, &covered);
			brk = max(brk, im.bias + ph->p_vaddr + ph->p_memsz);
		}
	}
	if (!err) {
		mm->brk_start = mm->brk = (brk + PAGE - 1) & ~(PAGE - 1);
		/* The stack is written with user copies, in the new space. */
		task_set_vm(mm->vm);
		err = build_stack(mm, &im, cred, path, argv, envp, &sp);
		task_set_vm(prev);
	}
	kfree(im.ph);
	if (err) {
		return err;
	}
	*regs = (struct frame_user_regs){
		.rip = im.bias + im.eh->e_entry,
		.rsp = sp,
		.rflags = 0x202,		/* IF */
	};
	return 0;
}
