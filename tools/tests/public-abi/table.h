/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen's numbers, typed in by hand from Xen's public headers (staging):
 * the values and layouts a guest built against Xen's own headers passes,
 * for RV64 (LP64).  This file is the reference; it must not be derived
 * from the headers it checks.  No include guard: a test includes it once
 * per context, with the ABI_* macros (check.h) doing the checking.
 *
 * Scope, the first argument of every entry:
 *   G   in the public headers and in the test guests' copy
 *       (tools/tests/include/guest-xen-abi.h);
 *   P   in the public headers only;
 *   GT  in the guests' copy and, in the public headers, only for
 *       __XEN__ / __XEN_TOOLS__ (as in Xen: a guest kernel does not see it);
 *   T   only for __XEN__ / __XEN_TOOLS__ in the public headers.
 *
 * ABI_CONST(scope, name, value)
 * ABI_TYPE(scope, type, size, alignment)
 * ABI_STRUCT(scope, struct tag, size, alignment)
 * ABI_FIELD(scope, struct tag, field, offset, size)
 * ABI_OFFSET(scope, struct tag, field, offset)   (flexible array members)
 */

/* ---- xen.h ---- */

ABI_CONST(P, __HYPERVISOR_set_trap_table, 0);
ABI_CONST(P, __HYPERVISOR_mmu_update, 1);
ABI_CONST(P, __HYPERVISOR_set_gdt, 2);
ABI_CONST(P, __HYPERVISOR_stack_switch, 3);
ABI_CONST(P, __HYPERVISOR_set_callbacks, 4);
ABI_CONST(P, __HYPERVISOR_fpu_taskswitch, 5);
ABI_CONST(P, __HYPERVISOR_sched_op_compat, 6);
ABI_CONST(P, __HYPERVISOR_platform_op, 7);
ABI_CONST(P, __HYPERVISOR_set_debugreg, 8);
ABI_CONST(P, __HYPERVISOR_get_debugreg, 9);
ABI_CONST(P, __HYPERVISOR_update_descriptor, 10);
ABI_CONST(G, __HYPERVISOR_memory_op, 12);
ABI_CONST(P, __HYPERVISOR_multicall, 13);
ABI_CONST(P, __HYPERVISOR_update_va_mapping, 14);
ABI_CONST(P, __HYPERVISOR_set_timer_op, 15);
ABI_CONST(P, __HYPERVISOR_event_channel_op_compat, 16);
ABI_CONST(G, __HYPERVISOR_xen_version, 17);
ABI_CONST(G, __HYPERVISOR_console_io, 18);
ABI_CONST(P, __HYPERVISOR_physdev_op_compat, 19);
ABI_CONST(P, __HYPERVISOR_grant_table_op, 20);
ABI_CONST(P, __HYPERVISOR_vm_assist, 21);
ABI_CONST(P, __HYPERVISOR_update_va_mapping_otherdomain, 22);
ABI_CONST(P, __HYPERVISOR_iret, 23);
ABI_CONST(P, __HYPERVISOR_vcpu_op, 24);
ABI_CONST(P, __HYPERVISOR_set_segment_base, 25);
ABI_CONST(P, __HYPERVISOR_mmuext_op, 26);
ABI_CONST(P, __HYPERVISOR_xsm_op, 27);
ABI_CONST(P, __HYPERVISOR_nmi_op, 28);
ABI_CONST(G, __HYPERVISOR_sched_op, 29);
ABI_CONST(P, __HYPERVISOR_callback_op, 30);
ABI_CONST(P, __HYPERVISOR_xenoprof_op, 31);
ABI_CONST(P, __HYPERVISOR_event_channel_op, 32);
ABI_CONST(P, __HYPERVISOR_physdev_op, 33);
ABI_CONST(P, __HYPERVISOR_hvm_op, 34);
ABI_CONST(P, __HYPERVISOR_sysctl, 35);
ABI_CONST(P, __HYPERVISOR_domctl, 36);
ABI_CONST(P, __HYPERVISOR_kexec_op, 37);
ABI_CONST(P, __HYPERVISOR_tmem_op, 38);
ABI_CONST(P, __HYPERVISOR_argo_op, 39);
ABI_CONST(P, __HYPERVISOR_xenpmu_op, 40);
ABI_CONST(P, __HYPERVISOR_dm_op, 41);
ABI_CONST(P, __HYPERVISOR_hypfs_op, 42);
ABI_CONST(G, __HYPERVISOR_arch_0, 48);
ABI_CONST(P, __HYPERVISOR_arch_1, 49);
ABI_CONST(P, __HYPERVISOR_arch_2, 50);
ABI_CONST(P, __HYPERVISOR_arch_3, 51);
ABI_CONST(P, __HYPERVISOR_arch_4, 52);
ABI_CONST(P, __HYPERVISOR_arch_5, 53);
ABI_CONST(P, __HYPERVISOR_arch_6, 54);
ABI_CONST(P, __HYPERVISOR_arch_7, 55);

