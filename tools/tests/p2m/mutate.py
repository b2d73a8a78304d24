#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Mutation self-test: prove the harness fails on known p2m bugs.

Environment mutations switch the harness's models (p2m-test --mutant).
Source mutations copy p2m.c, apply one exact textual substitution, build
the mutant and run a focused suite, which must FAIL.  A substitution that
no longer matches p2m.c is a failure of the self-test: keep this list in
step with p2m.c.

Multi-domain mutations (MULTI) mutate p2m.c or vmid.c the same way and run
the multi-domain suite alone (multi.c, --multi): they show that a VMID
reused without a flush, or a flush that misses a hart or names the wrong
VMID, becomes a stale translation of another domain there.
"""
import argparse
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# (name, [(old, new), ...], extra p2m-test arguments)
SOURCE = [
    ("skip the flush at unlock",
     [("    if ( p2m->flush_vmid || p2m->flush_nr_gpa )\n"
       "        p2m_tlb_flush(p2m);\n\n    for", "    for")], []),
    ("address-only fence after a split",
     [("    if ( pte_is_table(old) || pte_is_table(new_pte) )\n"
       "    {\n        p2m->flush_vmid = true;",
       "    if ( pte_is_table(old) )\n"
       "    {\n        p2m->flush_vmid = true;")], []),
    ("free a table before its fence",
     [("    if ( was_live )\n"
       "        page_list_add_tail(pg, &p2m->deferred_free);",
       "    if ( was_live )\n"
       "        page_list_add(pg, &p2m->domain->arch.paging.freelist);")], []),
    ("leaf with U=0",
     [("    pte.pte |= PTE_VALID | PTE_USER | PTE_ACCESSED;",
       "    pte.pte |= PTE_VALID | PTE_ACCESSED;")], []),
    ("W without R",
     [("    if ( !(perms & p2m_access_r) )\n        perms &= ~p2m_access_w;",
       "    if ( !(perms & p2m_access_r) )\n        perms |= 0;")], []),
    ("publish a table before filling it",
     [("    rc = p2m_split_superpage(",
       "    if ( p2m_pte_is_present(old) &&\n"
       "         page_list_first(&p2m->domain->arch.paging.freelist) )\n"
       "        write_pte(&((pte_t *)p2m_map_table(path[level].pg))"
       "[path[level].idx],\n"
       "                  p2m_table_pte(page_list_first(\n"
       "                      &p2m->domain->arch.paging.freelist)));\n"
       "    rc = p2m_split_superpage(")], []),
    ("16 KiB-misaligned root (p2m's own check removed)",
     [("    if ( !IS_ALIGNED(mfn_x(page_to_mfn(root)), P2M_ROOT_PAGES) )",
       "    if ( 0 )")], ["--mutant", "misalign-root"]),
    ("split even when the superpage implies the entry (R6)",
     [("    return t == leaf->t && a == leaf->a &&\n"
       "           mfn_eq(mfn_add(pte_get_mfn(old), offset), leaf->mfn);",
       "    return false && t == leaf->t && a == leaf->a &&\n"
       "           mfn_eq(mfn_add(pte_get_mfn(old), offset), leaf->mfn);")],
     []),
    ("32-bit frame arithmetic in the split",
     [("    step = 1UL << (XEN_PT_LEVEL_ORDER(level) + PTE_PPN_SHIFT);",
       "    step = (unsigned int)(1UL << (XEN_PT_LEVEL_ORDER(level) +\n"
       "                                  PTE_PPN_SHIFT));")],
     []),
    ("no write barrier before publishing",
     [("    smp_wmb();\n    table = p2m_map_table(path[level].pg);",
       "    table = p2m_map_table(path[level].pg);")], []),
    ("an entry's change does not count off the leaf it replaces",
     [("    p2m->stats.leaves[level] -= p2m_pte_is_leaf(old);\n}",
       "    p2m->stats.leaves[level] -= 0;\n}")], []),
    ("split store skips the counters",
     [("    write_pte(&table[s->idx], new_pte);\n"
       "    p2m_count_change(p2m, pg, level, old, new_pte);",
       "    write_pte(&table[s->idx], new_pte);")], []),
    ("split store leaves a piece's metadata byte behind",
     [("    if ( md || p2m_pte_has_md(new_pte) )\n",
       "    if ( p2m_pte_has_md(new_pte) )\n")], []),
    ("split store drops the new leaf's metadata byte",
     [("    if ( md || p2m_pte_has_md(new_pte) )\n",
       "    if ( md )\n")], []),
    ("empty tables not freed (R11)",
     [("         !path[level].pg->v.md.nonzero_entries )\n"
       "        p2m_free_empty_tables(p2m, path, gfn, level);",
       "         !path[level].pg->v.md.nonzero_entries )\n"
       "        (void)p2m_free_empty_tables;")], []),
    ("writable leaf without D",
     [("        pte.pte |= PTE_WRITABLE | PTE_DIRTY;",
       "        pte.pte |= PTE_WRITABLE;")], []),
    ("address fence names the wrong page",
     [("        gfn_to_gaddr(gfn) & ~((1UL << XEN_PT_LEVEL_SHIFT(level)) - 1);",
       "        (gfn_to_gaddr(gfn) & ~((1UL << XEN_PT_LEVEL_SHIFT(level)) - 1))"
       " +\n        (1UL << XEN_PT_LEVEL_SHIFT(level));")], []),
    ("local fences to the wrong VMID",
     [("            hfence_gvma_vmid(p2m->vmid);",
       "            hfence_gvma_vmid(p2m->vmid + 1);"),
      ("            hfence_gvma_gpa_vmid(p2m->flush_gpa[i], p2m->vmid);",
       "            hfence_gvma_gpa_vmid(p2m->flush_gpa[i], p2m->vmid + 1);")],
     []),
    ("remote fences to the wrong VMID",
     [("            gstage_flush_remote(&remote, p2m->vmid, 0, GSTAGE_FLUSH_ALL);",
       "            gstage_flush_remote(&remote, p2m->vmid + 1, 0, "
       "GSTAGE_FLUSH_ALL);")],
     []),
    ("remote harts not fenced",
     [("    if ( !cpumask_empty(&remote) )\n    {\n"
       "        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )",
       "    if ( 0 )\n    {\n"
       "        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )")], []),
    ("one remote fence call per address",
     [("        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )\n"
       "            gstage_flush_remote(&remote, p2m->vmid, 0, GSTAGE_FLUSH_ALL);\n"
       "        else\n",
       "        if ( p2m->flush_vmid )\n"
       "            gstage_flush_remote(&remote, p2m->vmid, 0, GSTAGE_FLUSH_ALL);\n"
       "        else\n"
       "            for ( unsigned int i = 1; i < p2m->flush_nr_gpa; i++ )\n"
       "                gstage_flush_remote(&remote, p2m->vmid, "
       "p2m->flush_gpa[i],\n"
       "                                    PAGE_SIZE);\n"
       "        if ( !p2m->flush_vmid )\n")], []),
    ("several addresses fenced remotely by the first one only",
     [("        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )",
       "        if ( p2m->flush_vmid )")], []),
    ("local address fences become VMID-wide (counters unchanged)",
     [("            hfence_gvma_gpa_vmid(p2m->flush_gpa[i], p2m->vmid);",
       "            hfence_gvma_vmid(p2m->vmid);")], []),
    ("every hole reported as order 0",
     [("        *page_order = XEN_PT_LEVEL_ORDER(level);",
       "        *page_order =\n"
       "            p2m_pte_is_leaf(pte) ? XEN_PT_LEVEL_ORDER(level) : 0;")], []),
    ("no full barrier before the flush reads the dirty mask",
     [("    smp_mb();\n    local = cpumask_test_cpu(cpu, &p2m->dirty_cpumask);",
       "    local = cpumask_test_cpu(cpu, &p2m->dirty_cpumask);")], []),
    ("no full barrier after joining the dirty mask",
     [("    cpumask_set_cpu(cpu, &p2m->dirty_cpumask);\n    smp_mb();",
       "    cpumask_set_cpu(cpu, &p2m->dirty_cpumask);")], []),
    ("allow in-place RAM<->MMIO changes",
     [("    if ( !removing && p2m_range_changes_cacheability(p2m, sgfn, nr, t) )",
       "    if ( 0 && p2m_range_changes_cacheability(p2m, sgfn, nr, t) )"),
      ("    if ( !set_access && p2m_type_is_io(ot) != p2m_type_is_io(nt) )",
       "    if ( 0 )"),
      ("        if ( p2m_type_is_io(t) != p2m_type_is_io(leaf->t) )",
       "        if ( 0 )")], []),
    ("fence a change the PTE does not show",
     [("    if ( old.pte != new_pte.pte )\n        p2m_note_replaced",
       "    if ( 1 )\n        p2m_note_replaced")], []),
    ("merge without a fence",
     [("        p2m_note_replaced(p2m, old, new_pte, gfn, level + 1);\n",
       "")], ["--merge"]),
    ("merge although one entry differs in its metadata (access)",
     [("            uniform = md[i] == md[0];",
       "            uniform = true;")], ["--merge"]),
    ("merge checking only the entry just written",
     [("    for ( unsigned int i = 1; uniform && i < PAGETABLE_ENTRIES; i++ )\n"
       "        uniform = table[i].pte == pte0.pte + i * step;",
       "    for ( unsigned int i = 1; 0 && i < PAGETABLE_ENTRIES; i++ )\n"
       "        uniform = table[i].pte == pte0.pte + i * step;")], ["--merge"]),
    ("merge a misaligned run of frames",
     [("                   table[idx].pte == pte0.pte + idx * step &&\n"
       "                   IS_ALIGNED(mfn_x(pte_get_mfn(pte0)),\n"
       "                              1UL << XEN_PT_LEVEL_ORDER(level + 1));",
       "                   table[idx].pte == pte0.pte + idx * step;"),
      ("    may = IS_ALIGNED(mfn_x(pte_get_mfn(table[0])),\n"
       "                     1UL << XEN_PT_LEVEL_ORDER(level + 1)) &&\n"
       "          table[s->idx].pte ==",
       "    may = table[s->idx].pte ==")],
     ["--merge"]),
    ("merged table back in the pool before its fence",
     [("        p2m_free_table(p2m, pg, true);\n        p2m->stats.merges++;",
       "        p2m_free_table(p2m, pg, false);\n        p2m->stats.merges++;")],
     ["--merge"]),
    ("merge foreign and granted frames",
     [("    return p2m_is_ram(t) || t == p2m_mmio_direct_io;",
       "    return true;")], ["--merge"]),
    ("failed split returns pages to the tail of the pool",
     [("        p2m_scrub_page(pg);\n"
       "        page_list_add(pg, &p2m->domain->arch.paging.freelist);",
       "        page_list_add_tail(pg, &p2m->domain->arch.paging.freelist);")],
     ["--faults"]),
    ("failed split leaves its PTEs in the pages it returns",
     [("        p2m_scrub_page(pg);\n"
       "        page_list_add(pg, &p2m->domain->arch.paging.freelist);",
       "        page_list_add(pg, &p2m->domain->arch.paging.freelist);")],
     ["--faults"]),
    ("failed split does not count its table's leaves back",
     [("            p2m->stats.leaves[level]--;\n        }\n    }\n"
       "    unmap_domain_page(table);",
       "            if ( was_live )\n"
       "                p2m->stats.leaves[level]--;\n        }\n    }\n"
       "    unmap_domain_page(table);")], ["--faults"]),
    ("teardown counts a foreign superpage as one unit of work",
     [("    if ( p2m->nr_foreign_put == runs_before )\n        return 1;",
       "    if ( 1 )\n        return 1;")], ["--teardown"]),
]

# (name, "p2m" or "vmid", [(old, new), ...]): run with MULTI_FOCUS only.
MULTI = [
    ("multi-domain: remote harts not fenced", "p2m",
     [("    if ( !cpumask_empty(&remote) )\n    {\n"
       "        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )",
       "    if ( 0 )\n    {\n"
       "        if ( p2m->flush_vmid || p2m->flush_nr_gpa > 1 )")]),
    ("multi-domain: remote fences to the wrong VMID", "p2m",
     [("            gstage_flush_remote(&remote, p2m->vmid, 0, GSTAGE_FLUSH_ALL);",
       "            gstage_flush_remote(&remote, p2m->vmid + 1, 0, "
       "GSTAGE_FLUSH_ALL);")]),
    ("multi-domain: table unlinked with only an address fence", "p2m",
     [("    if ( pte_is_table(old) || pte_is_table(new_pte) )\n    {\n"
       "        p2m->flush_vmid = true;",
       "    if ( pte_is_table(new_pte) )\n    {\n"
       "        p2m->flush_vmid = true;")]),
    ("vmid.c: VMID reused without the generation flush", "vmid",
     [("    if ( flush_all )\n        local_hfence_gvma_all();",
       "    if ( flush_all )\n        (void)0;")]),
    ("vmid.c: generation flush only of the VMID loaded", "vmid",
     [("        local_hfence_gvma_all();\n    else if",
       "        hfence_gvma_vmid(vmid);\n    else if")]),
    ("vmid.c: hart's generation never recorded (all-VMID flush on "
     "every load)", "vmid",
     [("        flush_all = true;\n        c->generation = vmid_generation;",
       "        flush_all = true;")]),
    ("vmid.c: no HFENCE.VVMA on a vCPU or VMID switch", "vmid",
     [("    if ( flush_vs )\n        flush_tlb_guest_local();",
       "    if ( flush_vs )\n        (void)0;")]),
    ("vmid.c: VMID 0 switch flush to the wrong VMID", "vmid",
     [("hfence_gvma_vmid(VMID_SHARED);",
       "hfence_gvma_vmid(VMID_SHARED + 1);")]),
    ("vmid.c: rollover hands out running p2ms' VMIDs again", "vmid",
     [("        if ( slot->vmid != VMID_SHARED )\n"
       "            vmid_test_and_set(slot->vmid);",
       "        (void)0;")]),
    ("vmid.c: old VMID kept although taken in the new generation", "vmid",
     [("        if ( slot->generation && slot->vmid != VMID_SHARED &&\n"
       "             !vmid_test_and_set(slot->vmid) )",
       "        if ( slot->generation && slot->vmid != VMID_SHARED )")]),
    # Dirty masks (vmid.c leaves them): only after a fence, and always
    # when it may, so that idle harts get no remote fences.
    ("vmid.c: dirty mask of a third p2m left without fencing it", "vmid",
     [("        hfence_gvma_vmid(c->prev_vmid);\n"
       "        p2m_leave_dirty(c->prev_p2m, cpu);",
       "        p2m_leave_dirty(c->prev_p2m, cpu);")]),
    ("vmid.c: dirty mask left before the fence", "vmid",
     [("        hfence_gvma_vmid(c->prev_vmid);\n"
       "        p2m_leave_dirty(c->prev_p2m, cpu);",
       "        p2m_leave_dirty(c->prev_p2m, cpu);\n"
       "        hfence_gvma_vmid(c->prev_vmid);")]),
    ("vmid.c: previous p2m's mask left before the generation flush", "vmid",
     [("        late = c->prev;\n",
       "        late = NULL;\n        if ( c->prev )\n"
       "            p2m_leave_dirty(c->prev_p2m, cpu);\n"
       "        c->prev = NULL;\n")]),
    ("vmid.c: old p2m's mask left after a VMID 0 fence it did not run "
     "under", "vmid",
     [(" && !(flush_shared && old_vmid == VMID_SHARED) )",
       " && !flush_shared )")]),
    ("vmid.c: idle hart stays in the dirty mask (remote fences to idle "
     "harts)", "vmid",
     [("    if ( c->p2m )\n    {\n        p2m_leave_dirty(c->p2m, cpu);",
       "    if ( c->p2m )\n    {\n        (void)0;")]),
    ("p2m_leave_dirty(): no full barrier before the bit goes", "p2m",
     [("    smp_mb();\n    cpumask_clear_cpu(cpu, &p2m->dirty_cpumask);",
       "    cpumask_clear_cpu(cpu, &p2m->dirty_cpumask);")]),
]

MULTI_FOCUS = ["--multi", "--multi-ops", "3000"]

ENV = [
    ("skip every fence", ["--mutant", "drop-fences"]),
    ("VMID-wide fences rewritten into address fences",
     ["--mutant", "addr-fences"]),
    ("leaf stores lose U", ["--mutant", "clear-u"]),
    ("writable leaf stores lose R (W without R)", ["--mutant", "w-only"]),
    ("16 KiB-misaligned root from the allocator",
     ["--mutant", "misalign-root"]),
]

FOCUS = ["--directed", "--random", "--quick", "--ops", "1500"]


def run(cmd, log):
    with open(log, "w") as f:
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT,
                              timeout=300).returncode


def first_failure(log):
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("FAILURE") or "Assertion" in line or \
               "ERROR: AddressSanitizer" in line:
                return line.strip()[:150]
    return "(non-zero exit)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--cflags", required=True)
    ap.add_argument("--p2m", required=True)
    ap.add_argument("--vmid", required=True)
    ap.add_argument("--build", required=True)
    args = ap.parse_args()

    os.makedirs(args.build, exist_ok=True)
    srcs = [os.path.join(HERE, s) for s in
            ("env.c", "model.c", "ref.c", "suite.c", "multi.c", "teardown.c",
             "merge.c", "main.c")]
    cflags = shlex.split(args.cflags)
    base = os.path.join(HERE, "build", "p2m-test")
    with open(args.p2m) as f:
        orig = f.read()
    with open(args.vmid) as f:
        orig_vmid = f.read()

    caught = total = 0
    for i, (name, args_) in enumerate(ENV):
        total += 1
        log = os.path.join(args.build, "env%d.log" % i)
        rc = run([base] + FOCUS + args_, log)
        ok = rc != 0
        caught += ok
        print("%s: mutation (env) %s: %s" %
              ("PASS" if ok else "FAIL", name,
               "caught: " + first_failure(log) if ok else "NOT CAUGHT"))

    for i, (name, subs, extra) in enumerate(SOURCE):
        total += 1
        text = orig
        stale = None
        for old, new in subs:
            if text.count(old) != 1:
                stale = old
                break
            text = text.replace(old, new)
        if stale is not None:
            print("FAIL: mutation (source) %s: substitution no longer "
                  "matches p2m.c (%r...)" % (name, stale[:50]))
            continue
        d = os.path.join(args.build, "m%d" % i)
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "p2m.c")
        with open(src, "w") as f:
            f.write(text)
        exe = os.path.join(d, "p2m-test")
        log = os.path.join(d, "log")
        if run([args.cc] + cflags + srcs + [src, args.vmid, "-o", exe],
               log) != 0:
            print("FAIL: mutation (source) %s: mutant does not compile "
                  "(see %s)" % (name, log))
            continue
        rc = run([exe] + FOCUS + extra, log)
        ok = rc != 0
        caught += ok
        print("%s: mutation (source) %s: %s" %
              ("PASS" if ok else "FAIL", name,
               "caught: " + first_failure(log) if ok else "NOT CAUGHT"))

    # The multi-domain mutants share every object but the mutated one.
    common = os.path.join(args.build, "common")
    os.makedirs(common, exist_ok=True)
    objs = {}
    for src in srcs + [args.p2m, args.vmid]:
        obj = os.path.join(common, os.path.basename(src)[:-2] + ".o")
        log = obj + ".log"
        if run([args.cc] + cflags + ["-c", src, "-o", obj], log) != 0:
            print("FAIL: mutation self-test: %s does not compile (see %s)" %
                  (src, log))
            return 1
        objs[src] = obj
    hobjs = [objs[s] for s in srcs]

    for i, (name, which, subs) in enumerate(MULTI):
        total += 1
        text = orig if which == "p2m" else orig_vmid
        stale = None
        for old, new in subs:
            if text.count(old) != 1:
                stale = old
                break
            text = text.replace(old, new)
        if stale is not None:
            print("FAIL: mutation (source) %s: substitution no longer "
                  "matches %s.c (%r...)" % (name, which, stale[:50]))
            continue
        d = os.path.join(args.build, "md%d" % i)
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, which + ".c")
        with open(src, "w") as f:
            f.write(text)
        pair = ([src, objs[args.vmid]] if which == "p2m"
                else [objs[args.p2m], src])
        exe = os.path.join(d, "p2m-test")
        log = os.path.join(d, "log")
        if run([args.cc] + cflags + hobjs + pair + ["-o", exe], log) != 0:
            print("FAIL: mutation (source) %s: mutant does not compile "
                  "(see %s)" % (name, log))
            continue
        rc = run([exe] + MULTI_FOCUS, log)
        ok = rc != 0
        caught += ok
        print("%s: mutation (source) %s: %s" %
              ("PASS" if ok else "FAIL", name,
               "caught: " + first_failure(log) if ok else "NOT CAUGHT"))

    print("mutations: %d/%d caught" % (caught, total))
    return 0 if caught == total else 1


if __name__ == "__main__":
    sys.exit(main())
