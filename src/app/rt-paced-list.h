/* rt-paced-list.h: a list model that lets its model's first items in a few at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The pace RtPacedList keeps, and RtFilterList when it brings many rows
 * back: RT_PACE_STEP items at a time, RT_PACE_INTERVAL_MS apart, until
 * RT_PACE_LIMIT are shown (the rows GTK 4.8 builds at most, and then some). */
#define RT_PACE_STEP        40
#define RT_PACE_INTERVAL_MS 30
#define RT_PACE_LIMIT       256

#define RT_TYPE_PACED_LIST (rt_paced_list_get_type ())

G_DECLARE_FINAL_TYPE (RtPacedList, rt_paced_list, RT, PACED_LIST, GObject)

RtPacedList *rt_paced_list_new            (void);
GListModel  *rt_paced_list_get_model      (RtPacedList *self);
void         rt_paced_list_set_model      (RtPacedList *self,
                                           GListModel  *model);
gboolean     rt_paced_list_get_caught_up  (RtPacedList *self);
void         rt_paced_list_catch_up       (RtPacedList *self);

G_END_DECLS
