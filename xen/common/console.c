/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console: every hart's output goes through the SBI legacy putchar
 * under one lock (the firmware interleaves characters of concurrent
 * callers).  Hypervisor lines are prefixed "(XEN) ", guest lines
 * "(d<id>) ".
 */

#include <xen/console.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/spinlock.h>
#include <asm/current.h>
#include <asm/sbi.h>

static DEFINE_SPINLOCK(console_lock);

/* Whether the next hypervisor character starts a line (needs a prefix). */
static bool console_at_line_start = true;

static void putchars(const char *s, size_t len)
{
    while ( len-- )
        sbi_console_putchar(*s++);
}

/* Start a fresh line if a partial "(XEN) " line is pending.  Lock held. */
static void console_end_partial_line(void)
{
    if ( !console_at_line_start )
    {
        putchars("\n", 1);
        console_at_line_start = true;
    }
}

/* Print s, prefixing "(XEN) " at each line start.  Lock held. */
static void console_emit(const char *s)
{
    for ( ; *s; s++ )
    {
        if ( console_at_line_start )
        {
            putchars("(XEN) ", 6);
            console_at_line_start = false;
        }
        putchars(s, 1);
        if ( *s == '\n' )
            console_at_line_start = true;
    }
}

/* Ctrl-A: three in a row switch console input (Xen's default). */
#define CONSOLE_SWITCH_CHAR  0x01
#define CONSOLE_SWITCH_COUNT 3

/* Input state: under console_input_lock (dom0's vCPUs may all poll). */
static DEFINE_SPINLOCK(console_input_lock);
static bool input_to_xen;
static unsigned int switch_chars_seen;

int console_getchar_for_dom0(void)
{
    int c;

    spin_lock(&console_input_lock);
    c = sbi_console_getchar();
    if ( c < 0 )
        goto out;

    if ( c == CONSOLE_SWITCH_CHAR )
    {
        /* Swallowed, as in Xen, so that the count cannot leak to dom0. */
        if ( ++switch_chars_seen == CONSOLE_SWITCH_COUNT )
        {
            switch_chars_seen = 0;
            input_to_xen = !input_to_xen;
            printk("*** Console input to %s (type Ctrl-A three times to "
                   "switch%s)\n",
                   input_to_xen ? "Xen" : "dom0",
                   input_to_xen ? "; 'h' lists the debug keys" : "");
        }
        c = -1;
        goto out;
    }
    switch_chars_seen = 0;

    if ( input_to_xen )
    {
        spin_unlock(&console_input_lock);
        handle_keypress(c);
        return -1;
    }

 out:
    spin_unlock(&console_input_lock);
    return c;
}

/* Xen's XENLOG_* markers ("<0>".."<3>") select a level; we print all. */
static const char *skip_loglvl(const char *s)
{
    if ( s[0] == '<' && s[1] >= '0' && s[1] <= '9' && s[2] == '>' )
        return s + 3;
    return s;
}

void vprintk(const char *fmt, va_list args)
{
    char buf[512];

    vsnprintf(buf, sizeof(buf), fmt, args);

    spin_lock(&console_lock);
    console_emit(skip_loglvl(buf));
    spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void console_puts_raw(const char *s, size_t len)
{
    spin_lock(&console_lock);
    putchars(s, len);
    spin_unlock(&console_lock);
}

void console_force_unlock(void)
{
    unsigned long tries;

    /*
     * A hart that crashed while printing may hold the lock forever; after
     * a generous wait, take the console anyway.
     */
    for ( tries = 0; tries < 10000000UL; tries++ )
        if ( spin_trylock(&console_lock) )
            break;

    console_end_partial_line();
    spin_unlock(&console_lock);
}

/* Print the domain's buffered line.  Lock held. */
static void guest_console_flush(struct domain *d)
{
    char prefix[16];
    int n = snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);

    console_end_partial_line();
    putchars(prefix, n);
    putchars(d->console_buf, d->console_len);
    putchars("\n", 1);
    d->console_len = 0;
}

void guest_console_write(struct domain *d, const char *buf, unsigned long len)
{
    spin_lock(&console_lock);

    for ( ; len; len--, buf++ )
    {
        char c = *buf;

        if ( c == '\n' )
        {
            guest_console_flush(d);
            continue;
        }
        /* A CR before LF ends nothing; a lone one is dropped as well. */
        if ( c == '\r' )
            continue;
        /* Keep guest bytes printable so they cannot drive the terminal. */
        if ( (c < 0x20 && c != '\t') || c == 0x7f )
            c = '?';

        d->console_buf[d->console_len++] = c;
        if ( d->console_len == sizeof(d->console_buf) )
            guest_console_flush(d);
    }

    spin_unlock(&console_lock);
}

/* Print whatever the domain left without a newline (at shutdown). */
void guest_console_flush_partial(struct domain *d)
{
    spin_lock(&console_lock);
    if ( d->console_len )
        guest_console_flush(d);
    spin_unlock(&console_lock);
}

static unsigned int in_panic;

void panic(const char *fmt, ...)
{
    va_list args;
    char buf[256];

    /* A panic while panicking (or printing the panic) just stops. */
    if ( __atomic_exchange_n(&in_panic, 1, __ATOMIC_ACQ_REL) )
        machine_power_off(true);

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);

    console_force_unlock();
    printk("****************************************\n");
    printk("Panic on CPU%u:\n", smp_processor_id());
    printk("%s%s", buf, buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
    printk("****************************************\n");

    machine_power_off(true);
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    panic("Assertion '%s' failed at %s:%u", expr, file, line);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
