/*
 * Private interface between the frame's shared code (frame/common) and each
 * frame implementation (frame-host/, frame/arch/...). Nothing above the
 * frame may include this header.
 */
#pragma once

#include <frame/boot.h>
#include <frame/page.h>
#include <frame/spinlock.h>

/* Per-page metadata; struct frame_page handles point into the array. */
enum fc_page_state {
	FC_PAGE_NONE = 0,	/* not RAM the kernel may have */
	FC_PAGE_FREE,		/* owned by the kernel's allocator policy */
	FC_PAGE_HEAD,		/* first page of an allocated run */
	FC_PAGE_TAIL,		/* later page of an allocated run */
};

struct frame_page {
	uint8_t state;
	uint8_t order;		/* HEAD: run order */
	uint32_t refcount;	/* HEAD: atomic */
	uint32_t mapcount;	/* HEAD: atomic, address-space mappings */
	uint32_t head_off;	/* TAIL: pages back to the head */
	void *priv;		/* HEAD: owner's word */
};

/* Provided by each frame implementation. */
void *fc_pfn_to_data(frame_pfn_t pfn);
bool fc_data_to_pfn(const void *ptr, frame_pfn_t *pfn);
void fc_san_page_free(const void *data, size_t len);
void fc_san_page_alloc(const void *data, size_t len);

/* page.c */
struct frame_page *fc_page_of_pfn(frame_pfn_t pfn);
void fc_page_map_inc(struct frame_page *page);
void fc_page_map_dec(struct frame_page *page);
void fc_page_init(struct frame_page *meta, frame_pfn_t npfn,
		  const struct frame_mem_range *ranges, size_t nranges);

/* Provided by each frame: port access for io.c (width 1, 2 or 4). */
uint32_t fc_port_read(uint16_t port, unsigned int width);
void fc_port_write(uint16_t port, unsigned int width, uint32_t val);

/* io.c: a memory-mapped region; each frame accesses it by its cookie. */
struct frame_io *fc_io_mmio_create(void *cookie, size_t len);
uint64_t fc_mmio_read(void *cookie, size_t off, unsigned int width);
void fc_mmio_write(void *cookie, size_t off, unsigned int width,
		   uint64_t val);

/*
 * pci.c, the shared half of PCI: the device table, BAR sizing, config
 * write protection and MSI. Each frame supplies configuration access by
 * bus/slot/function, the enumeration, the BAR mapping and MSI messages.
 */
#define FC_PCI_MAX_DEVICES 64
uint32_t fc_pci_cfg_read(uint32_t bdf, unsigned int off, unsigned int width);
void fc_pci_cfg_write(uint32_t bdf, unsigned int off, unsigned int width,
		      uint32_t val);
void fc_pci_enumerate(void);		/* calls fc_pci_add for each function */
void fc_pci_add(uint32_t bdf);
void *fc_pci_map_bar(uint32_t bdf, unsigned int bar, uint64_t base,
		     uint64_t size);	/* cookie for fc_mmio_* */
/* An MSI message for a new vector; false if none is free. */
bool fc_msi_alloc(unsigned int *vector, uint64_t *addr, uint32_t *data);
void fc_msi_free(unsigned int vector);
/*
 * irq.c: the line table. A level-triggered PCI INTx line (0-15) is
 * attached with fc_intx_attach; -EBUSY if the line has a handler. Each
 * frame routes lines (fc_irq_route) and dispatches them.
 */
#define FC_NR_LINES 16
int fc_intx_attach(unsigned int line, frame_irq_handler_t fn, void *arg);
void fc_intx_detach(unsigned int line);
void fc_irq_route(unsigned int line, bool enabled, bool level);
void fc_irq_line_dispatch(unsigned int line);
bool fc_irq_line_level(unsigned int line);
bool fc_irq_any_attached(void);
/* Called by the frame when MSI vector arrives (interrupt context). */
void fc_pci_msi_interrupt(unsigned int vector);
void fc_pci_init(void);

/* Provided by each frame implementation for vm.c. */
struct frame_vm;
uintptr_t fc_vm_user_end(void);
/* Fill the kernel half (entries 256-511) of a new top-level table. */
void fc_vm_init_kernel_half(uint64_t *pml4);
/* Load the page table rooted at root_pfn on this CPU (0: kernel only). */
void fc_vm_load(frame_pfn_t root_pfn);
/* A space is being destroyed: drop what the frame keeps for it. */
void fc_vm_release(struct frame_vm *vm);
/* FC_VM_FRAME_DATA bytes per space for the frame's own use, zeroed. */
#define FC_VM_FRAME_DATA 256
void *fc_vm_frame_data(struct frame_vm *vm);
/* Drop translations of [va, va + len) on every CPU where vm is active. */
void fc_vm_tlb_flush(struct frame_vm *vm, uintptr_t va, size_t len);

/* Fatal frame error: print, dump the stack, halt. */
frame_noreturn void fc_fatal(const char *what, const char *detail,
			     uint64_t value);
void fc_puts(const char *s);
void fc_puthex(uint64_t v);

/* x86_64/switch.S */
void fc_switch(void **save_sp, void *new_sp);
void fc_context_start(void);

/* Build the first stack frame of a context; returns its initial sp. */
void *fc_context_stack_init(void *stack_top, void (*fn)(void *), void *arg);
