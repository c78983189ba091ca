/* rts-rate-limit.h: counts failed attempts per key in a sliding window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RtsRateLimit RtsRateLimit;

RtsRateLimit *rts_rate_limit_new             (guint          max_failures,
                                              GTimeSpan      window,
                                              guint          max_keys);
void          rts_rate_limit_free            (RtsRateLimit  *limit);
gboolean      rts_rate_limit_allows          (RtsRateLimit  *limit,
                                              const char    *key,
                                              gint64         now,
                                              guint         *out_retry_after);
void          rts_rate_limit_add_failure     (RtsRateLimit  *limit,
                                              const char    *key,
                                              gint64         now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtsRateLimit, rts_rate_limit_free)

G_END_DECLS
