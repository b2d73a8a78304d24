/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of the guest-page-fault decision (asm/guest_fault.h, the
 * real header): given the cause, htinst and the rights the p2m grants the
 * faulting GPA, is the fault spurious (retry) or real (reflect into the
 * guest)?
 *
 * Named cases first: the implicit accesses of a VS-stage walk (htinst
 * pseudoinstructions 0x2000/0x3000 read, 0x2020/0x3020 A/D write) on
 * page-table pages whose type lacks W or X, transformed explicit loads
 * and stores, zero (an explicit access: the spec forbids zero for a walk's
 * fault with a GPA in htval) and values the spec does not define.  Then
 * every combination of cause, a set of htinst values and rights against a
 * reference written from the spec.  Exit status 1 on any mismatch.
 */

#include <stdio.h>

#include <asm/guest_fault.h>

#define R p2m_access_r
#define W p2m_access_w
#define X p2m_access_x

#define FETCH CAUSE_FETCH_GUEST_PAGE_FAULT
#define LOAD  CAUSE_LOAD_GUEST_PAGE_FAULT
#define STORE CAUSE_STORE_GUEST_PAGE_FAULT

/*
 * Rights p2m_effective_perms() gives some type/access pairs (p2m.c):
 * ram_rw is RWX, ram_ro RX, a grant or foreign mapping RW or R.
 */
#define RAM_RW      (R | W | X)
#define RAM_RO      (R | X)
#define ACCESS_R    R
#define ACCESS_RW   (R | W)
#define ACCESS_X    X
#define GRANT_MAP_R R

/* Transformed explicit accesses (bits 1:0 = 11, or 01 if compressed). */
#define TINST_LD_A0  0x00003503UL /* ld a0, 0(x0-offset form) */
#define TINST_SD_A0  0x00a03023UL /* sd a0 */
#define TINST_C_LD   0x00003501UL /* c.ld, expanded, bit 1 cleared */
#define TINST_AMOADD 0x0000302fUL /* amoadd.d, rs1 field = offset 0 */

static unsigned int passed, failed;

static const char *cause_name(unsigned long cause)
{
    return cause == FETCH ? "fetch" : cause == LOAD ? "load" : "store";
}

static void expect(const char *what, unsigned long cause, unsigned long htinst,
                   unsigned int perms, bool want)
{
    bool got = gpf_p2m_allows(cause, htinst, perms);

    if ( got == want )
    {
        passed++;
        return;
    }

    failed++;
    printf("guest-fault: FAIL: %s: %s fault, htinst %#lx, rights %c%c%c: "
           "%s, expected %s\n",
           what, cause_name(cause), htinst, perms & R ? 'r' : '-',
           perms & W ? 'w' : '-', perms & X ? 'x' : '-',
           got ? "retry" : "reflect", want ? "retry" : "reflect");
}

