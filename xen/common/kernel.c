/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's command line ("name=value name2 ..."; Xen's syntax):
 * every option is declared with integer_param() and friends
 * (xen/param.h) beside the code that uses it, and parsed here, once,
 * strictly: a malformed value is reported and the default kept, an
 * unknown option is reported.  docs/misc/xen-command-line.pandoc lists
 * them all.
 */

#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>

/* Longest "name=value" token looked at; longer ones are reported. */
#define MAX_TOKEN 128

/* An unsigned integer that is the whole of s and fits in len bytes. */
static int __init parse_uint(const char *s, unsigned int len,
                             unsigned long *out)
{
    const char *end;
    unsigned long v;

    if ( !*s || *s == '-' )
        return -EINVAL;
    v = simple_strtoul(s, &end, 0);
    if ( end == s || *end )
        return -EINVAL;
    if ( len < sizeof(v) && (v >> (len * 8)) )
        return -ERANGE;
    *out = v;

    return 0;
}

static int __init parse_bool(const char *s)
{
    if ( !strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "on") ||
         !strcmp(s, "true") || !strcmp(s, "enable") )
        return 1;
    if ( !strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "off") ||
         !strcmp(s, "false") || !strcmp(s, "disable") )
        return 0;

    return -EINVAL;
}

static void __init store_uint(const struct kernel_param *p, unsigned long v)
{
    switch ( p->len )
    {
    case 1:
        *(uint8_t *)p->par.var = v;
        break;
    case 2:
        *(uint16_t *)p->par.var = v;
        break;
    case 4:
        *(uint32_t *)p->par.var = v;
        break;
    default:
        *(uint64_t *)p->par.var = v;
        break;
    }
}

/* Set one option from its value (NULL: the option came without '='). */
static int __init apply_param(const struct kernel_param *p, const char *val)
{
    unsigned long v;
    const char *end;
    int rc;

    switch ( p->type )
    {
    case OPT_BOOL:
        rc = val ? parse_bool(val) : 1;
        if ( rc < 0 )
            return rc;
        *(bool *)p->par.var = rc;
        return 0;

    case OPT_UINT:
        if ( !val )
            return -EINVAL;
        rc = parse_uint(val, p->len, &v);
        if ( rc )
            return rc;
        store_uint(p, v);
        return 0;

    case OPT_SIZE:
        if ( !val || !*val || *val == '-' )
            return -EINVAL;
        v = parse_size_and_unit(val, &end);
        if ( end == val || *end )
            return -EINVAL;
        store_uint(p, v);
        return 0;

    case OPT_STR:
        if ( !val )
            return -EINVAL;
        if ( strlen(val) >= p->len )
            return -E2BIG;
        strlcpy(p->par.var, val, p->len);
        return 0;

    case OPT_CUSTOM:
        return p->par.func(val ? val : "");
    }

    return -EINVAL;
}

unsigned int __init cmdline_parse(const char *cmdline)
{
    const char *s = cmdline;
    unsigned int bad = 0;

    if ( !s )
        return 0;

    while ( *s )
    {
        char token[MAX_TOKEN], *val;
        const struct kernel_param *p;
        const char *start;
        size_t len;
        int rc;

        while ( *s == ' ' )
            s++;
        start = s;
        while ( *s && *s != ' ' )
            s++;
        len = s - start;
        if ( !len )
            continue;
        if ( len >= sizeof(token) )
        {
            printk("parameter \"%.32s...\" is too long: ignored\n", start);
            bad++;
            continue;
        }
        memcpy(token, start, len);
        token[len] = '\0';

        val = strchr(token, '=');
        if ( val )
            *val++ = '\0';

        for ( p = __setup_start; p < __setup_end; p++ )
            if ( !strcmp(p->name, token) )
                break;
        if ( p == __setup_end )
        {
            printk("parameter \"%s\" unknown!\n", token);
            bad++;
            continue;
        }

        rc = apply_param(p, val);
        if ( rc )
        {
            printk("parameter \"%s\" has invalid value \"%s\" (%d): "
                   "keeping the default\n",
                   token, val ? val : "", rc);
            bad++;
        }
    }

    return bad;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
