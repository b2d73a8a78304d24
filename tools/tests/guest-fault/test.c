/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hosted test of the guest-page-fault decision (asm/guest_fault.h, the
 * real header): given the cause, htinst, whether VS-stage translation is
 * on and the rights the p2m grants the faulting GPA, is the fault
 * spurious (retry) or real (reflect into the guest)?
 *
 * Named cases first: the implicit accesses of a VS-stage walk (htinst
 * pseudoinstructions 0x2000/0x3000 read, 0x2020/0x3020 A/D write) on
 * page-table pages whose type lacks W or X, transformed explicit loads
 * and stores, and htinst = 0 ("no information", what QEMU 7.2 writes).
 * Then every combination of cause, a set of htinst values, VS-stage
 * translation and rights against a reference written from the spec.
 * Exit status 1 on any mismatch.
 */

#include <stdio.h>

#include <asm/guest_fault.h>

#define R P2M_ACCESS_R
#define W P2M_ACCESS_W
#define X P2M_ACCESS_X

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
                   bool vs, unsigned int perms, bool want)
{
    bool got = gpf_p2m_allows(cause, htinst, vs, perms);

    if ( got == want )
    {
        passed++;
        return;
    }

    failed++;
    printf("guest-fault: FAIL: %s: %s fault, htinst %#lx, VS-stage %s, "
           "rights %c%c%c: %s, expected %s\n",
           what, cause_name(cause), htinst, vs ? "on" : "off",
           perms & R ? 'r' : '-', perms & W ? 'w' : '-', perms & X ? 'x' : '-',
           got ? "retry" : "reflect", want ? "retry" : "reflect");
}

static void named_cases(void)
{
    /* The defect: a walk's PTE read needs R, whatever the access was. */
    expect("fetch, walk reads a PT page without X", FETCH, HTINST_VS_PT_READ64,
           true, ACCESS_RW, true);
    expect("store, walk reads a read-only (ram_ro) PT page", STORE,
           HTINST_VS_PT_READ64, true, RAM_RO, true);
    expect("store, walk reads a PT page with access r", STORE,
           HTINST_VS_PT_READ64, true, ACCESS_R, true);
    expect("load, walk reads a PT page in a read-only grant", LOAD,
           HTINST_VS_PT_READ64, true, GRANT_MAP_R, true);
    expect("fetch, walk reads a PT page (RV32 value)", FETCH,
           HTINST_VS_PT_READ32, true, ACCESS_RW, true);
    expect("fetch, walk reads an execute-only PT page", FETCH,
           HTINST_VS_PT_READ64, true, ACCESS_X, false);

    /* A/D updates write the PTE: W needed, even for a fetch or a load. */
    expect("load, A/D update on a read-only PT page", LOAD,
           HTINST_VS_PT_WRITE64, true, RAM_RO, false);
    expect("fetch, A/D update on a PT page with access r", FETCH,
           HTINST_VS_PT_WRITE64, true, ACCESS_R, false);
    expect("fetch, A/D update on a writable PT page", FETCH,
           HTINST_VS_PT_WRITE64, true, ACCESS_RW, true);
    expect("load, A/D update (RV32 value) on a writable PT page", LOAD,
           HTINST_VS_PT_WRITE32, true, ACCESS_RW, true);
    expect("store, A/D update on ram_rw", STORE, HTINST_VS_PT_WRITE64, true,
           RAM_RW, true);

    /* A transformed instruction names the explicit access: its own right. */
    expect("transformed ld, execute-only page", LOAD, TINST_LD_A0, true,
           ACCESS_X, false);
    expect("transformed ld, readable page", LOAD, TINST_LD_A0, true, ACCESS_R,
           true);
    expect("transformed sd, ram_ro", STORE, TINST_SD_A0, true, RAM_RO, false);
    expect("transformed c.ld, execute-only page", LOAD, TINST_C_LD, true,
           ACCESS_X, false);
    expect("transformed amoadd.d, access r", STORE, TINST_AMOADD, true,
           ACCESS_R, false);

    /* htinst = 0: no information. */
    expect("no htinst, no VS-stage: fetch needs X", FETCH, 0, false, ACCESS_RW,
           false);
    expect("no htinst, no VS-stage: store needs W", STORE, 0, false, RAM_RO,
           false);
    expect("no htinst, no VS-stage: fetch from ram_ro", FETCH, 0, false, RAM_RO,
           true);
    expect("no htinst, VS-stage on: maybe a walk, R will do", FETCH, 0, true,
           ACCESS_RW, true);
    expect("no htinst, VS-stage on: store, ram_ro (maybe a walk)", STORE, 0,
           true, RAM_RO, true);
    expect("no htinst, VS-stage on: nothing but X", STORE, 0, true, ACCESS_X,
           false);
    /* Bits 1:0 = 10 is no defined value: treated as zero. */
    expect("undefined htinst, VS-stage on", FETCH, 0x00003002UL, true,
           ACCESS_RW, true);
    expect("undefined htinst, VS-stage off", FETCH, 0x00003002UL, false,
           ACCESS_RW, false);

    /* What is needed, exactly. */
    if ( gpf_rights_needed(FETCH, HTINST_VS_PT_READ64, true) == R &&
         gpf_rights_needed(FETCH, HTINST_VS_PT_WRITE64, true) == W &&
         gpf_rights_needed(FETCH, 0, false) == X &&
         gpf_rights_needed(LOAD, 0, false) == R &&
         gpf_rights_needed(STORE, 0, false) == W &&
         gpf_rights_needed(STORE, 0, true) == (W | R) &&
         gpf_rights_needed(STORE, TINST_SD_A0, true) == W )
        passed++;
    else
    {
        failed++;
        printf("guest-fault: FAIL: gpf_rights_needed() values\n");
    }
}

/* The spec's rule, written out independently. */
static bool reference(unsigned long cause, unsigned long htinst, bool vs,
                      unsigned int perms)
{
    unsigned int own = cause == FETCH ? X : cause == LOAD ? R : W;

    if ( htinst == 0x2000 || htinst == 0x3000 )
        return perms & R;
    if ( htinst == 0x2020 || htinst == 0x3020 )
        return perms & W;
    if ( perms & own )
        return true;
    /* Unknown: a walk's read is possible only with VS-stage on. */
    return vs && !(htinst & 1) && (perms & R);
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
    };
    unsigned int before = failed;

    for ( unsigned int c = 0; c < sizeof(causes) / sizeof(causes[0]); c++ )
        for ( unsigned int i = 0; i < sizeof(tinsts) / sizeof(tinsts[0]); i++ )
            for ( unsigned int vs = 0; vs < 2; vs++ )
                for ( unsigned int perms = 0; perms < 8; perms++ )
                    expect("all combinations", causes[c], tinsts[i], vs, perms,
                           reference(causes[c], tinsts[i], vs, perms));

    printf("guest-fault: %u combinations checked, %u wrong\n",
           (unsigned int)(3 * 12 * 2 * 8), failed - before);
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
