/*
 * The user-process stub of the host frame: the only code of its own a
 * user process runs. Linked at STUB_BASE, above the user address space.
 * At start it unmaps the whole user range (the stack and vDSO the host
 * kernel gave it), confines itself with a seccomp filter and stops with
 * int3; from then on the tracer (the host frame) sets its registers: to
 * user code, or to stub_syscall to have the process itself run mmap or
 * munmap on the kernel's behalf.
 *
 * The filter lets the host kernel run mmap and munmap only, and kills the
 * process for anything else. User code's system calls stop at
 * PTRACE_SYSEMU before seccomp sees them and are never run by the host;
 * one that did reach the host would end the process with SIGSYS. Values
 * from the Linux UAPI headers (asm/unistd_64.h, linux/prctl.h,
 * linux/seccomp.h, linux/filter.h, linux/audit.h).
 */
#define USER_END 0x7fff00000000
#define NR_MMAP 9
#define NR_MUNMAP 11
#define NR_PRCTL 157
#define NR_SECCOMP 317
#define PR_SET_NO_NEW_PRIVS 38
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_RET_KILL_PROCESS 0x80000000
#define SECCOMP_RET_ALLOW 0x7fff0000
#define AUDIT_ARCH_X86_64 0xc000003e
#define BPF_LD_W_ABS 0x20		/* BPF_LD | BPF_W | BPF_ABS */
#define BPF_JEQ_K 0x15			/* BPF_JMP | BPF_JEQ | BPF_K */
#define BPF_RET_K 0x06			/* BPF_RET | BPF_K */
#define SECCOMP_DATA_NR 0		/* offsetof(struct seccomp_data, nr) */
#define SECCOMP_DATA_ARCH 4

/* struct sock_filter: code, jt, jf, k */
.macro insn code, jt, jf, k
	.short \code
	.byte \jt, \jf
	.long \k
.endm

	.text
	/* First, at STUB_BASE exactly: the syscall gadget. */
	.globl stub_syscall
stub_syscall:
	syscall
	int3

	.globl _start
_start:
	leaq stack_top(%rip), %rsp
	movl $NR_MUNMAP, %eax
	xorl %edi, %edi
	movabsq $USER_END, %rsi
	syscall
	movl $NR_PRCTL, %eax
	movl $PR_SET_NO_NEW_PRIVS, %edi
	movl $1, %esi
	xorl %edx, %edx
	xorl %r10d, %r10d
	xorl %r8d, %r8d
	syscall
	testq %rax, %rax
	jnz 2f
	movl $NR_SECCOMP, %eax
	movl $SECCOMP_SET_MODE_FILTER, %edi
	xorl %esi, %esi
	leaq filter_prog(%rip), %rdx
	syscall
	testq %rax, %rax
	jnz 2f
	int3
1:	jmp 1b
2:	ud2				/* no filter: the tracer refuses us */

	.section .rodata
	.p2align 3
filter:
	insn BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH
	insn BPF_JEQ_K, 0, 3, AUDIT_ARCH_X86_64		/* else kill */
	insn BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_NR
	insn BPF_JEQ_K, 2, 0, NR_MMAP			/* allow */
	insn BPF_JEQ_K, 1, 0, NR_MUNMAP			/* allow */
	insn BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS
	insn BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW
filter_end:
filter_prog:				/* struct sock_fprog */
	.short (filter_end - filter) / 8
	.skip 6
	.quad filter

	.bss
	.p2align 4
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits
