/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor image: linked and run at 0x80400000 (RAM base + 4 MiB),
 * on physical addresses.  Not at RAM base + 2 MiB, where a guest kernel
 * runs (at that GPA): with both there, gdb could not tell the hypervisor's
 * symbols and breakpoints from the guest's.
 */

OUTPUT_ARCH(riscv)
ENTRY(_start)

XEN_PHYS_START = 0x80400000;

SECTIONS
{
    . = XEN_PHYS_START;
    _start_image = .;

    .text : {
        _stext = .;
        *(.text.header)
        *(.text .text.*)
        _etext = .;
    }

    . = ALIGN(4096);
    .rodata : {
        *(.rodata .rodata.* .srodata .srodata.*)
    }

    /*
     * Fixups for instructions that may fault on guest addresses (HLV/HSV
     * on a guest handle): { faulting pc, continuation pc } pairs, see
     * fixup_exception().
     */
    . = ALIGN(8);
    __ex_table : {
        __start___ex_table = .;
        KEEP(*(__ex_table))
        __stop___ex_table = .;
    }

    /* Command-line options (xen/param.h), walked by cmdline_parse(). */
    . = ALIGN(8);
    .init.setup : {
        __setup_start = .;
        KEEP(*(.init.setup))
        __setup_end = .;
    }

    . = ALIGN(4096);
    .data : {
        *(.data .data.* .sdata .sdata.*)
    }

    . = ALIGN(64);
    .bss (NOLOAD) : {
        __bss_start = .;
        *(.sbss .sbss.* .bss .bss.* COMMON)
        . = ALIGN(8);
        __bss_end = .;
    }

    . = ALIGN(4096);
    _end = .;

    /DISCARD/ : {
        *(.eh_frame .eh_frame_hdr)
        *(.note .note.*)
        *(.comment)
    }
}
