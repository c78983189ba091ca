/* rt-token.h: a registry token, as the API describes it, plus derived state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rt-enums.h"
#include "rt-product.h"

G_BEGIN_DECLS

/* The value of RtToken:days-left when the token has no subscription end date. */
#define RT_TOKEN_DAYS_LEFT_NONE G_MININT

/* The default of RtToken:expiring-soon-days. */
#define RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS 30

#define RT_TYPE_TOKEN (rt_token_get_type ())

G_DECLARE_FINAL_TYPE (RtToken, rt_token, RT, TOKEN, GObject)

RtToken       *rt_token_new                       (const char    *id);

const char    *rt_token_get_id                    (RtToken       *self);
const char    *rt_token_get_name                  (RtToken       *self);
void           rt_token_set_name                  (RtToken       *self,
                                                   const char    *name);
RtTokenType    rt_token_get_token_type            (RtToken       *self);
void           rt_token_set_token_type            (RtToken       *self,
                                                   RtTokenType    token_type);
const char    *rt_token_get_username              (RtToken       *self);
void           rt_token_set_username              (RtToken       *self,
                                                   const char    *username);
RtTokenStatus  rt_token_get_status                (RtToken       *self);
void           rt_token_set_status                (RtToken       *self,
                                                   RtTokenStatus  status);
GDateTime     *rt_token_get_created_at            (RtToken       *self);
void           rt_token_set_created_at            (RtToken       *self,
                                                   GDateTime     *created_at);
const GDate   *rt_token_get_subscription_end_date (RtToken       *self);
void           rt_token_set_subscription_end_date (RtToken       *self,
                                                   const GDate   *end_date);
GListModel    *rt_token_get_products              (RtToken       *self);
void           rt_token_set_products              (RtToken       *self,
                                                   GPtrArray     *products);
const char    *rt_token_get_created_by            (RtToken       *self);
void           rt_token_set_created_by            (RtToken       *self,
                                                   const char    *created_by);
const char    *rt_token_get_created_for           (RtToken       *self);
void           rt_token_set_created_for           (RtToken       *self,
                                                   const char    *created_for);
GDateTime     *rt_token_get_last_used_at          (RtToken       *self);
void           rt_token_set_last_used_at          (RtToken       *self,
                                                   GDateTime     *last_used_at);

int            rt_token_get_days_left             (RtToken       *self);
gboolean       rt_token_get_expiring_soon         (RtToken       *self);
guint          rt_token_get_expiring_soon_days    (RtToken       *self);
void           rt_token_set_expiring_soon_days    (RtToken       *self,
                                                   guint          days);
const char    *rt_token_get_products_label        (RtToken       *self);
void           rt_token_refresh_derived           (RtToken       *self);

void           rt_token_update_from               (RtToken       *self,
                                                   RtToken       *other);

/* UI state of the window's copy of a token, not part of the API's token:
 * rt_token_update_from() leaves it alone. */
gboolean       rt_token_get_busy                  (RtToken       *self);
void           rt_token_set_busy                  (RtToken       *self,
                                                   gboolean       busy);
gboolean       rt_token_get_has_saved_secret      (RtToken       *self);
void           rt_token_set_has_saved_secret      (RtToken       *self,
                                                   gboolean       has_saved_secret);

GHashTable    *rt_token_new_string_pool           (void);
void           rt_token_share_strings             (RtToken       *self,
                                                   GHashTable    *pool);

G_END_DECLS
