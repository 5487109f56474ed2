/*
 * Declarations shared by the files of the bare-metal x86-64 frame.
 */
#pragma once

#include <frame/boot.h>

#include "../../common/internal.h"
#include "layout.h"

/* Registers saved by the interrupt entry stubs (trap.S), in stack order. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

/* CPU features found at boot (cpu.c). */
struct cpu_features {
	bool nx, smep, smap, apic, tsc_deadline, invariant_tsc, x2apic;
	char vendor[13];
};
extern struct cpu_features cpu_features;
void cpu_detect(void);

/* boot_info.c: the boot loader's view of the machine. */
#define MAX_RAM_RANGES 32
struct boot_machine {
	struct frame_mem_range ram[MAX_RAM_RANGES];	/* all usable RAM */
	size_t nram;
	char cmdline[1024];
	const char *loader;
	uint64_t rsdp_phys;			/* 0: scan for it */
	uint64_t initrd_phys;			/* first boot module */
	uint64_t initrd_size;
};
extern struct boot_machine boot_machine;
void boot_info_parse(uint32_t magic, uint32_t info_phys);

/* serial.c: the early console on COM1. */
void serial_early_init(void);

/* mem.c: physical memory, the direct map and kernel mappings. */
#define PTE_P		0x1ULL
#define PTE_W		0x2ULL
#define PTE_PWT		0x8ULL
#define PTE_PCD		0x10ULL
#define PTE_PS		0x80ULL
#define PTE_G		0x100ULL
#define PTE_NX		(1ULL << 63)
void mem_init(void);
void mem_freeze(struct frame_boot_info *info);
uint64_t pte_nx(void);
int kmap_page(uintptr_t va, frame_pfn_t pfn, uint64_t flags);
frame_pfn_t kunmap_page(uintptr_t va);
void *mmio_map(uint64_t phys, size_t len);
uint64_t kernel_root_phys(void);

/* trap.c: GDT, TSS, IDT and interrupt dispatch. */
#define VECTOR_TIMER	0xec
#define VECTOR_IPI	0xed
#define VECTOR_IRQ_BASE	0x30		/* ISA line n: 0x30 + n */
#define VECTOR_MSI_BASE	0x40		/* 32 MSI vectors from here */
#define VECTOR_SPURIOUS	0xff
void trap_init(void);
void trap_dispatch(struct trap_frame *f);
void trap_interrupt(uint64_t vector);
void trap_irq_exit(void);

/* user.c */
void user_init(void);
__attribute__((noreturn)) void user_trap(struct trap_frame *f);
void trap_enter_irq(void);
void trap_leave_irq(void);

/* apic.c: interrupt controllers, timer and clocks. */
void apic_init(void);
void apic_eoi(uint64_t vector);
bool apic_is_timer(uint64_t vector);
bool apic_present(void);
uint64_t tsc_to_ns(uint64_t ticks);
void apic_timer_interrupt(void);
bool apic_timer_armed(void);
void ioapic_route(unsigned int line, unsigned int vector, bool masked,
		  bool level);

/* acpi.c: power off through ACPI's S5 state. */
void acpi_init(uint64_t rsdp_hint);
bool acpi_power_off(void);

/* pci.c: true while an MSI vector has a handler. */
bool pci_msi_in_use(void);

/* context.c */
bool context_guard_hit(uintptr_t addr);

/* Stack walk for panics (cpu.c). */
void dump_stack_from(uint64_t rbp);
