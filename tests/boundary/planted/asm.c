/* Planted violation of rule "asm": inline assembly above the frame. */
void planted_pause(void);

void planted_pause(void)
{
	__asm__ volatile("pause");
}
