/* Planted violation of rule "int-to-pointer": a device address as a pointer. */
unsigned int planted_read_apic_id(void);

unsigned int planted_read_apic_id(void)
{
	const unsigned int *reg = (const unsigned int *)0xfee00020;

	return *reg;
}
