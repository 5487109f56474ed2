/* Planted violation of rule "volatile-pointer": a register pointer. */
unsigned char planted_status(unsigned char *base);

unsigned char planted_status(unsigned char *base)
{
	volatile unsigned char *lsr = base;

	return lsr[5];
}
