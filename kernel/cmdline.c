/*
 * The kernel command line (kernel/cmdline.h).
 */
#include <kernel/cmdline.h>
#include <kernel/string.h>

#define CMDLINE_MAX 1024

static char line[CMDLINE_MAX];
static char init_args[CMDLINE_MAX];

/* The standalone word w in s ("--" between spaces), or NULL. */
static char *strstr_word(char *s, const char *w)
{
	size_t len = strlen(w);

	for (char *p = s; *p; p++) {
		if ((p == s || p[-1] == ' ') && strncmp(p, w, len) == 0 &&
		    (p[len] == ' ' || p[len] == '\0')) {
			return p;
		}
	}
	return NULL;
}

void cmdline_init(const char *cmdline)
{
	char *dashes;

	strlcpy(line, cmdline, sizeof(line));
	dashes = strstr_word(line, "--");
	if (dashes) {
		strlcpy(init_args, dashes + 2, sizeof(init_args));
		*dashes = '\0';	/* the kernel's own words end here */
	}
}

size_t cmdline_init_args(const char **argv, size_t max)
{
	size_t n = 0;
	char *p = init_args;

	while (*p && n < max) {
		bool quoted = false;
		char *out;

		while (*p == ' ') {
			*p++ = '\0';
		}
		if (!*p) {
			break;
		}
		argv[n++] = out = p;
		for (; *p && (quoted || *p != ' '); p++) {
			if (*p == '"') {
				quoted = !quoted;
			} else {
				*out++ = *p;
			}
		}
		if (*p) {
			p++;		/* past the space that ends the word */
		}
		*out = '\0';
	}
	return n;
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
