// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory balloon for a dom0 running on the Xen-style RISC-V hypervisor of
 * this project, plus a window onto the hypervisor's p2m debug interface.
 *
 * Upstream Linux 6.1 knows nothing of Xen on RISC-V, so this file carries
 * its own hypercall stub and its own copies of the few public structures
 * it needs (layouts from Xen's public memory.h and the project's
 * arch-riscv.h, checked with BUILD_BUG_ON below).
 *
 * Pages are taken from the page allocator and handed to the hypervisor
 * with XENMEM_decrease_reservation; they come back with
 * XENMEM_populate_physmap and are freed to the allocator.  A page in the
 * balloon has no backing: nothing may read or write it, and this driver
 * never does.  dom0's GFN is Linux's PFN (guest RAM starts at GPA
 * 0x80000000, so PA >> 12 is both).
 *
 * Two kinds of pages go into the balloon:
 *  - order-9 blocks (2 MiB, naturally aligned by the buddy allocator),
 *    handed back with extent_order 9: each removes one 2 MiB leaf;
 *  - scattered order-0 pages: a free 2 MiB block is taken, split, and
 *    one page in every scatter_stride is kept, the rest freed.  Every such
 *    block costs the hypervisor a 2 MiB -> 4 KiB split (and the first page
 *    in a 1 GiB leaf a 1 GiB -> 2 MiB split as well).
 * order9_percent sets how much of the target is taken as order-9 blocks;
 * the rest is order-0.  Going back in, order-0 pages leave first.
 *
 * Control files, in <debugfs>/xen-balloon/:
 *   target          rw  pages wanted in the balloon; a write balloons out or
 *                       in before it returns, and returns the first error
 *   current         ro  pages in the balloon, by order; how many times the
 *                       hypervisor refused an order-9 extent
 *   order9_percent  rw  share of the target taken as 2 MiB blocks (0-100)
 *   scatter_stride  rw  keep one order-0 page every N pages (1-512, 2^k)
 *   p2m_stats       ro  the hypervisor's p2m statistics, "name value"
 *   p2m_audit       ro  runs the hypervisor's p2m audit: "violations N"
 *   fence_targets   ro  CPUs that ran dom0, CPUs sent remote fences
 *   balloon_check   ro  queries every ballooned GFN: "holes N mapped M"
 *   poweroff        wo  "ok" or "failure": SBI system reset, shutdown
 * A panic also powers off with reason "system failure", so a crashed
 * kernel makes QEMU exit non-zero instead of hanging.
 */

#define pr_fmt(fmt) "xen-balloon: " fmt

#include <linux/bitmap.h>
#include <linux/build_bug.h>
#include <linux/console.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>
#include <asm/sbi.h>

/* ---- Hypervisor ABI (values from Xen's public headers) ---- */

#define XH_SBI_EID			0x0A000000UL
#define XH_memory_op			12
#define XH_arch_0			48

#define XENMEM_decrease_reservation	1
#define XENMEM_populate_physmap		6
#define XH_DOMID_SELF			0x7FF0U

#define P2M_DEBUG_query			0
#define P2M_DEBUG_stats			1
#define P2M_DEBUG_audit			2
#define P2M_DEBUG_fence_targets		3
#define P2M_DEBUG_mem_info		5
#define P2M_DEBUG_domain_create		6
#define P2M_DEBUG_domain_destroy	7
#define P2M_DEBUG_domain_state		8
#define P2M_LEVELS			5

#define SBI_EXT_SYSTEM_RESET		0x53525354
#define SRST_TYPE_SHUTDOWN		0
#define SRST_REASON_NONE		0
#define SRST_REASON_FAILURE		1

/* struct xen_memory_reservation on a 64-bit guest */
struct xh_reservation {
	u64 extent_start;		/* guest VA of a xen_pfn_t array */
	u64 nr_extents;
	u32 extent_order;
	u32 mem_flags;
	u16 domid;
};

/* struct xen_riscv_p2m_query */
struct xh_p2m_query {
	u64 gfn;
	u64 mfn;
	u32 level;
	u32 type;
	u32 access;
	u32 valid;
};

