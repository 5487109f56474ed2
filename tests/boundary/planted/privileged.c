/*
 * Planted violation of rule "privileged-instruction", checked in the object
 * code: the source also breaks rule "asm", but the object check must catch
 * the instruction on its own (a compiler builtin could emit one too).
 */
void planted_cli(void);

void planted_cli(void)
{
	__asm__ volatile("cli");
}
