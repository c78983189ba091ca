/* rt-expiry-watch.h: which tokens to warn about, and what was warned about already
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-token.h"

G_BEGIN_DECLS

/**
 * RtExpiry:
 * @RT_EXPIRY_NONE: nothing to warn about (no end date, or not soon)
 * @RT_EXPIRY_EXPIRING_SOON: active, its subscription ends within the
 *   expiring-soon days
 * @RT_EXPIRY_EXPIRED: its subscription has ended
 */
typedef enum
{
  RT_EXPIRY_NONE,
  RT_EXPIRY_EXPIRING_SOON,
  RT_EXPIRY_EXPIRED,
} RtExpiry;

/**
 * RtExpiryChange:
 * @token_id: the token
 * @token_name: its name
 * @expiry: what to warn about; %RT_EXPIRY_NONE withdraws an earlier warning
 * @end_date: the subscription end date (invalid with %RT_EXPIRY_NONE)
 *
 * One warning to send, or to withdraw.
 */
typedef struct
{
  char     *token_id;
  char     *token_name;
  RtExpiry  expiry;
  GDate     end_date;
} RtExpiryChange;

void rt_expiry_change_free (RtExpiryChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtExpiryChange, rt_expiry_change_free)

#define RT_TYPE_EXPIRY_WATCH (rt_expiry_watch_get_type ())

G_DECLARE_FINAL_TYPE (RtExpiryWatch, rt_expiry_watch, RT, EXPIRY_WATCH, GObject)

RtExpiry       rt_expiry_classify           (RtToken        *token,
                                             const GDate    *today,
                                             guint           expiring_soon_days);

RtExpiryWatch *rt_expiry_watch_new          (void);
gboolean       rt_expiry_watch_load_data    (RtExpiryWatch  *self,
                                             const char     *data,
                                             gsize           length,
                                             GError        **error);
char          *rt_expiry_watch_to_data      (RtExpiryWatch  *self,
                                             gsize          *length);
gboolean       rt_expiry_watch_load_file    (RtExpiryWatch  *self,
                                             const char     *path,
                                             GError        **error);
gboolean       rt_expiry_watch_save_file    (RtExpiryWatch  *self,
                                             const char     *path,
                                             GError        **error);
char          *rt_expiry_watch_dup_default_path (void);
char          *rt_expiry_watch_dup_account_hash (const char     *server,
                                                 const char     *user);
GPtrArray     *rt_expiry_watch_forget       (RtExpiryWatch  *self,
                                             const char     *server,
                                             const char     *user);
GPtrArray     *rt_expiry_watch_check        (RtExpiryWatch  *self,
                                             const char     *server,
                                             const char     *user,
                                             GListModel     *tokens,
                                             const GDate    *today,
                                             guint           expiring_soon_days);

G_END_DECLS
