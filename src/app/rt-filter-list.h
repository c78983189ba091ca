/* rt-filter-list.h: a filtered list model whose changes keep the rows of the items that stay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RT_TYPE_FILTER_LIST (rt_filter_list_get_type ())

G_DECLARE_FINAL_TYPE (RtFilterList, rt_filter_list, RT, FILTER_LIST, GObject)

RtFilterList *rt_filter_list_new         (GListModel   *model,
                                          GtkFilter    *filter);
GListModel   *rt_filter_list_get_model   (RtFilterList *self);
void          rt_filter_list_set_model   (RtFilterList *self,
                                          GListModel   *model);
GtkFilter    *rt_filter_list_get_filter  (RtFilterList *self);
void          rt_filter_list_set_filter  (RtFilterList *self,
                                          GtkFilter    *filter);
guint         rt_filter_list_get_pending (RtFilterList *self);
void          rt_filter_list_set_view    (RtFilterList *self,
                                          guint         position,
                                          guint         n_items);
void          rt_filter_list_catch_up    (RtFilterList *self);

G_END_DECLS