/* struct xen_riscv_p2m_stats */
struct xh_p2m_stats {
	u64 leaves[P2M_LEVELS];
	u64 tables;
	u64 md_pages;
	u64 splits;
	u64 merges;
	u64 fences_gpa;
	u64 fences_vmid;
	u64 fences_remote;
	u64 flushes;
	u64 pool_total;
	u64 pool_free;
	u32 root_level;
	u32 vmid;
};

/* struct xen_riscv_p2m_fence_targets */
struct xh_fence_targets {
	u64 dirty_cpus;
	u64 remote_cpus;
};

/* struct xen_riscv_mem_info */
struct xh_mem_info {
	u64 heap_free;
	u64 tot_pages;
	u32 nr_domains;
	u32 pad;
	u64 kill_step_max;
};

static void __init xh_check_layouts(void)
{
	BUILD_BUG_ON(sizeof(struct xh_reservation) != 32);
	BUILD_BUG_ON(offsetof(struct xh_reservation, nr_extents) != 8);
	BUILD_BUG_ON(offsetof(struct xh_reservation, extent_order) != 16);
	BUILD_BUG_ON(offsetof(struct xh_reservation, mem_flags) != 20);
	BUILD_BUG_ON(offsetof(struct xh_reservation, domid) != 24);
	BUILD_BUG_ON(sizeof(struct xh_p2m_query) != 32);
	BUILD_BUG_ON(sizeof(struct xh_p2m_stats) != 128);
	BUILD_BUG_ON(offsetof(struct xh_p2m_stats, root_level) != 120);
	BUILD_BUG_ON(sizeof(struct xh_fence_targets) != 16);
	BUILD_BUG_ON(sizeof(struct xh_mem_info) != 32);
	BUILD_BUG_ON(offsetof(struct xh_mem_info, kill_step_max) != 24);
	/* GFN == PFN only holds with 4 KiB pages. */
	BUILD_BUG_ON(PAGE_SHIFT != 12);
}

/*
 * The hypercall: a7 = the project's SBI extension, a6 = number, a0.. =
 * arguments, result in a0.  A preempted call is restarted by the
 * hypervisor re-running this ecall with a rewritten a0, which is why a0
 * is an in/out operand and nothing else is assumed about it.
 */
static long xh_call2(unsigned long nr, unsigned long arg0, unsigned long arg1)
{
	register unsigned long a0 asm("a0") = arg0;
	register unsigned long a1 asm("a1") = arg1;
	register unsigned long a6 asm("a6") = nr;
	register unsigned long a7 asm("a7") = XH_SBI_EID;

	asm volatile("ecall"
		     : "+r"(a0)
		     : "r"(a1), "r"(a6), "r"(a7)
		     : "memory");
	return (long)a0;
}

static long xh_memory_op(unsigned int cmd, void *arg)
{
	return xh_call2(XH_memory_op, cmd, (unsigned long)arg);
}

static long xh_p2m_debug(unsigned int op, void *arg)
{
	return xh_call2(XH_arch_0, op, (unsigned long)arg);
}

static void sbi_system_shutdown(unsigned long reason)
{
	sbi_ecall(SBI_EXT_SYSTEM_RESET, 0, SRST_TYPE_SHUTDOWN, reason,
		  0, 0, 0, 0);
}

/* ---- Balloon state (all under balloon_lock) ---- */

#define BATCH_MAX	512		/* extents per hypercall */
#define BLOCK_ORDER	9		/* 2 MiB */
#define BLOCK_PAGES	(1UL << BLOCK_ORDER)

static DEFINE_MUTEX(balloon_lock);
static LIST_HEAD(ballooned_4k);		/* order-0 pages, by page->lru */
static LIST_HEAD(ballooned_2m);		/* order-9 blocks, by head->lru */
static unsigned long nr_4k;		/* pages on ballooned_4k */
static unsigned long nr_2m;		/* blocks on ballooned_2m */
static unsigned long target_pages;
static unsigned long order9_refused;	/* order-9 hand-backs cut short */
static unsigned long ram_pages;		/* RAM managed by Linux at boot */
static unsigned int order9_percent = 50;
static unsigned int scatter_stride = 4;

