/*
 * vsnprintf: the kernel's formatter (see kernel/printf.h for what it takes).
 */
#include <kernel/printf.h>
#include <kernel/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;		/* bytes the full output needs */
};

struct spec {
	bool left, zero, plus, space, alt;
	bool ptr;		/* %p: the 0x prefix even for a null pointer */
	int width;
	int prec;		/* -1: none */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0) {
		put(o, c);
	}
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (!s) {
		s = "(null)";
	}
	/* With a precision, read no byte past it: s need not be terminated. */
	while ((sp->prec < 0 || len < sp->prec) && s[len]) {
		len++;
	}
	if (!sp->left) {
		pad(o, ' ', sp->width - len);
	}
	for (int i = 0; i < len; i++) {
		put(o, s[i]);
	}
	if (sp->left) {
		pad(o, ' ', sp->width - len);
	}
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = "";
	char tmp[24];
	int n = 0, ndigits, total;
	bool zero_pad = sp->zero && !sp->left && sp->prec < 0;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	ndigits = n;
	if (sp->prec > ndigits) {
		ndigits = sp->prec;
	} else if (sp->prec < 0 && ndigits == 0) {
		ndigits = 1;
	}
	if (neg) {
		prefix = "-";
	} else if (sp->plus) {
		prefix = "+";
	} else if (sp->space) {
		prefix = " ";
	} else if (sp->alt && base == 16 && (n || sp->ptr)) {
		prefix = upper ? "0X" : "0x";
	} else if (sp->alt && base == 8 && ndigits <= n) {
		ndigits = n + 1;
	}
	total = ndigits + (int)strlen(prefix);

	if (!sp->left && !zero_pad) {
		pad(o, ' ', sp->width - total);
	}
	for (const char *p = prefix; *p; p++) {
		put(o, *p);
	}
	if (zero_pad) {
		pad(o, '0', sp->width - total);
	}
	pad(o, '0', ndigits - n);
	while (n) {
		put(o, tmp[--n]);
	}
	if (sp->left) {
		pad(o, ' ', sp->width - total);
	}
}

/* %u, %o, %x, %X: the sign flags apply to signed conversions only. */
static void put_unsigned(struct out *o, unsigned long long v,
			 unsigned int base, bool upper, struct spec *sp)
{
	sp->plus = false;
	sp->space = false;
	put_num(o, v, false, base, upper, sp);
}

/* Parse flags, width and precision after '%'; returns the rest of fmt. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; fmt++) {
		if (*fmt == '-') {
			sp->left = true;
		} else if (*fmt == '0') {
			sp->zero = true;
		} else if (*fmt == '+') {
			sp->plus = true;
		} else if (*fmt == ' ') {
			sp->space = true;
		} else if (*fmt == '#') {
			sp->alt = true;
		} else {
			break;
		}
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9') {
		sp->width = sp->width * 10 + (*fmt++ - '0');
	}
	if (*fmt == '.') {
		fmt++;
		sp->prec = 0;
		if (*fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9') {
			sp->prec = sp->prec * 10 + (*fmt++ - '0');
		}
	}
	return fmt;
}

/* Length modifier as a count of 'l's: 0 int, 1 long, 2 long long, -1 short, -2 char. */
static const char *parse_length(const char *fmt, int *len)
{
	*len = 0;
	if (*fmt == 'h') {
		*len = fmt[1] == 'h' ? -2 : -1;
		fmt += *len == -2 ? 2 : 1;
	} else if (*fmt == 'l') {
		*len = fmt[1] == 'l' ? 2 : 1;
		fmt += *len;
	} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') {
		*len = 2;
		fmt++;
	}
	return fmt;
}

static long long arg_signed(va_list *ap, int len)
{
	switch (len) {
	case -2:
		return (signed char)va_arg(*ap, int);
	case -1:
		return (short)va_arg(*ap, int);
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	default:
		return va_arg(*ap, long long);
	}
}

static unsigned long long arg_unsigned(va_list *ap, int len)
{
	switch (len) {
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list ap;
	int len;

	va_copy(ap, ap_in);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt = parse_length(parse_spec(fmt + 1, &sp, &ap), &len);
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = arg_signed(&ap, len);
			unsigned long long mag = v < 0 ?
				-(unsigned long long)v : (unsigned long long)v;

			put_num(&o, mag, v < 0, 10, false, &sp);
			break;
		}
		case 'u':
			put_unsigned(&o, arg_unsigned(&ap, len), 10, false,
				     &sp);
			break;
		case 'x':
		case 'X':
			put_unsigned(&o, arg_unsigned(&ap, len), 16,
				     *fmt == 'X', &sp);
			break;
		case 'o':
			put_unsigned(&o, arg_unsigned(&ap, len), 8, false, &sp);
			break;
		case 'p':
			sp.alt = true;
			sp.ptr = true;
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				false, &sp);
			break;
		case 'c':
			sp.prec = -1;
			pad(&o, ' ', sp.left ? 0 : sp.width - 1);
			put(&o, (char)va_arg(ap, int));
			pad(&o, ' ', sp.left ? sp.width - 1 : 0);
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	va_end(ap);
	if (size) {
		buf[o.len < size ? o.len : size - 1] = '\0';
	}
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