ABI_CONST(P, CONSOLEIO_write, 0);
ABI_CONST(P, CONSOLEIO_read, 1);

ABI_CONST(P, DOMID_FIRST_RESERVED, 0x7ff0);
ABI_CONST(G, DOMID_SELF, 0x7ff0);
ABI_CONST(P, DOMID_IO, 0x7ff1);
ABI_CONST(P, DOMID_XEN, 0x7ff2);
ABI_CONST(P, DOMID_COW, 0x7ff3);
ABI_CONST(P, DOMID_INVALID, 0x7ff4);
ABI_CONST(P, DOMID_ANY, 0x7ff5);
ABI_CONST(P, DOMID_IDLE, 0x7fff);
ABI_CONST(P, DOMID_MASK, 0x7fff);

ABI_TYPE(G, domid_t, 2, 2);
ABI_TYPE(G, xen_pfn_t, 8, 8);
ABI_TYPE(G, xen_ulong_t, 8, 8);
/* A handle in a structure: 8 bytes, 8-aligned; as an argument: a register. */
ABI_TYPE(P, XEN_GUEST_HANDLE(xen_pfn_t), 8, 8);
ABI_TYPE(P, XEN_GUEST_HANDLE(const_uint8), 8, 8);
ABI_TYPE(P, XEN_GUEST_HANDLE(void), 8, 8);
ABI_TYPE(P, XEN_GUEST_HANDLE_PARAM(void), 8, 8);

/* ---- sched.h ---- */

ABI_CONST(P, SCHEDOP_yield, 0);
ABI_CONST(P, SCHEDOP_block, 1);
ABI_CONST(P, SCHEDOP_shutdown, 2);
ABI_CONST(P, SCHEDOP_poll, 3);
ABI_CONST(P, SCHEDOP_remote_shutdown, 4);
ABI_CONST(P, SCHEDOP_shutdown_code, 5);
ABI_CONST(P, SCHEDOP_watchdog, 6);
ABI_CONST(P, SCHEDOP_pin_override, 7);

ABI_CONST(P, SHUTDOWN_poweroff, 0);
ABI_CONST(P, SHUTDOWN_reboot, 1);
ABI_CONST(P, SHUTDOWN_suspend, 2);
ABI_CONST(P, SHUTDOWN_crash, 3);
ABI_CONST(P, SHUTDOWN_watchdog, 4);
ABI_CONST(P, SHUTDOWN_soft_reset, 5);
ABI_CONST(P, SHUTDOWN_MAX, 5);

ABI_STRUCT(P, sched_shutdown, 4, 4);
ABI_FIELD(P, sched_shutdown, reason, 0, 4);

/* ---- version.h ---- */

