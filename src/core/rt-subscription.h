/* rt-subscription.h: a subscription of the project and the products it covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RT_TYPE_SUBSCRIPTION (rt_subscription_get_type ())

G_DECLARE_FINAL_TYPE (RtSubscription, rt_subscription, RT, SUBSCRIPTION, GObject)

RtSubscription *rt_subscription_new          (const char     *id,
                                              const GDate    *end_date,
                                              GPtrArray      *products);
const char     *rt_subscription_get_id       (RtSubscription *self);
const GDate    *rt_subscription_get_end_date (RtSubscription *self);
GListModel     *rt_subscription_get_products (RtSubscription *self);

G_END_DECLS
