/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN__ERRNO_H
#define XEN__ERRNO_H

/* Xen's errno values (public/errno.h); guests see them negated. */
#define EPERM      1
#define ENOENT     2
#define ESRCH      3
#define EINTR      4
#define EIO        5
#define E2BIG      7
#define EAGAIN     11
#define ENOMEM     12
#define EACCES     13
#define EFAULT     14
#define EBUSY      16
#define EEXIST     17
#define EINVAL     22
#define ENOSPC     28
#define ERANGE     34
#define ENOSYS     38
#define EOPNOTSUPP 95
#define EOVERFLOW  75
#define ERESTART   85 /* hypervisor-internal: continue the operation later */

#endif /* XEN__ERRNO_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */
