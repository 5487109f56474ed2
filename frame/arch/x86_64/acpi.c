/*
 * Just enough ACPI to power off: find the RSDP (from the boot loader, or by
 * scanning the BIOS area), walk the RSDT or XSDT to the FADT, read the PM1
 * control blocks, and find the \_S5 sleep type in the DSDT's AML.
 *
 * The table layouts are the ACPI specification's (6.5, section 5.2), which
 * Linux does not export as UAPI; the few fields used are defined here once,
 * with their offsets checked.
 *
 * Known shortcoming: \_S5 is found by its byte pattern, not by running the
 * AML; firmware that computes it in a method is not handled (QEMU and most
 * PCs declare it as a constant package).
 */
#include "arch.h"
#include "x86.h"

struct rsdp {
	char signature[8];		/* "RSD PTR " */
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;		/* revision 2 and later */
	uint64_t xsdt;
} __attribute__((packed));

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

_Static_assert(sizeof(struct rsdp) == 32, "RSDP layout");
_Static_assert(sizeof(struct sdt_header) == 36, "SDT header layout");

#define FADT_DSDT	40
#define FADT_PM1A_CNT	64
#define FADT_PM1B_CNT	68
#define FADT_X_DSDT	140
#define SLP_EN		(1U << 13)
#define AML_NAME	0x08
#define AML_PACKAGE	0x12
#define AML_BYTE	0x0a

static uint16_t pm1a_cnt, pm1b_cnt;
static uint16_t slp_typa, slp_typb;
static bool s5_known;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++) {
		sum += b[i];
	}
	return sum == 0;
}

/* Map a whole table: its header first, to learn its length. */
static const struct sdt_header *map_table(uint64_t phys)
{
	const struct sdt_header *h = mmio_map(phys, sizeof(*h));

	if (h->length < sizeof(*h) || h->length > (1U << 20)) {
		return NULL;
	}
	h = mmio_map(phys, h->length);
	return checksum_ok(h, h->length) ? h : NULL;
}

static uint64_t find_rsdp(uint64_t hint)
{
	const char *bios;

	if (hint) {
		return hint;
	}
	/* The RSDP sits on a 16-byte boundary in 0xe0000-0xfffff. */
	bios = mmio_map(0xe0000, 0x20000);
	for (uint32_t off = 0; off < 0x20000; off += 16) {
		if (__builtin_memcmp(bios + off, "RSD PTR ", 8) == 0 &&
		    checksum_ok(bios + off, 20)) {
			return 0xe0000 + off;
		}
	}
	return 0;
}

static const struct sdt_header *find_fadt(const struct rsdp *rsdp)
{
	bool x = rsdp->revision >= 2 && rsdp->xsdt;
	const struct sdt_header *root = map_table(x ? rsdp->xsdt : rsdp->rsdt);
	size_t entry = x ? 8 : 4, n;

	if (!root) {
		return NULL;
	}
	n = (root->length - sizeof(*root)) / entry;
	for (size_t i = 0; i < n; i++) {
		const char *p = (const char *)(root + 1) + i * entry;
		uint64_t phys = 0;
		const struct sdt_header *t;

		__builtin_memcpy(&phys, p, entry);
		t = map_table(phys);
		if (t && __builtin_memcmp(t->signature, "FACP", 4) == 0) {
			return t;
		}
	}
	return NULL;
}

/* A small AML integer: a BytePrefix constant, Zero or One. */
static const uint8_t *aml_small_int(const uint8_t *p, uint16_t *val)
{
	if (*p == AML_BYTE) {
		*val = p[1];
		return p + 2;
	}
	*val = *p == 0x01;
	return p + 1;
}

/* Find Name(_S5_, Package() { SLP_TYPa, SLP_TYPb, ... }) in the DSDT. */
static void find_s5(const struct sdt_header *dsdt)
{
	const uint8_t *aml = (const uint8_t *)(dsdt + 1);
	size_t len = dsdt->length - sizeof(*dsdt);

	for (size_t i = 0; i + 16 < len; i++) {
		const uint8_t *p = aml + i;

		if (__builtin_memcmp(p, "_S5_", 4) != 0 ||
		    (i > 0 && p[-1] != AML_NAME && p[-1] != '\\') ||
		    p[4] != AML_PACKAGE) {
			continue;
		}
		p += 5;
		p += 1 + (*p >> 6);		/* PkgLength */
		p++;				/* NumElements */
		p = aml_small_int(p, &slp_typa);
		aml_small_int(p, &slp_typb);
		s5_known = true;
		return;
	}
}

void acpi_init(uint64_t rsdp_hint)
{
	uint64_t rsdp_phys = find_rsdp(rsdp_hint);
	const struct rsdp *rsdp;
	const struct sdt_header *fadt, *dsdt;
	const char *f;
	uint64_t dsdt_phys = 0;

	if (!rsdp_phys) {
		return;
	}
	rsdp = mmio_map(rsdp_phys, sizeof(*rsdp));
	fadt = find_fadt(rsdp);
	if (!fadt || fadt->length < FADT_PM1B_CNT + 4) {
		return;
	}
	f = (const char *)fadt;
	__builtin_memcpy(&pm1a_cnt, f + FADT_PM1A_CNT, 2);
	__builtin_memcpy(&pm1b_cnt, f + FADT_PM1B_CNT, 2);
	if (fadt->length >= FADT_X_DSDT + 8) {
		__builtin_memcpy(&dsdt_phys, f + FADT_X_DSDT, 8);
	}
	if (!dsdt_phys) {
		__builtin_memcpy(&dsdt_phys, f + FADT_DSDT, 4);
	}
	dsdt = dsdt_phys ? map_table(dsdt_phys) : NULL;
	if (dsdt) {
		find_s5(dsdt);
	}
}

bool acpi_power_off(void)
{
	if (!s5_known || !pm1a_cnt) {
		return false;
	}
	outw(pm1a_cnt, (uint16_t)(slp_typa << 10 | SLP_EN));
	if (pm1b_cnt) {
		outw(pm1b_cnt, (uint16_t)(slp_typb << 10 | SLP_EN));
	}
	return true;
}
