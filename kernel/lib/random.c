/*
 * xoshiro256** seeded through splitmix64 (kernel/random.h).
 */
#include <frame/spinlock.h>

#include <kernel/random.h>

static uint64_t state[4];
static frame_spinlock_t random_lock = FRAME_SPINLOCK_INIT("random");

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void random_init(uint64_t seed)
{
	for (int i = 0; i < 4; i++) {
		state[i] = splitmix64(&seed);
	}
}

uint64_t random_u64(void)
{
	frame_irqflags_t flags = frame_spin_lock(&random_lock);
	uint64_t result = rotl(state[1] * 5, 7) * 9;
	uint64_t t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	frame_spin_unlock(&random_lock, flags);
	return result;
}

void random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		uint64_t r = random_u64();
		size_t n = len < 8 ? len : 8;

		for (size_t i = 0; i < n; i++) {
			p[i] = (unsigned char)(r >> (8 * i));
		}
		p += n;
		len -= n;
	}
}
