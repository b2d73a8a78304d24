/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf: flags - 0 + space #, width and precision (also *),
 * length modifiers hh h l ll z, and conversions d i u x X o c s p %.
 * Output is always NUL-terminated when size > 0; the return value is the
 * length the full output would have had, as C99 requires.
 */

#include <xen/lib.h>

#define F_LEFT  (1U << 0)
#define F_ZERO  (1U << 1)
#define F_PLUS  (1U << 2)
#define F_SPACE (1U << 3)
#define F_ALT   (1U << 4)
#define F_UPPER (1U << 5)

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void out_char(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
    while ( n-- > 0 )
        out_char(o, c);
}

static void out_number(struct out *o, unsigned long long val, bool negative,
                       unsigned int base, int width, int precision,
                       unsigned int flags)
{
    static const char lower[] = "0123456789abcdef";
    static const char upper[] = "0123456789ABCDEF";
    const char *digits = (flags & F_UPPER) ? upper : lower;
    char tmp[24];
    char sign = 0;
    const char *prefix = "";
    int n = 0, prefix_len, zeros, pad;

    /* Precision 0 with value 0 prints no digits (C99). */
    while ( val || (n == 0 && precision != 0) )
    {
        tmp[n++] = digits[val % base];
        val /= base;
    }

    if ( negative )
        sign = '-';
    else if ( flags & F_PLUS )
        sign = '+';
    else if ( flags & F_SPACE )
        sign = ' ';

    if ( (flags & F_ALT) && base == 16 )
        prefix = (flags & F_UPPER) ? "0X" : "0x";
    else if ( (flags & F_ALT) && base == 8 && (n == 0 || tmp[n - 1] != '0') )
        prefix = "0";
    prefix_len = strlen(prefix) + (sign ? 1 : 0);

    zeros = precision > n ? precision - n : 0;
    pad = width - prefix_len - zeros - n;

    /* The 0 flag pads with zeros after the sign, unless a precision is set. */
    if ( (flags & F_ZERO) && !(flags & F_LEFT) && precision < 0 )
    {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }

    if ( !(flags & F_LEFT) )
        out_pad(o, ' ', pad);
    if ( sign )
        out_char(o, sign);
    while ( *prefix )
        out_char(o, *prefix++);
    out_pad(o, '0', zeros);
    while ( n )
        out_char(o, tmp[--n]);
    if ( flags & F_LEFT )
        out_pad(o, ' ', pad);
}

