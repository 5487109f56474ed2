/*
 * The walking skeleton of user mode: write a line and exit with a status
 * the test checks. Static, musl, no stdio (just write and exit).
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char msg[] = "hello from user mode\n";

	if (write(1, msg, strlen(msg)) != (ssize_t)strlen(msg)) {
		return 1;
	}
	return 42;
}