/* One hypercall's worth of extents, and the pages behind them. */
static u64 batch_gfn[BATCH_MAX];
static struct page *batch_page[BATCH_MAX];

static unsigned long balloon_pages(void)
{
	return nr_4k + nr_2m * BLOCK_PAGES;
}

static long reservation_op(unsigned int cmd, unsigned int order,
			   unsigned int n)
{
	struct xh_reservation r = {
		.extent_start = (u64)(unsigned long)batch_gfn,
		.nr_extents = n,
		.extent_order = order,
		.mem_flags = 0,
		.domid = XH_DOMID_SELF,
	};
	unsigned int i;

	for (i = 0; i < n; i++)
		batch_gfn[i] = page_to_pfn(batch_page[i]);

	return xh_memory_op(cmd, &r);
}

/* Is this GFN mapped?  1 yes, 0 no, negative: cannot tell. */
static int gfn_mapped(u64 gfn)
{
	struct xh_p2m_query q = { .gfn = gfn };
	long rc = xh_p2m_debug(P2M_DEBUG_query, &q);

	if (rc)
		return rc;
	return q.valid ? 1 : 0;
}

static void balloon_add(struct page *page, unsigned int order)
{
	adjust_managed_page_count(page, -(1L << order));
	if (order) {
		list_add(&page->lru, &ballooned_2m);
		nr_2m++;
	} else {
		list_add(&page->lru, &ballooned_4k);
		nr_4k++;
	}
}

static void free_to_linux(struct page *page, unsigned int order)
{
	if (order)
		__free_pages(page, order);
	else
		__free_page(page);
}

/*
 * Hand batch_page[0..n) (all of one order, all backed and owned by us) to
 * the hypervisor.  Extents it took go into the balloon, the others go
 * back to Linux.  Returns 0 if all were taken.
 */
static int hand_back(unsigned int order, unsigned int n)
{
	long done = reservation_op(XENMEM_decrease_reservation, order, n);
	unsigned int i;

	if (done >= 0 && done <= n) {
		for (i = 0; i < n; i++) {
			if (i < done)
				balloon_add(batch_page[i], order);
			else
				free_to_linux(batch_page[i], order);
		}
		return done == n ? 0 : -EIO;
	}

	/*
	 * An error for the whole call: normally nothing was done, but after a
	 * preemption some extents may have been.  Ask the p2m about each page
	 * (only the first page of a block: an extent goes all or nothing); if
	 * it cannot say, keep the page: a page in the balloon that is still
	 * backed costs memory, a page freed without backing costs the guest.
	 */
	pr_warn("decrease_reservation of %u order-%u extents: %ld\n",
		n, order, done);
	for (i = 0; i < n; i++) {
		if (gfn_mapped(page_to_pfn(batch_page[i])) == 1)
			free_to_linux(batch_page[i], order);
		else
			balloon_add(batch_page[i], order);
	}
	return done < 0 ? (int)done : -EIO;
}

#define BALLOON_GFP	(GFP_HIGHUSER | __GFP_NORETRY | __GFP_NOWARN)

/* Up to want order-9 blocks out.  -ENOMEM if none could be allocated. */
static int out_blocks(unsigned long want)
{
	unsigned int n = 0;

	while (n < want && n < BATCH_MAX) {
		struct page *page = alloc_pages(BALLOON_GFP, BLOCK_ORDER);

		if (!page)
			break;
		batch_page[n++] = page;
	}
	if (!n)
		return -ENOMEM;
	return hand_back(BLOCK_ORDER, n);
}

/*
 * Up to want scattered order-0 pages out: each free 2 MiB block found
 * gives one page in every scatter_stride.  When no block is left, single
 * pages from wherever the allocator finds them.
 */
