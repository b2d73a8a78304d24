/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__TYPESAFE_H
#define XEN__TYPESAFE_H

/*
 * In debug builds a frame number is a one-member struct, so that passing a
 * GFN where an MFN is expected fails to compile.  Release builds use the
 * plain integer, which generates the same code.
 */
#ifdef CONFIG_DEBUG

#define TYPE_SAFE(_type, _name)                                                \
    typedef struct {                                                           \
        _type _name;                                                           \
    } _name##_t;                                                               \
    static inline _name##_t _##_name(_type n)                                  \
    {                                                                          \
        return (_name##_t){ n };                                               \
    }                                                                          \
    static inline _type _name##_x(_name##_t n)                                 \
    {                                                                          \
        return n._name;                                                        \
    }

#else

#define TYPE_SAFE(_type, _name)                                                \
    typedef _type _name##_t;                                                   \
    static inline _name##_t _##_name(_type n)                                  \
    {                                                                          \
        return n;                                                              \
    }                                                                          \
    static inline _type _name##_x(_name##_t n)                                 \
    {                                                                          \
        return n;                                                              \
    }

#endif

#endif /* XEN__TYPESAFE_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
