/* Planted violation of rule "asm": an assembly file above the frame. */
	.text
	nop
