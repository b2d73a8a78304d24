/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line options, declared where they are used (Xen's interface):
 *
 *   static unsigned int __initdata opt_foo = 4;
 *   integer_param("foo", opt_foo);
 *
 * cmdline_parse() walks the command line once at boot and sets every
 * declared option it finds.  A value that does not parse is reported and
 * the variable keeps its default; an option nobody declared is reported
 * as unknown.  The last occurrence of an option wins.
 */
#ifndef XEN__PARAM_H
#define XEN__PARAM_H

#include <xen/types.h>

struct kernel_param {
    const char *name;
    enum {
        OPT_STR,    /* copied into a char array of len bytes */
        OPT_UINT,   /* an unsigned integer of len bytes */
        OPT_BOOL,   /* bool: name, name=1/0/yes/no/on/off/true/false */
        OPT_SIZE,   /* an unsigned long: 512M, 2G, 4096 ... */
        OPT_CUSTOM, /* func(value) returns 0 or -errno */
    } type;
    unsigned int len;
    union {
        void *var;
        int (*func)(const char *);
    } par;
};

extern const struct kernel_param __setup_start[], __setup_end[];

#define __kparam(tag)                                                          \
    static const struct kernel_param __setup_##tag __attribute__((             \
        __used__, __section__(".init.setup"), __aligned__(sizeof(void *))))

#define custom_param(_name, _func)                                             \
    __kparam(                                                                  \
        _func) = { .name = (_name), .type = OPT_CUSTOM, .par.func = (_func) }
#define integer_param(_name, _var)                                             \
    __kparam(_var) = { .name = (_name),                                        \
                       .type = OPT_UINT,                                       \
                       .len = sizeof(_var),                                    \
                       .par.var = &(_var) }
#define boolean_param(_name, _var)                                             \
    __kparam(_var) = { .name = (_name),                                        \
                       .type = OPT_BOOL,                                       \
                       .len = sizeof(_var),                                    \
                       .par.var = &(_var) }
#define size_param(_name, _var)                                                \
    __kparam(_var) = { .name = (_name),                                        \
                       .type = OPT_SIZE,                                       \
                       .len = sizeof(_var),                                    \
                       .par.var = &(_var) }
#define string_param(_name, _var)                                              \
    __kparam(_var) = { .name = (_name),                                        \
                       .type = OPT_STR,                                        \
                       .len = sizeof(_var),                                    \
                       .par.var = &(_var) }

/* Parse the hypervisor's command line; returns how many options failed. */
unsigned int cmdline_parse(const char *cmdline);

#endif /* XEN__PARAM_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
