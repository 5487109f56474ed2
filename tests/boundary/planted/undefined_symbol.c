/* Planted violation of rule "undefined-symbol": a call into libc. */
extern void *malloc(unsigned long size);

void *planted_alloc(void);

void *planted_alloc(void)
{
	return malloc(16);
}
