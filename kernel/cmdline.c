/*
 * The kernel command line (kernel/cmdline.h).
 */
#include <kernel/cmdline.h>
#include <kernel/string.h>

#define CMDLINE_MAX 1024

static char line[CMDLINE_MAX];

void cmdline_init(const char *cmdline)
{
	strlcpy(line, cmdline, sizeof(line));
}

const char *cmdline_get(void)
{
	return line;
}

/* Find the word for name; sets *value to after '=' or NULL. */
static const char *find(const char *name, const char **value)
{
	size_t nlen = strlen(name);

	for (const char *p = line; *p;) {
		const char *end;

		while (*p == ' ') {
			p++;
		}
		end = p;
		while (*end && *end != ' ') {
			end++;
		}
		if ((size_t)(end - p) >= nlen && strncmp(p, name, nlen) == 0 &&
		    (p[nlen] == ' ' || p[nlen] == '=' || p[nlen] == '\0')) {
			*value = p[nlen] == '=' ? p + nlen + 1 : NULL;
			return p;
		}
		p = end;
	}
	return NULL;
}

bool cmdline_has(const char *name)
{
	const char *value;

	return find(name, &value) != NULL;
}

int cmdline_value(const char *name, char *buf, size_t size)
{
	const char *value;
	size_t len = 0;

	if (!find(name, &value) || !value) {
		return -ENOENT;
	}
	while (value[len] && value[len] != ' ') {
		len++;
	}
	if (len + 1 > size) {
		return -ENAMETOOLONG;
	}
	memcpy(buf, value, len);
	buf[len] = '\0';
	return (int)len;
}
