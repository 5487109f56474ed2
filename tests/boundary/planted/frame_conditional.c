/* Planted violation of rule "frame-conditional": code that asks which frame. */
int planted_page_size(void);

int planted_page_size(void)
{
#ifdef FRAME_HOST
	return 1;
#endif
	return 0;
}