static void out_string(struct out *o, const char *s, int width, int precision,
                       unsigned int flags)
{
    int len;

    if ( !s )
        s = "(null)";
    len = strnlen(s, precision < 0 ? (size_t)-1 : (size_t)precision);

    if ( !(flags & F_LEFT) )
        out_pad(o, ' ', width - len);
    for ( int i = 0; i < len; i++ )
        out_char(o, s[i]);
    if ( flags & F_LEFT )
        out_pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };

    for ( ; *fmt; fmt++ )
    {
        unsigned int flags = 0, base = 10;
        int width = -1, precision = -1, lng = 0;
        unsigned long long val;
        bool is_signed = false, negative = false;

        if ( *fmt != '%' )
        {
            out_char(&o, *fmt);
            continue;
        }

        /* Flags. */
        for ( ; ; )
        {
            fmt++;
            if ( *fmt == '-' )
                flags |= F_LEFT;
            else if ( *fmt == '0' )
                flags |= F_ZERO;
            else if ( *fmt == '+' )
                flags |= F_PLUS;
            else if ( *fmt == ' ' )
                flags |= F_SPACE;
            else if ( *fmt == '#' )
                flags |= F_ALT;
            else
                break;
        }

        /* Width. */
        if ( *fmt == '*' )
        {
            width = va_arg(args, int);
            if ( width < 0 )
            {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        }
        else
            for ( width = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                width = width * 10 + (*fmt - '0');

        /* Precision. */
        if ( *fmt == '.' )
        {
            fmt++;
            if ( *fmt == '*' )
            {
                precision = va_arg(args, int);
                fmt++;
            }
            else
                for ( precision = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                    precision = precision * 10 + (*fmt - '0');
        }

        /* Length: -2 hh, -1 h, 0 int, 1 long, 2 long long. */
        for ( ; ; fmt++ )
        {
            if ( *fmt == 'h' )
                lng--;
            else if ( *fmt == 'l' )
                lng++;
            else if ( *fmt == 'z' || *fmt == 't' )
                lng = 1;
            else
                break;
        }

        switch ( *fmt )
        {
        case '%':
            out_char(&o, '%');
            continue;

        case 'c':
        {
            char c = (char)va_arg(args, int);

            if ( !(flags & F_LEFT) )
                out_pad(&o, ' ', width - 1);
            out_char(&o, c);
            if ( flags & F_LEFT )
                out_pad(&o, ' ', width - 1);
            continue;
        }

        case 's':
            out_string(&o, va_arg(args, const char *), width, precision, flags);
            continue;

        case 'p':
            /* Pointers print as 0x and 16 hex digits, like %#018lx. */
            out_number(&o, (unsigned long)va_arg(args, void *), false, 16, 18,
                       -1, flags | F_ALT | F_ZERO);
            continue;

        case 'd':
        case 'i':
            is_signed = true;
            break;
        case 'u':
            break;
        case 'X':
            flags |= F_UPPER;
            /* fall through */
        case 'x':
            base = 16;
            break;
        case 'o':
            base = 8;
            break;

        case '\0':
            fmt--;
            continue;

        default:
            /* Unknown conversion: show it, so the mistake is visible. */
            out_char(&o, '%');
            out_char(&o, *fmt);
            continue;
        }

        if ( is_signed )
        {
            long long s;

            if ( lng >= 2 )
                s = va_arg(args, long long);
            else if ( lng == 1 )
                s = va_arg(args, long);
            else
                s = va_arg(args, int);
            if ( lng == -1 )
                s = (short)s;
            else if ( lng <= -2 )
                s = (signed char)s;
            negative = s < 0;
            val = negative ? -(unsigned long long)s : (unsigned long long)s;
        }
        else
        {
            if ( lng >= 2 )
                val = va_arg(args, unsigned long long);
            else if ( lng == 1 )
                val = va_arg(args, unsigned long);
            else
                val = va_arg(args, unsigned int);
            if ( lng == -1 )
                val = (unsigned short)val;
            else if ( lng <= -2 )
                val = (unsigned char)val;
        }

        out_number(&o, val, negative, base, width, precision, flags);
    }

    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';

    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);

    return n;
}

unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
    unsigned long val = 0;

    if ( base == 0 )
    {
        base = 10;
        if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
        {
            base = 16;
            s += 2;
        }
    }
    else if ( base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
        s += 2;

    for ( ; ; s++ )
    {
        unsigned int digit;

        if ( *s >= '0' && *s <= '9' )
            digit = *s - '0';
        else if ( *s >= 'a' && *s <= 'f' )
            digit = *s - 'a' + 10;
        else if ( *s >= 'A' && *s <= 'F' )
            digit = *s - 'A' + 10;
        else
            break;
        if ( digit >= base )
            break;
        val = val * base + digit;
    }

    if ( end )
        *end = s;

    return val;
}

unsigned long long parse_size_and_unit(const char *s, const char **end)
{
    const char *p;
    unsigned long long val = simple_strtoul(s, &p, 0);

    switch ( *p )
    {
    case 'T':
    case 't':
        val <<= 10;
        /* fall through */
    case 'G':
    case 'g':
        val <<= 10;
        /* fall through */
    case 'M':
    case 'm':
        val <<= 10;
        /* fall through */
    case 'K':
    case 'k':
        val <<= 10;
        p++;
        break;
    case 'B':
    case 'b':
        p++;
        break;
    default:
        break;
    }

    if ( end )
        *end = p;

    return val;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
