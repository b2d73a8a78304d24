/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * String and memory functions.  The compiler may emit calls to memset,
 * memcpy and memmove itself (structure copies, zeroing), so they must
 * exist even with -fno-builtin.
 */

#include <xen/lib.h>

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;
    unsigned long pattern = (unsigned char)c;

    pattern |= pattern << 8;
    pattern |= pattern << 16;
    pattern |= pattern << 32;

    while ( n && ((unsigned long)p & 7) )
    {
        *p++ = (unsigned char)c;
        n--;
    }

    /* Whole words: zeroing page-sized buffers is the common case. */
    for ( ; n >= 8; n -= 8, p += 8 )
        *(unsigned long *)p = pattern;

    while ( n-- )
        *p++ = (unsigned char)c;

    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* Word copies only when both sides are aligned alike. */
    if ( (((unsigned long)d ^ (unsigned long)s) & 7) == 0 )
    {
        while ( n && ((unsigned long)d & 7) )
        {
            *d++ = *s++;
            n--;
        }
        for ( ; n >= 8; n -= 8, d += 8, s += 8 )
            *(unsigned long *)d = *(const unsigned long *)s;
    }

    while ( n-- )
        *d++ = *s++;

    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d <= s || d >= s + n )
        return memcpy(dst, src, n);

    /* Overlapping with dst above src: copy backwards. */
    while ( n-- )
        d[n] = s[n];

    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;

    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;

    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;

    return n;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
    {
        a++;
        b++;
    }

    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }

    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ; ; s++ )
    {
        if ( *s == (char)c )
            return (char *)s;
        if ( !*s )
            return NULL;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *haystack; haystack++ )
        if ( !strncmp(haystack, needle, n) )
            return (char *)haystack;

    return n ? NULL : (char *)haystack;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if ( size )
    {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }

    return len;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
