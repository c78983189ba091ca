/* rt-status-badge.h: a token's status as a coloured badge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-enums.h"

G_BEGIN_DECLS

#define RT_TYPE_STATUS_BADGE (rt_status_badge_get_type ())

G_DECLARE_FINAL_TYPE (RtStatusBadge, rt_status_badge, RT, STATUS_BADGE, GtkWidget)

GtkWidget     *rt_status_badge_new               (void);
RtTokenStatus  rt_status_badge_get_status        (RtStatusBadge *self);
void           rt_status_badge_set_status        (RtStatusBadge *self,
                                                  RtTokenStatus  status);
gboolean       rt_status_badge_get_expiring_soon (RtStatusBadge *self);
void           rt_status_badge_set_expiring_soon (RtStatusBadge *self,
                                                  gboolean       expiring_soon);
const char    *rt_status_badge_get_label         (RtStatusBadge *self);
const char    *rt_status_badge_get_tooltip       (RtStatusBadge *self);
void           rt_status_badge_set_tooltip       (RtStatusBadge *self,
                                                  const char    *tooltip);

G_END_DECLS