static int out_pages(unsigned long want)
{
	unsigned int n = 0, i;

	while (n < want && n < BATCH_MAX) {
		struct page *block = alloc_pages(BALLOON_GFP, BLOCK_ORDER);

		if (!block) {
			struct page *page = alloc_page(BALLOON_GFP);

			if (!page)
				break;
			batch_page[n++] = page;
			continue;
		}
		split_page(block, BLOCK_ORDER);
		for (i = 0; i < BLOCK_PAGES; i++) {
			if (i % scatter_stride == 0 && n < want &&
			    n < BATCH_MAX)
				batch_page[n++] = block + i;
			else
				__free_page(block + i);
		}
	}
	if (!n)
		return -ENOMEM;
	return hand_back(0, n);
}

/*
 * Back in: up to want pages of the given order, taken off the balloon,
 * repopulated, then freed to Linux.  Extents the hypervisor did not
 * populate stay in the balloon.
 */
static int in_extents(unsigned int order, unsigned long want)
{
	struct list_head *list = order ? &ballooned_2m : &ballooned_4k;
	unsigned long *count = order ? &nr_2m : &nr_4k;
	unsigned int n = 0, i, ndone;
	long done;

	while (n < want && n < BATCH_MAX && !list_empty(list)) {
		struct page *page = list_first_entry(list, struct page, lru);

		list_del(&page->lru);
		(*count)--;
		batch_page[n++] = page;
	}
	if (!n)
		return -ENOENT;

	done = reservation_op(XENMEM_populate_physmap, order, n);
	if (done < 0 || done > n) {
		pr_warn("populate_physmap of %u order-%u extents: %ld\n",
			n, order, done);
		done = 0;
	}
	ndone = done;
	/* The unpopulated ones go back where they were, in order. */
	for (i = n; i-- > ndone;) {
		list_add(&batch_page[i]->lru, list);
		(*count)++;
	}
	for (i = 0; i < ndone; i++) {
		adjust_managed_page_count(batch_page[i], 1L << order);
		free_to_linux(batch_page[i], order);
	}
	return ndone == n ? 0 : -ENOMEM;
}

/* Move the balloon to target_pages; the first error stops it. */
static int balloon_apply(void)
{
	bool blocks_left = true;
	int rc = 0;

	while (!rc && balloon_pages() != target_pages) {
		unsigned long cur = balloon_pages();

		if (signal_pending(current))
			return -EINTR;

		if (cur < target_pages) {
			unsigned long need = target_pages - cur;
			unsigned long share = target_pages / 100 * order9_percent +
				target_pages % 100 * order9_percent / 100;

			if (blocks_left && need >= BLOCK_PAGES &&
			    (nr_2m + 1) * BLOCK_PAGES <= share) {
				unsigned long want = min(need / BLOCK_PAGES,
					(share / BLOCK_PAGES) - nr_2m);

				/*
				 * No free 2 MiB block left, or the hypervisor
				 * refused one (older versions took an order-9
				 * extent only if its backing was one
				 * contiguous machine block, which a block
				 * repopulated page by page is not): the rest
				 * of this write goes out as order-0 pages.
				 */
				rc = out_blocks(want);
				if (rc == -EIO && !order9_refused++)
					pr_info("an order-9 extent was refused, using order-0 pages instead\n");
				if (rc == -ENOMEM || rc == -EIO) {
					blocks_left = false;
					rc = 0;
				}
			} else {
				rc = out_pages(need);
			}
		} else {
			unsigned long need = cur - target_pages;

			if (nr_4k)
				rc = in_extents(0, need);
			else
				rc = in_extents(BLOCK_ORDER,
						DIV_ROUND_UP(need, BLOCK_PAGES));
		}
		cond_resched();
	}

	/*
	 * Pages freed (by us or anyone) may sit in other CPUs' per-CPU lists,
	 * where they neither count as free nor can merge into 2 MiB blocks;
	 * push them back to the buddy lists so that MemFree tells the truth
	 * and the next balloon-out finds the blocks.
	 */
	drain_all_pages(NULL);
	return rc;
}

/* ---- debugfs ---- */

/* A decimal number, optionally followed by one newline, and nothing else. */
static int parse_ulong(const char __user *ubuf, size_t count,
		       unsigned long *val)
{
	char buf[24];

	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (buf[0] < '0' || buf[0] > '9')	/* no sign, no space */
		return -EINVAL;
	return kstrtoul(buf, 10, val);
}

