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

#include <frame/page.h>
#include <frame/uaccess.h>

#include <kernel/log.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PAGE FRAME_PAGE_SIZE
#define PIE_BASE 0x10000000UL
#define STACK_PAGES 32
#define STACK_GAP (16UL << 20)		/* below the top of user space */

/*
 * The image's headers are copied out: the file may sit anywhere (in a cpio
 * archive, at 4-byte alignment), and the copies are what gets checked.
 */
struct image {
	const unsigned char *data;
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

	if (im->size < sizeof(*eh)) {
		return -ENOEXEC;
	}
	memcpy(&im->ehdr, im->data, sizeof(im->ehdr));
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
	memcpy(im->ph, im->data + eh->e_phoff,
	       (size_t)eh->e_phnum * sizeof(Elf64_Phdr));
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

static int load_segment(struct frame_vm *vm, const struct image *im,
			const Elf64_Phdr *ph)
{
	uintptr_t start = im->bias + ph->p_vaddr;
	uintptr_t file_end = start + ph->p_filesz;

	for (uintptr_t va = page_down(start); va < start + ph->p_memsz;
	     va += PAGE) {
		struct frame_page *page = segment_page(vm, va, segment_prot(ph));
		uintptr_t lo = max(va, start), hi = min(va + PAGE, file_end);

		if (!page) {
			return -ENOMEM;
		}
		if (lo < hi) {
			memcpy((char *)frame_page_data(page) + (lo - va),
			       im->data + ph->p_offset + (lo - start), hi - lo);
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

/* Bytes of the stack image built below, with room for its strings. */
#define STACK_IMAGE 1024

/*
 * The initial stack, from the top: the path string, 16 random bytes, then
 * (16-byte aligned) argc, argv {path, NULL}, envp {NULL}, the auxv.
 */
static int build_stack(struct frame_vm *vm, const struct image *im,
		       const char *path, uintptr_t *sp_out)
{
	uintptr_t top = page_down(frame_vm_user_end() - STACK_GAP);
	size_t path_len = strlen(path) + 1;
	uint64_t vec[64];
	unsigned char rnd[16];
	uintptr_t path_at, rnd_at, sp;
	unsigned int n = 0;

	for (uintptr_t va = top - STACK_PAGES * PAGE; va < top; va += PAGE) {
		struct frame_page *page = frame_page_alloc(0, FRAME_PAGE_ZERO);
		int err = page ? frame_vm_map(vm, va, page, FRAME_PROT_READ |
					      FRAME_PROT_WRITE) : -ENOMEM;

		if (page) {
			frame_page_put(page);
		}
		if (err) {
			return err;
		}
	}
	if (path_len > STACK_IMAGE) {
		return -E2BIG;
	}
	path_at = top - 16 - path_len;
	rnd_at = (path_at - 16) & ~15UL;
	random_bytes(rnd, sizeof(rnd));

	vec[n++] = 1;				/* argc */
	vec[n++] = path_at;			/* argv */
	vec[n++] = 0;
	vec[n++] = 0;				/* envp */
#define AUX(type, value) (vec[n++] = (type), vec[n++] = (value))
	AUX(AT_PHDR, phdr_address(im));
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, im->eh->e_phnum);
	AUX(AT_PAGESZ, PAGE);
	AUX(AT_ENTRY, im->bias + im->eh->e_entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_HWCAP, 0);
	AUX(AT_RANDOM, rnd_at);
	AUX(AT_EXECFN, path_at);
	AUX(AT_NULL, 0);
#undef AUX
	sp = (rnd_at - n * sizeof(uint64_t)) & ~15UL;

	if (frame_copy_to_user(frame_uptr(path_at), path, path_len) ||
	    frame_copy_to_user(frame_uptr(rnd_at), rnd, sizeof(rnd)) ||
	    frame_copy_to_user(frame_uptr(sp), vec, n * sizeof(uint64_t))) {
		return -EFAULT;
	}
	*sp_out = sp;
	return 0;
}

int exec_load(struct frame_vm *vm, const void *data, size_t size,
	      const char *path, struct frame_user_regs *regs)
{
	struct image im = { .data = data, .size = size };
	struct frame_vm *prev = frame_vm_active();
	uintptr_t sp;
	int err;

	err = check_headers(&im);
	for (unsigned int i = 0; !err && i < im.eh->e_phnum; i++) {
		if (im.ph[i].p_type == PT_LOAD) {
			err = load_segment(vm, &im, &im.ph[i]);
		}
	}
	if (!err) {
		frame_vm_activate(vm);
		err = build_stack(vm, &im, path, &sp);
		frame_vm_activate(prev);
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