static void named_cases(void)
{
    /* The defect: a walk's PTE read needs R, whatever the access was. */
    expect("fetch, walk reads a PT page without X", FETCH, HTINST_VS_PT_READ64,
           ACCESS_RW, true);
    expect("store, walk reads a read-only (ram_ro) PT page", STORE,
           HTINST_VS_PT_READ64, RAM_RO, true);
    expect("store, walk reads a PT page with access r", STORE,
           HTINST_VS_PT_READ64, ACCESS_R, true);
    expect("load, walk reads a PT page in a read-only grant", LOAD,
           HTINST_VS_PT_READ64, GRANT_MAP_R, true);
    expect("fetch, walk reads a PT page (RV32 value)", FETCH,
           HTINST_VS_PT_READ32, ACCESS_RW, true);
    expect("store, walk reads a read-only PT page (RV32 value)", STORE,
           HTINST_VS_PT_READ32, RAM_RO, true);
    expect("fetch, walk reads an execute-only PT page", FETCH,
           HTINST_VS_PT_READ64, ACCESS_X, false);

    /* A/D updates write the PTE: W needed, even for a fetch or a load. */
    expect("load, A/D update on a read-only PT page", LOAD,
           HTINST_VS_PT_WRITE64, RAM_RO, false);
    expect("fetch, A/D update on a PT page with access r", FETCH,
           HTINST_VS_PT_WRITE64, ACCESS_R, false);
    expect("fetch, A/D update on a writable PT page", FETCH,
           HTINST_VS_PT_WRITE64, ACCESS_RW, true);
    expect("load, A/D update (RV32 value) on a writable PT page", LOAD,
           HTINST_VS_PT_WRITE32, ACCESS_RW, true);
    expect("load, A/D update (RV32 value) on a read-only PT page", LOAD,
           HTINST_VS_PT_WRITE32, RAM_RO, false);
    expect("store, A/D update on ram_rw", STORE, HTINST_VS_PT_WRITE64, RAM_RW,
           true);

    /* A transformed instruction names the explicit access: its own right. */
    expect("transformed ld, execute-only page", LOAD, TINST_LD_A0, ACCESS_X,
           false);
    expect("transformed ld, readable page", LOAD, TINST_LD_A0, ACCESS_R, true);
    expect("transformed sd, ram_ro", STORE, TINST_SD_A0, RAM_RO, false);
    expect("transformed c.ld, execute-only page", LOAD, TINST_C_LD, ACCESS_X,
           false);
    expect("transformed amoadd.d, access r", STORE, TINST_AMOADD, ACCESS_R,
           false);

    /* Zero: the access itself (QEMU 7.2 writes zero for those). */
    expect("htinst 0: fetch needs X", FETCH, 0, ACCESS_RW, false);
    expect("htinst 0: fetch from ram_ro", FETCH, 0, RAM_RO, true);
    expect("htinst 0: load from an execute-only page", LOAD, 0, ACCESS_X,
           false);
    expect("htinst 0: store to ram_ro", STORE, 0, RAM_RO, false);
    expect("htinst 0: store to ram_rw", STORE, 0, RAM_RW, true);

    /* Not defined values are no pseudoinstruction: the access's own. */
    expect("bits above a pseudoinstruction", STORE, 0x00013000UL, ACCESS_R,
           false);
    expect("bits 1:0 = 10", FETCH, 0x00003002UL, ACCESS_RW, false);
    expect("upper half set", LOAD, 0x100003020UL, ACCESS_R, true);

    /* What is needed, exactly. */
    if ( gpf_right_needed(FETCH, HTINST_VS_PT_READ64) == R &&
         gpf_right_needed(STORE, HTINST_VS_PT_READ32) == R &&
         gpf_right_needed(FETCH, HTINST_VS_PT_WRITE64) == W &&
         gpf_right_needed(LOAD, HTINST_VS_PT_WRITE32) == W &&
         gpf_right_needed(FETCH, 0) == X && gpf_right_needed(LOAD, 0) == R &&
         gpf_right_needed(STORE, 0) == W &&
         gpf_right_needed(STORE, TINST_SD_A0) == W )
        passed++;
    else
    {
        failed++;
        printf("guest-fault: FAIL: gpf_right_needed() values\n");
    }
}

/* The spec's rule, written out independently. */
static bool reference(unsigned long cause, unsigned long htinst,
                      unsigned int perms)
{
    unsigned int own = cause == FETCH ? X : cause == LOAD ? R : W;

    if ( htinst == 0x2000 || htinst == 0x3000 )
        return perms & R;
    if ( htinst == 0x2020 || htinst == 0x3020 )
        return perms & W;

    return perms & own;
}

static void all_cases(void)
{
    static const unsigned long causes[] = { FETCH, LOAD, STORE };
    static const unsigned long tinsts[] = {
        0,
        HTINST_VS_PT_READ32,
        HTINST_VS_PT_WRITE32,
        HTINST_VS_PT_READ64,
        HTINST_VS_PT_WRITE64,
        TINST_LD_A0,
        TINST_SD_A0,
        TINST_C_LD,
        TINST_AMOADD,
        0x00003002UL,
        0x00003010UL,
        0x00013000UL,
        0x100003000UL,
    };
    unsigned int before = failed, n = 0;

    for ( unsigned int c = 0; c < sizeof(causes) / sizeof(causes[0]); c++ )
        for ( unsigned int i = 0; i < sizeof(tinsts) / sizeof(tinsts[0]); i++ )
            for ( unsigned int perms = 0; perms < 8; perms++, n++ )
                expect("all combinations", causes[c], tinsts[i], perms,
                       reference(causes[c], tinsts[i], perms));

    printf("guest-fault: %u combinations checked, %u wrong\n", n,
           failed - before);
}

int main(void)
{
    named_cases();
    all_cases();
    printf("guest-fault: %u passed, %u failed\n", passed, failed);

    return failed ? 1 : 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
