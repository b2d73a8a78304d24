/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__LIB_H
#define XEN__LIB_H

#include <stdarg.h>
#include <xen/types.h>

#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)      (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#define min(x, y) ((x) < (y) ? (x) : (y))
#define max(x, y) ((x) > (y) ? (x) : (y))

#define IS_ALIGNED(val, align) (((val) & ((align)-1)) == 0)
#define ROUNDUP(x, a)          (((x) + (a)-1) & ~((a)-1))
#define DIV_ROUND_UP(n, d)     (((n) + (d)-1) / (d))

#define BIT(n, sfx) (1##sfx << (n))

/* Extract or insert a field given its in-place mask. */
#define MASK_EXTR(v, m) (((v) & (m)) / ((m) & -(m)))
#define MASK_INSR(v, m) (((v) * ((m) & -(m))) & (m))

#define __init
#define __initdata
#define __ro_after_init
#define __must_check   __attribute__((__warn_unused_result__))
#define __maybe_unused __attribute__((__unused__))
#define noreturn       __attribute__((__noreturn__))

/*
 * printk() prefixes every line with "(XEN) "; a leading XENLOG_* marker is
 * accepted (and dropped) so call sites read like Xen's.
 */
void printk(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));
noreturn void panic(const char *fmt, ...)
    __attribute__((__format__(printf, 1, 2)));
noreturn void assert_failed(const char *expr, const char *file,
                            unsigned int line);

#define BUG_ON(cond)                                                           \
    do                                                                         \
    {                                                                          \
        if ( unlikely(cond) )                                                  \
            assert_failed("BUG_ON(" #cond ")", __FILE__, __LINE__);            \
    } while ( 0 )
#define BUG() assert_failed("BUG", __FILE__, __LINE__)

#ifdef CONFIG_DEBUG
#define ASSERT(p)                                                              \
    do                                                                         \
    {                                                                          \
        if ( unlikely(!(p)) )                                                  \
            assert_failed(#p, __FILE__, __LINE__);                             \
    } while ( 0 )
#define ASSERT_UNREACHABLE() assert_failed("unreachable", __FILE__, __LINE__)
#else
#define ASSERT(p)                                                              \
    do                                                                         \
    {                                                                          \
        if ( 0 && (p) )                                                        \
        {                                                                      \
        }                                                                      \
    } while ( 0 )
#define ASSERT_UNREACHABLE()                                                   \
    do                                                                         \
    {                                                                          \
    } while ( 0 )
#endif

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* More of the C library (xen/common/lib/string.c, xen/common/vsprintf.c). */
void *memmove(void *dst, const void *src, size_t n);
size_t strnlen(const char *s, size_t max);
char *strstr(const char *haystack, const char *needle);
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
    __attribute__((__format__(printf, 3, 0)));
void vprintk(const char *fmt, va_list args)
    __attribute__((__format__(printf, 1, 0)));

/*
 * Parse an unsigned number in base 10, or 16 with a 0x prefix (base 0),
 * or the given base; *end (if not NULL) points past the digits.
 */
unsigned long simple_strtoul(const char *s, const char **end,
                             unsigned int base);
/* A size with an optional K/M/G/T suffix (bytes if none). */
unsigned long long parse_size_and_unit(const char *s, const char **end);

#endif /* XEN__LIB_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