ABI_CONST(G, XENVER_version, 0);
ABI_CONST(P, XENVER_extraversion, 1);
ABI_CONST(P, XENVER_compile_info, 2);
ABI_CONST(P, XENVER_capabilities, 3);
ABI_CONST(P, XENVER_changeset, 4);
ABI_CONST(P, XENVER_platform_parameters, 5);
ABI_CONST(P, XENVER_get_features, 6);
ABI_CONST(P, XENVER_pagesize, 7);
ABI_CONST(P, XENVER_guest_handle, 8);
ABI_CONST(P, XENVER_commandline, 9);
ABI_CONST(P, XENVER_build_id, 10);
ABI_CONST(P, XENVER_extraversion2, 11);
ABI_CONST(P, XENVER_capabilities2, 12);
ABI_CONST(P, XENVER_changeset2, 13);
ABI_CONST(P, XENVER_commandline2, 14);

ABI_CONST(P, XEN_EXTRAVERSION_LEN, 16);
ABI_CONST(P, XEN_CAPABILITIES_INFO_LEN, 1024);
ABI_CONST(P, XEN_CHANGESET_INFO_LEN, 64);
ABI_TYPE(P, xen_extraversion_t, 16, 1);
ABI_TYPE(P, xen_capabilities_info_t, 1024, 1);
ABI_TYPE(P, xen_changeset_info_t, 64, 1);
ABI_TYPE(P, xen_commandline_t, 1024, 1);

ABI_STRUCT(P, xen_compile_info, 144, 1);
ABI_FIELD(P, xen_compile_info, compiler, 0, 64);
ABI_FIELD(P, xen_compile_info, compile_by, 64, 16);
ABI_FIELD(P, xen_compile_info, compile_domain, 80, 32);
ABI_FIELD(P, xen_compile_info, compile_date, 112, 32);

ABI_STRUCT(P, xen_platform_parameters, 8, 8);
ABI_FIELD(P, xen_platform_parameters, virt_start, 0, 8);

ABI_STRUCT(P, xen_feature_info, 8, 4);
ABI_FIELD(P, xen_feature_info, submap_idx, 0, 4);
ABI_FIELD(P, xen_feature_info, submap, 4, 4);

ABI_STRUCT(P, xen_build_id, 4, 4);
ABI_FIELD(P, xen_build_id, len, 0, 4);
ABI_OFFSET(P, xen_build_id, buf, 4);

ABI_STRUCT(P, xen_varbuf, 4, 4);
ABI_FIELD(P, xen_varbuf, len, 0, 4);
ABI_OFFSET(P, xen_varbuf, buf, 4);

/* ---- memory.h ---- */

ABI_CONST(G, XENMEM_increase_reservation, 0);
ABI_CONST(G, XENMEM_decrease_reservation, 1);
ABI_CONST(G, XENMEM_populate_physmap, 6);
ABI_CONST(G, XENMEM_add_to_physmap, 7);
ABI_CONST(G, XENMEM_remove_from_physmap, 15);
ABI_CONST(G, XENMEM_add_to_physmap_batch, 23);

ABI_CONST(P, XENMEMF_address_bits(32), 32);
ABI_CONST(P, XENMEMF_get_address_bits(0x1234), 0x34);
ABI_CONST(P, XENMEMF_node(0), 0x100);
ABI_CONST(P, XENMEMF_node(2), 0x300);
ABI_CONST(P, XENMEMF_get_node(0x300), 2);
ABI_CONST(P, XENMEMF_populate_on_demand, 0x10000);
ABI_CONST(P, XENMEMF_exact_node_request, 0x20000);
ABI_CONST(P, XENMEMF_exact_node(1), 0x20200);
ABI_CONST(P, XENMEMF_vnode, 0x40000);

ABI_CONST(P, XENMAPSPACE_shared_info, 0);
ABI_CONST(P, XENMAPSPACE_grant_table, 1);
ABI_CONST(G, XENMAPSPACE_gmfn, 2);
ABI_CONST(G, XENMAPSPACE_gmfn_range, 3);
ABI_CONST(G, XENMAPSPACE_gmfn_foreign, 4);
ABI_CONST(P, XENMAPSPACE_dev_mmio, 5);
ABI_CONST(P, XENMAPIDX_grant_table_status, 0x80000000);