static ssize_t text_out(char __user *ubuf, size_t count, loff_t *ppos,
			const char *text, size_t len)
{
	return simple_read_from_buffer(ubuf, count, ppos, text, len);
}

static ssize_t target_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	char buf[32];
	int len;

	mutex_lock(&balloon_lock);
	len = scnprintf(buf, sizeof(buf), "%lu\n", target_pages);
	mutex_unlock(&balloon_lock);
	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t target_write(struct file *f, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned long val;
	int rc = parse_ulong(ubuf, count, &val);

	if (rc)
		return rc;
	if (val > ram_pages)
		return -ERANGE;

	mutex_lock(&balloon_lock);
	target_pages = val;
	rc = balloon_apply();
	mutex_unlock(&balloon_lock);
	return rc ? rc : count;
}

/* 2 MiB regions holding at least one ballooned order-0 page. */
static unsigned long split_regions(void)
{
	unsigned long nbits = (max_pfn >> BLOCK_ORDER) + 1, n;
	unsigned long *seen = bitmap_zalloc(nbits, GFP_KERNEL);
	struct page *page;

	if (!seen)
		return ~0UL;
	list_for_each_entry(page, &ballooned_4k, lru)
		__set_bit(page_to_pfn(page) >> BLOCK_ORDER, seen);
	n = bitmap_weight(seen, nbits);
	bitmap_free(seen);
	return n;
}

