/*
 * The CPU's identity for user programs, from CPUID: the same instruction
 * answers for the bare-metal CPU and for the host CPU that runs the host
 * frame's user processes.
 */
#include <frame/cpu.h>

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

void frame_cpu_info(struct frame_cpu_info *info)
{
	uint32_t r[4];
	uint32_t max_ext;

	*info = (struct frame_cpu_info){ 0 };
	cpuid(0, r);
	__builtin_memcpy(info->vendor, &r[1], 4);
	__builtin_memcpy(info->vendor + 4, &r[3], 4);
	__builtin_memcpy(info->vendor + 8, &r[2], 4);
	cpuid(1, r);
	info->stepping = r[0] & 0xf;
	info->model_id = (r[0] >> 4) & 0xf;
	info->family = (r[0] >> 8) & 0xf;
	if (info->family == 0xf) {
		info->family += (r[0] >> 20) & 0xff;
	}
	if (info->family >= 6) {
		info->model_id |= ((r[0] >> 16) & 0xf) << 4;
	}
	info->hwcap = r[3];
	info->features2 = r[2];
	cpuid(0x80000000, r);
	max_ext = r[0];
	if (max_ext >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			cpuid(0x80000002 + i, r);
			__builtin_memcpy(info->model + 16 * i, r, 16);
		}
	}
	/* The brand string is padded with leading blanks on some CPUs. */
	size_t lead = 0, i;

	while (info->model[lead] == ' ') {
		lead++;
	}
	for (i = 0; info->model[i + lead]; i++) {
		info->model[i] = info->model[i + lead];
	}
	info->model[i] = '\0';
}