ABI_STRUCT(G, xen_memory_reservation, 32, 8);
ABI_FIELD(G, xen_memory_reservation, extent_start, 0, 8);
ABI_FIELD(G, xen_memory_reservation, nr_extents, 8, 8);
ABI_FIELD(G, xen_memory_reservation, extent_order, 16, 4);
ABI_FIELD(G, xen_memory_reservation, mem_flags, 20, 4);
ABI_FIELD(G, xen_memory_reservation, domid, 24, 2);

ABI_STRUCT(G, xen_add_to_physmap, 24, 8);
ABI_FIELD(G, xen_add_to_physmap, domid, 0, 2);
ABI_FIELD(G, xen_add_to_physmap, size, 2, 2);
ABI_FIELD(G, xen_add_to_physmap, space, 4, 4);
ABI_FIELD(G, xen_add_to_physmap, idx, 8, 8);
ABI_FIELD(G, xen_add_to_physmap, gpfn, 16, 8);

ABI_STRUCT(G, xen_add_to_physmap_batch, 32, 8);
ABI_FIELD(G, xen_add_to_physmap_batch, domid, 0, 2);
ABI_FIELD(G, xen_add_to_physmap_batch, space, 2, 2);
ABI_FIELD(G, xen_add_to_physmap_batch, size, 4, 2);
ABI_FIELD(P, xen_add_to_physmap_batch, u, 6, 2);
ABI_FIELD(P, xen_add_to_physmap_batch, u.foreign_domid, 6, 2);
ABI_FIELD(P, xen_add_to_physmap_batch, u.res0, 6, 2);
ABI_FIELD(G, xen_add_to_physmap_batch, idxs, 8, 8);
ABI_FIELD(G, xen_add_to_physmap_batch, gpfns, 16, 8);
ABI_FIELD(G, xen_add_to_physmap_batch, errs, 24, 8);

ABI_STRUCT(G, xen_remove_from_physmap, 16, 8);
ABI_FIELD(G, xen_remove_from_physmap, domid, 0, 2);
ABI_FIELD(G, xen_remove_from_physmap, gpfn, 8, 8);

/* access_op: the toolstack's in Xen (__XEN__ / __XEN_TOOLS__ only). */
ABI_CONST(GT, XENMEM_access_op, 21);
ABI_CONST(GT, XENMEM_access_op_set_access, 0);
ABI_CONST(GT, XENMEM_access_op_get_access, 1);
ABI_CONST(T, XENMEM_access_op_set_access_multi, 4);

ABI_CONST(GT, XENMEM_access_n, 0);
ABI_CONST(GT, XENMEM_access_r, 1);
ABI_CONST(GT, XENMEM_access_w, 2);
ABI_CONST(GT, XENMEM_access_rw, 3);
ABI_CONST(GT, XENMEM_access_x, 4);
ABI_CONST(GT, XENMEM_access_rx, 5);
ABI_CONST(GT, XENMEM_access_wx, 6);
ABI_CONST(GT, XENMEM_access_rwx, 7);
ABI_CONST(GT, XENMEM_access_rx2rw, 8);
ABI_CONST(GT, XENMEM_access_n2rwx, 9);
ABI_CONST(GT, XENMEM_access_r_pw, 10);
ABI_CONST(GT, XENMEM_access_default, 11);
ABI_TYPE(T, xenmem_access_t, 4, 4);

ABI_STRUCT(GT, xen_mem_access_op, 32, 8);
ABI_FIELD(GT, xen_mem_access_op, op, 0, 1);
ABI_FIELD(GT, xen_mem_access_op, access, 1, 1);
ABI_FIELD(GT, xen_mem_access_op, domid, 2, 2);
ABI_FIELD(GT, xen_mem_access_op, nr, 4, 4);
ABI_FIELD(GT, xen_mem_access_op, pfn, 8, 8);
ABI_FIELD(GT, xen_mem_access_op, pfn_list, 16, 8);
ABI_FIELD(GT, xen_mem_access_op, access_list, 24, 8);