static ssize_t current_read(struct file *f, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	char buf[192];
	int len;

	mutex_lock(&balloon_lock);
	len = scnprintf(buf, sizeof(buf),
			"pages %lu\norder0 %lu\norder9 %lu\n"
			"order9_pages %lu\norder0_regions %lu\n"
			"order9_refused %lu\n",
			balloon_pages(), nr_4k, nr_2m, nr_2m * BLOCK_PAGES,
			split_regions(), order9_refused);
	mutex_unlock(&balloon_lock);
	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t knob_read(unsigned int *knob, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	char buf[16];
	int len = scnprintf(buf, sizeof(buf), "%u\n", READ_ONCE(*knob));

	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t percent_read(struct file *f, char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	return knob_read(&order9_percent, ubuf, count, ppos);
}

static ssize_t percent_write(struct file *f, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	unsigned long val;
	int rc = parse_ulong(ubuf, count, &val);

	if (rc)
		return rc;
	if (val > 100)
		return -ERANGE;
	mutex_lock(&balloon_lock);
	order9_percent = val;
	mutex_unlock(&balloon_lock);
	return count;
}

static ssize_t stride_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	return knob_read(&scatter_stride, ubuf, count, ppos);
}

static ssize_t stride_write(struct file *f, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned long val;
	int rc = parse_ulong(ubuf, count, &val);

	if (rc)
		return rc;
	if (!val || val > BLOCK_PAGES || !is_power_of_2(val))
		return -ERANGE;
	mutex_lock(&balloon_lock);
	scatter_stride = val;
	mutex_unlock(&balloon_lock);
	return count;
}

static ssize_t stats_read(struct file *f, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	struct xh_p2m_stats s = { 0 };
	char buf[512];
	int len = 0, i;
	long rc;

	rc = xh_p2m_debug(P2M_DEBUG_stats, &s);
	if (rc)
		return rc;

	for (i = 0; i < P2M_LEVELS; i++)
		len += scnprintf(buf + len, sizeof(buf) - len,
				 "leaves%d %llu\n", i, s.leaves[i]);
	len += scnprintf(buf + len, sizeof(buf) - len,
			 "tables %llu\nmd_pages %llu\nsplits %llu\n"
			 "merges %llu\nfences_gpa %llu\nfences_vmid %llu\n"
			 "fences_remote %llu\nflushes %llu\npool_total %llu\n"
			 "pool_free %llu\nroot_level %u\nvmid %u\n",
			 s.tables, s.md_pages, s.splits, s.merges,
			 s.fences_gpa, s.fences_vmid, s.fences_remote,
			 s.flushes, s.pool_total, s.pool_free, s.root_level,
			 s.vmid);
	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t audit_read(struct file *f, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	char buf[32];
	long rc;
	int len;

	if (*ppos)
		return 0;
	rc = xh_p2m_debug(P2M_DEBUG_audit, NULL);
	if (rc < 0)
		return rc;
	len = scnprintf(buf, sizeof(buf), "violations %ld\n", rc);
	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t fences_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct xh_fence_targets t = { 0 };
	char buf[64];
	long rc;
	int len;

	if (*ppos)
		return 0;
	rc = xh_p2m_debug(P2M_DEBUG_fence_targets, &t);
	if (rc)
		return rc;
	len = scnprintf(buf, sizeof(buf), "dirty_cpus %#llx\nremote_cpus %#llx\n",
			t.dirty_cpus, t.remote_cpus);
	return text_out(ubuf, count, ppos, buf, len);
}

/*
 * Every ballooned GFN must be a hole in the p2m (for an order-9 block,
 * each of its 512 GFNs is asked).
 */
static ssize_t check_read(struct file *f, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	unsigned long holes = 0, mapped = 0, unknown = 0, i;
	struct page *page;
	char buf[96];
	int len;

	if (*ppos)
		return 0;
	mutex_lock(&balloon_lock);
	list_for_each_entry(page, &ballooned_4k, lru) {
		int m = gfn_mapped(page_to_pfn(page));

		if (m == 0)
			holes++;
		else if (m == 1)
			mapped++;
		else
			unknown++;
	}
	list_for_each_entry(page, &ballooned_2m, lru) {
		for (i = 0; i < BLOCK_PAGES; i++) {
			int m = gfn_mapped(page_to_pfn(page) + i);

			if (m == 0)
				holes++;
			else if (m == 1)
				mapped++;
			else
				unknown++;
		}
	}
	mutex_unlock(&balloon_lock);
	len = scnprintf(buf, sizeof(buf), "holes %lu\nmapped %lu\nunknown %lu\n",
			holes, mapped, unknown);
	return text_out(ubuf, count, ppos, buf, len);
}

/*
 * The hypervisor's free heap and our own page count, read under
 * balloon_lock so that no balloon operation of ours runs in between: their
 * sum is what a domain's creation and destruction must leave unchanged.
 */
static ssize_t mem_info_read(struct file *f, char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	struct xh_mem_info m = { 0 };
	char buf[160];
	long rc;
	int len;

	if (*ppos)
		return 0;
	mutex_lock(&balloon_lock);
	rc = xh_p2m_debug(P2M_DEBUG_mem_info, &m);
	mutex_unlock(&balloon_lock);
	if (rc)
		return rc;
	len = scnprintf(buf, sizeof(buf),
			"heap_free %llu\ntot_pages %llu\nnr_domains %u\n"
			"kill_step_max %llu\n",
			m.heap_free, m.tot_pages, m.nr_domains, m.kill_step_max);
	return text_out(ubuf, count, ppos, buf, len);
}

/*
 * Domains of our own, for the lifecycle scenario: write "create" (the next
 * free domid), "create N" (domid N), "destroy N" or "state N"; read the
 * last command's result (a domid, 0, a state, or a negative errno), as
 * "result R".
 */
static DEFINE_MUTEX(domain_lock);
static long domain_result;

static ssize_t domain_write(struct file *f, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned long id;
	char buf[32];
	long rc;

	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&domain_lock);
	if (sysfs_streq(buf, "create"))
		rc = xh_call2(XH_arch_0, P2M_DEBUG_domain_create, 0);
	else if (!strncmp(buf, "create ", 7) && !kstrtoul(buf + 7, 0, &id))
		rc = xh_call2(XH_arch_0, P2M_DEBUG_domain_create, id);
	else if (!strncmp(buf, "destroy ", 8) && !kstrtoul(buf + 8, 0, &id))
		rc = xh_call2(XH_arch_0, P2M_DEBUG_domain_destroy, id);
	else if (!strncmp(buf, "state ", 6) && !kstrtoul(buf + 6, 0, &id))
		rc = xh_call2(XH_arch_0, P2M_DEBUG_domain_state, id);
	else {
		mutex_unlock(&domain_lock);
		return -EINVAL;
	}
	domain_result = rc;
	mutex_unlock(&domain_lock);
	return count;
}

static ssize_t domain_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	char buf[32];
	int len;

	mutex_lock(&domain_lock);
	len = scnprintf(buf, sizeof(buf), "result %ld\n", domain_result);
	mutex_unlock(&domain_lock);
	return text_out(ubuf, count, ppos, buf, len);
}

