/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys, as in Xen: type Ctrl-A three times on the console to give
 * its input to the hypervisor, then a key.  Input is read when dom0 polls
 * its console (SBI getchar, as Linux's hvc driver does), so the keys work
 * while a dom0 that polls runs.
 */

#include <xen/console.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/p2m.h>

static void show_help(void);

static void dump_p2m(void)
{
    struct domain *d;

    domain_list_read_begin();
    for_each_domain(d) p2m_dump_info(d);
    domain_list_read_end();
}

static void audit_p2m(void)
{
    struct domain *d;

    domain_list_read_begin();
    for_each_domain(d)
    {
        unsigned int bad = p2m_audit(p2m_get_hostp2m(d));

        printk("d%u: p2m audit: %u violation(s)%s\n", d->domain_id, bad,
               bad ? " (the lines above say which)" : "");
    }
    domain_list_read_end();
}

#ifdef CONFIG_P2M_DEBUG
static void dump_p2m_layout(void)
{
    struct domain *d;

    domain_list_read_begin();
    for_each_domain(d) p2m_debug_dump_layout(d);
    domain_list_read_end();
}
#endif

static const struct {
    unsigned char key;
    void (*fn)(void);
    const char *desc;
} keys[] = {
    { 'h', show_help, "show this list" },
    { 'q', dump_p2m, "dump each domain's p2m statistics" },
    { 'r', audit_p2m, "audit each domain's p2m" },
#ifdef CONFIG_P2M_DEBUG
    { 'l', dump_p2m_layout, "print each domain's p2m layout (runs of leaves)" },
#endif
};

static void show_help(void)
{
    unsigned int i;

    printk("'h' pressed -> showing the debug keys\n");
    for ( i = 0; i < ARRAY_SIZE(keys); i++ )
        printk(" key '%c': %s\n", keys[i].key, keys[i].desc);
    printk(" Ctrl-A three times: console input back to dom0\n");
}

void handle_keypress(unsigned char key)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(keys); i++ )
        if ( keys[i].key == key )
        {
            if ( key != 'h' )
                printk("'%c' pressed -> %s\n", key, keys[i].desc);
            keys[i].fn();
            return;
        }

    printk("'%c' (%#x) pressed -> no such debug key ('h' lists them)\n",
           key >= 0x20 && key < 0x7f ? key : '?', key);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
