/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The little C library the test guest needs: memory and string helpers
 * (GCC may call memset/memcpy even when freestanding), a printf subset,
 * and the SBI calls for the console and for shutdown.
 */
#include "guest.h"

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;

    while ( n-- )
        *p++ = (unsigned char)c;

    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    while ( n-- )
        *dp++ = *sp++;

    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *pa = a, *pb = b;

    for ( ; n; n--, pa++, pb++ )
        if ( *pa != *pb )
            return *pa < *pb ? -1 : 1;

    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;

    return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        if ( !*a )
            break;
    }

    return 0;
}

/* Decimal, or hexadecimal with a 0x prefix. */
unsigned long parse_ulong(const char *s, const char **end)
{
    unsigned long v = 0;
    unsigned int base = 10;

    if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
    {
        base = 16;
        s += 2;
    }

    for ( ; ; s++ )
    {
        unsigned int d;

        if ( *s >= '0' && *s <= '9' )
            d = *s - '0';
        else if ( base == 16 && *s >= 'a' && *s <= 'f' )
            d = *s - 'a' + 10;
        else if ( base == 16 && *s >= 'A' && *s <= 'F' )
            d = *s - 'A' + 10;
        else
            break;
        v = v * base + d;
    }

    if ( end )
        *end = s;

    return v;
}

struct outbuf {
    char *buf;
    size_t size;
    size_t len; /* what the output would need */
};

static void out_char(struct outbuf *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

/* sign: '-', '+' or 0 for none. */
static void out_number(struct outbuf *o, unsigned long v, unsigned int base,
                       char sign, unsigned int width, bool zero_pad, bool left)
{
    char tmp[24];
    unsigned int n = 0, len;

    do {
        unsigned int d = v % base;

        tmp[n++] = d < 10 ? '0' + d : 'a' + d - 10;
        v /= base;
    } while ( v );

    len = n + (sign != 0);

    if ( sign && zero_pad )
        out_char(o, sign);
    for ( ; !left && width > len; width-- )
        out_char(o, zero_pad ? '0' : ' ');
    if ( sign && !zero_pad )
        out_char(o, sign);
    while ( n )
        out_char(o, tmp[--n]);
    for ( ; left && width > len; width-- )
        out_char(o, ' ');
}

/* %[-0+][width][l|ll|z](d|i|u|x|c|s|p|%): all the guest uses. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { .buf = buf, .size = size };

    for ( ; *fmt; fmt++ )
    {
        unsigned int width = 0, longs = 0;
        bool zero_pad = false, left = false, plus = false;

        if ( *fmt != '%' )
        {
            out_char(&o, *fmt);
            continue;
        }

        fmt++;
        for ( ; *fmt == '0' || *fmt == '-' || *fmt == '+'; fmt++ )
        {
            if ( *fmt == '0' )
                zero_pad = true;
            else if ( *fmt == '-' )
                left = true;
            else
                plus = true;
        }
        for ( ; *fmt >= '0' && *fmt <= '9'; fmt++ )
            width = width * 10 + (*fmt - '0');
        for ( ; *fmt == 'l' || *fmt == 'z'; fmt++ )
            longs++;
        if ( left )
            zero_pad = false;

        switch ( *fmt )
        {
        case 'd':
        case 'i':
        {
            long v = longs ? va_arg(ap, long) : va_arg(ap, int);

            out_number(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10,
                       v < 0  ? '-'
                       : plus ? '+'
                              : 0,
                       width, zero_pad, left);
            break;
        }

        case 'u':
        case 'x':
        {
            unsigned long v =
                longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);

            out_number(&o, v, *fmt == 'x' ? 16 : 10, 0, width, zero_pad, left);
            break;
        }

        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (unsigned long)va_arg(ap, void *), 16, 0, width,
                       zero_pad, left);
            break;

        case 'c':
            out_char(&o, (char)va_arg(ap, int));
            break;

        case 's':
        {
            const char *s = va_arg(ap, const char *);
            unsigned int len;

            if ( !s )
                s = "(null)";
            len = strlen(s);
            for ( ; !left && width > len; width-- )
                out_char(&o, ' ');
            while ( *s )
                out_char(&o, *s++);
            for ( ; left && width > len; width-- )
                out_char(&o, ' ');
            break;
        }

        case '%':
            out_char(&o, '%');
            break;

        case '\0':
            fmt--;
            break;

        default:
            out_char(&o, '%');
            out_char(&o, *fmt);
            break;
        }
    }

    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';

    return o.len;
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

static long sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
                     unsigned long a1)
{
    register unsigned long r0 asm ( "a0" ) = a0;
    register unsigned long r1 asm ( "a1" ) = a1;
    register unsigned long r6 asm ( "a6" ) = fid;
    register unsigned long r7 asm ( "a7" ) = eid;

    asm volatile ( "ecall"
                   : "+r" (r0), "+r" (r1)
                   : "r" (r6), "r" (r7)
                   : "memory" );

    return r0;
}

void console_putc(char c)
{
    sbi_call(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, (unsigned char)c, 0);
}

void gprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    const char *p;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);

    for ( p = buf; *p; p++ )
        console_putc(*p);
}

void sbi_shutdown(bool failure)
{
    sbi_call(SBI_EXT_SRST, 0, SBI_SRST_TYPE_SHUTDOWN,
             failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);

    /* SRST is not supposed to return; if it does, stop here. */
    gprintf("p2m-test: SBI system reset returned, halting\n");
    for ( ; ; )
        asm volatile ( "wfi" );
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