static ssize_t poweroff_write(struct file *f, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	char buf[16];

	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sysfs_streq(buf, "ok"))
		sbi_system_shutdown(SRST_REASON_NONE);
	else if (sysfs_streq(buf, "failure"))
		sbi_system_shutdown(SRST_REASON_FAILURE);
	else
		return -EINVAL;
	/* Only reached if the SBI refused. */
	return -EIO;
}

static const struct file_operations target_fops = {
	.read = target_read,
	.write = target_write,
	.llseek = default_llseek,
};

static const struct file_operations current_fops = {
	.read = current_read,
	.llseek = default_llseek,
};

static const struct file_operations percent_fops = {
	.read = percent_read,
	.write = percent_write,
	.llseek = default_llseek,
};

static const struct file_operations stride_fops = {
	.read = stride_read,
	.write = stride_write,
	.llseek = default_llseek,
};

static const struct file_operations stats_fops = {
	.read = stats_read,
	.llseek = default_llseek,
};

static const struct file_operations audit_fops = {
	.read = audit_read,
	.llseek = default_llseek,
};

static const struct file_operations fences_fops = {
	.read = fences_read,
	.llseek = default_llseek,
};

static const struct file_operations check_fops = {
	.read = check_read,
	.llseek = default_llseek,
};

static const struct file_operations mem_info_fops = {
	.read = mem_info_read,
	.llseek = default_llseek,
};

static const struct file_operations domain_fops = {
	.read = domain_read,
	.write = domain_write,
	.llseek = default_llseek,
};

static const struct file_operations poweroff_fops = {
	.write = poweroff_write,
	.llseek = default_llseek,
};

static int balloon_panic(struct notifier_block *nb, unsigned long event,
			 void *unused)
{
	/* panic() flushes the console only after the notifiers. */
	console_flush_on_panic(CONSOLE_FLUSH_PENDING);
	sbi_system_shutdown(SRST_REASON_FAILURE);
	return NOTIFY_DONE;
}

static struct notifier_block panic_nb = {
	.notifier_call = balloon_panic,
	/* After everything that prints something useful. */
	.priority = INT_MIN,
};

static int __init xen_balloon_init(void)
{
	struct dentry *dir;

	xh_check_layouts();

	if (sbi_probe_extension(XH_SBI_EID) <= 0) {
		pr_info("no hypercall interface, not starting\n");
		return 0;
	}
	ram_pages = totalram_pages();

	atomic_notifier_chain_register(&panic_notifier_list, &panic_nb);

	dir = debugfs_create_dir("xen-balloon", NULL);
	debugfs_create_file("target", 0600, dir, NULL, &target_fops);
	debugfs_create_file("current", 0400, dir, NULL, &current_fops);
	debugfs_create_file("order9_percent", 0600, dir, NULL, &percent_fops);
	debugfs_create_file("scatter_stride", 0600, dir, NULL, &stride_fops);
	debugfs_create_file("p2m_stats", 0400, dir, NULL, &stats_fops);
	debugfs_create_file("p2m_audit", 0400, dir, NULL, &audit_fops);
	debugfs_create_file("fence_targets", 0400, dir, NULL, &fences_fops);
	debugfs_create_file("balloon_check", 0400, dir, NULL, &check_fops);
	debugfs_create_file("poweroff", 0200, dir, NULL, &poweroff_fops);
	debugfs_create_file("mem_info", 0400, dir, NULL, &mem_info_fops);
	debugfs_create_file("domain", 0600, dir, NULL, &domain_fops);

	pr_info("ready: %lu pages of RAM, order-9 share %u%%, stride %u\n",
		ram_pages, order9_percent, scatter_stride);
	return 0;
}
device_initcall(xen_balloon_init);
