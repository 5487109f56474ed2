/*
 * GDT, TSS and IDT, interrupt dispatch, and the local interrupt flag.
 *
 * Exceptions in the kernel are fatal and reported with the registers, the
 * error code, the fault address and a stack walk. The double fault, NMI and
 * machine check run on stacks of their own (IST), so a kernel stack
 * overflow, which faults again while the CPU pushes the page-fault frame,
 * still gets a report instead of a triple fault.
 */
#include <frame/irq.h>

#include "arch.h"
#include "x86.h"

#define IST_STACK_SIZE 8192

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS layout");

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t zero;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_entry) == 16, "IDT entry layout");

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern char trap_stubs[];

static uint64_t gdt[7];
/* Global for user.S, which sets rsp[0] before entering ring 3. */
struct tss trap_tss;
static struct idt_entry idt[256];
static char ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static unsigned int irq_depth;
static void (*exit_hook)(void);

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static void set_gate(unsigned int vector, unsigned int ist)
{
	uint64_t addr = (uint64_t)(uintptr_t)(trap_stubs + 16 * vector);

	idt[vector] = (struct idt_entry){
		.offset_lo = (uint16_t)addr,
		.selector = GDT_KERNEL_CS,
		.ist = (uint8_t)ist,
		.type = 0x8e,			/* present interrupt gate */
		.offset_mid = (uint16_t)(addr >> 16),
		.offset_hi = (uint32_t)(addr >> 32),
	};
}

static void load_gdt(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&trap_tss;
	struct table_ptr ptr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	gdt[1] = 0x00af9a000000ffffULL;		/* kernel code, 64-bit */
	gdt[2] = 0x00cf92000000ffffULL;		/* kernel data */
	gdt[3] = 0x00cff2000000ffffULL;		/* user data */
	gdt[4] = 0x00affa000000ffffULL;		/* user code, 64-bit */
	gdt[5] = (sizeof(trap_tss) - 1) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS),
			   "r"((uint16_t)GDT_TSS)
			 : "rax", "memory");
}

void trap_init(void)
{
	struct table_ptr ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	for (unsigned int i = 0; i < 3; i++) {
		trap_tss.ist[i] = (uint64_t)(uintptr_t)(ist_stacks[i] +
						   IST_STACK_SIZE);
	}
	trap_tss.iomap_base = sizeof(trap_tss);
	load_gdt();
	for (unsigned int v = 0; v < 256; v++) {
		set_gate(v, 0);
	}
	set_gate(8, 1);		/* double fault */
	set_gate(2, 2);		/* NMI */
	set_gate(18, 3);	/* machine check */
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

static void put_reg(const char *name, uint64_t v)
{
	fc_puts(name);
	fc_puthex(v);
}

static void dump_frame(const struct trap_frame *f)
{
	put_reg("  rip ", f->rip);
	put_reg(" rsp ", f->rsp);
	put_reg(" rflags ", f->rflags);
	put_reg("\n  rax ", f->rax);
	put_reg(" rbx ", f->rbx);
	put_reg(" rcx ", f->rcx);
	put_reg("\n  rdx ", f->rdx);
	put_reg(" rsi ", f->rsi);
	put_reg(" rdi ", f->rdi);
	put_reg("\n  rbp ", f->rbp);
	put_reg(" r8  ", f->r8);
	put_reg(" r9  ", f->r9);
	put_reg("\n  r10 ", f->r10);
	put_reg(" r11 ", f->r11);
	put_reg(" r12 ", f->r12);
	put_reg("\n  r13 ", f->r13);
	put_reg(" r14 ", f->r14);
	put_reg(" r15 ", f->r15);
	put_reg("\n  cs  ", f->cs);
	put_reg(" error code ", f->error_code);
	fc_puts("\n");
}

static void kernel_exception(struct trap_frame *f)
{
	uint64_t cr2 = read_cr2();
	bool overflow = (f->vector == 14 || f->vector == 8) &&
			context_guard_hit(cr2);

	fc_puts("\nframe: kernel exception: ");
	fc_puts(f->vector < 22 ? exception_names[f->vector] : "reserved");
	if (overflow) {
		fc_puts(" (kernel stack overflow)");
	}
	fc_puts("\n");
	if (overflow) {
		put_reg("  fault address ", cr2);
		fc_puts(" (the guard page below a kernel stack)\n");
	} else if (f->vector == 14) {
		put_reg("  fault address ", cr2);
		fc_puts(f->error_code & 2 ? " (write" : " (read");
		fc_puts(f->error_code & 1 ? ", protection)\n" : ", not present)\n");
	}
	dump_frame(f);
	if (overflow) {
		fc_puts("kernel stack overflow\n");
	} else {
		dump_stack_from(f->rbp);
	}
	frame_halt_panic();
}

void trap_enter_irq(void)
{
	irq_depth++;
}

void trap_leave_irq(void)
{
	irq_depth--;
}

static void trap_dispatch_edge(uint64_t vector);

void trap_dispatch(struct trap_frame *f)
{
	if ((f->cs & 3) == 3) {
		user_trap(f);		/* does not come back here */
	}
	if (f->vector < 32) {
		kernel_exception(f);
		return;
	}
	trap_interrupt(f->vector);
	trap_irq_exit();
}

/* Acknowledge and handle an interrupt; interrupts disabled. */
void trap_interrupt(uint64_t vector)
{
	if (vector == VECTOR_SPURIOUS) {
		return;
	}
	trap_enter_irq();
	if (vector >= VECTOR_IRQ_BASE && vector < VECTOR_IRQ_BASE + FC_NR_LINES &&
	    fc_irq_line_level((unsigned int)(vector - VECTOR_IRQ_BASE))) {
		/* Level: the device must be quiet before the EOI, or the
		 * line fires again at once. */
		fc_irq_line_dispatch((unsigned int)(vector - VECTOR_IRQ_BASE));
		apic_eoi(vector);
	} else {
		apic_eoi(vector);
		trap_dispatch_edge(vector);
	}
	trap_leave_irq();
}

/* The end of an interrupt: the kernel's exit hook (preemption). */
void trap_irq_exit(void)
{
	if (exit_hook) {
		exit_hook();
	}
}

/* Edge-triggered and message interrupts, after their EOI. */
static void trap_dispatch_edge(uint64_t vector)
{
	if (apic_is_timer(vector)) {
		apic_timer_interrupt();
	} else if (vector >= VECTOR_IRQ_BASE &&
		   vector < VECTOR_IRQ_BASE + FC_NR_LINES) {
		fc_irq_line_dispatch((unsigned int)(vector - VECTOR_IRQ_BASE));
	} else if (vector >= VECTOR_MSI_BASE && vector < VECTOR_MSI_BASE + 32) {
		fc_pci_msi_interrupt((unsigned int)vector);
	}
}

frame_irqflags_t frame_irq_save(void)
{
	frame_irqflags_t flags = read_rflags() & RFLAGS_IF;

	cli();
	return flags;
}

void frame_irq_restore(frame_irqflags_t flags)
{
	if (flags & RFLAGS_IF) {
		sti();
	}
}

void frame_irq_enable(void)
{
	sti();
}

void frame_irq_disable(void)
{
	cli();
}

bool frame_irq_enabled(void)
{
	return read_rflags() & RFLAGS_IF;
}

bool frame_in_irq(void)
{
	return irq_depth > 0;
}

void fc_irq_route(unsigned int line, bool enabled, bool level)
{
	ioapic_route(line, VECTOR_IRQ_BASE + line, !enabled, level);
}

void frame_irq_set_exit_hook(void (*hook)(void))
{
	exit_hook = hook;
}