/*
 * ---- arch-riscv.h: this port's own (no Xen numbers to follow) ----
 * Checked all the same, so that the guests' copy and the public header
 * cannot drift apart.
 */

ABI_CONST(G, XEN_HYPERCALL_SBI_EID, 0x0a000000);
ABI_CONST(G, GUEST_RAM_BASE, 0x80000000);
ABI_CONST(G, GUEST_KERNEL_OFFSET, 0x200000);

ABI_CONST(G, XEN_RISCV_P2M_DEBUG_query, 0);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_stats, 1);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_audit, 2);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_fence_targets, 3);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_dump_layout, 4);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_mem_info, 5);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_domain_create, 6);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_domain_destroy, 7);
ABI_CONST(G, XEN_RISCV_P2M_DEBUG_domain_state, 8);
ABI_CONST(G, XEN_RISCV_DOMAIN_running, 0);
ABI_CONST(G, XEN_RISCV_DOMAIN_dying, 1);
ABI_CONST(G, XEN_RISCV_DOMAIN_shutdown, 16);
ABI_CONST(G, XEN_RISCV_DOMAIN_dead, 32);
ABI_CONST(G, XEN_RISCV_P2M_LEVELS, 5);
ABI_CONST(G, XEN_RISCV_P2M_invalid, 0);
ABI_CONST(G, XEN_RISCV_P2M_ram_rw, 1);
ABI_CONST(G, XEN_RISCV_P2M_ram_ro, 2);
ABI_CONST(P, XEN_RISCV_P2M_mmio_direct_io, 3);
ABI_CONST(G, XEN_RISCV_P2M_map_foreign_rw, 4);
ABI_CONST(P, XEN_RISCV_P2M_map_foreign_ro, 5);
ABI_CONST(P, XEN_RISCV_P2M_grant_map_rw, 6);
ABI_CONST(P, XEN_RISCV_P2M_grant_map_ro, 7);

ABI_STRUCT(G, xen_riscv_p2m_query, 32, 8);
ABI_FIELD(G, xen_riscv_p2m_query, gfn, 0, 8);
ABI_FIELD(G, xen_riscv_p2m_query, mfn, 8, 8);
ABI_FIELD(G, xen_riscv_p2m_query, level, 16, 4);
ABI_FIELD(G, xen_riscv_p2m_query, type, 20, 4);
ABI_FIELD(G, xen_riscv_p2m_query, access, 24, 4);
ABI_FIELD(G, xen_riscv_p2m_query, valid, 28, 4);

ABI_STRUCT(G, xen_riscv_p2m_stats, 128, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, leaves, 0, 40);
ABI_FIELD(G, xen_riscv_p2m_stats, tables, 40, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, md_pages, 48, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, splits, 56, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, merges, 64, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, fences_gpa, 72, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, fences_vmid, 80, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, fences_remote, 88, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, flushes, 96, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, pool_total, 104, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, pool_free, 112, 8);
ABI_FIELD(G, xen_riscv_p2m_stats, root_level, 120, 4);
ABI_FIELD(G, xen_riscv_p2m_stats, vmid, 124, 4);

ABI_STRUCT(G, xen_riscv_mem_info, 32, 8);
ABI_FIELD(G, xen_riscv_mem_info, heap_free, 0, 8);
ABI_FIELD(G, xen_riscv_mem_info, tot_pages, 8, 8);
ABI_FIELD(G, xen_riscv_mem_info, nr_domains, 16, 4);
ABI_FIELD(G, xen_riscv_mem_info, kill_step_max, 24, 8);

ABI_STRUCT(G, xen_riscv_p2m_fence_targets, 16, 8);
ABI_FIELD(G, xen_riscv_p2m_fence_targets, dirty_cpus, 0, 8);
ABI_FIELD(G, xen_riscv_p2m_fence_targets, remote_cpus, 8, 8);
