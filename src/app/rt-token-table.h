/* rt-token-table.h: the tokens in a sortable, searchable GtkColumnView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-filter-list.h"
#include "rt-token-filter.h"
#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_TABLE (rt_token_table_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenTable, rt_token_table, RT, TOKEN_TABLE, GtkWidget)

GListModel         *rt_token_table_get_model          (RtTokenTable *self);
void                rt_token_table_set_model          (RtTokenTable *self,
                                                       GListModel   *model);
gboolean            rt_token_table_get_caught_up      (RtTokenTable *self);
void                rt_token_table_catch_up           (RtTokenTable *self);
void                rt_token_table_set_view_settings  (RtTokenTable *self,
                                                       GSettings    *settings);
const char         *rt_token_table_get_search_text    (RtTokenTable *self);
void                rt_token_table_set_search_text    (RtTokenTable *self,
                                                       const char   *search_text);
gboolean            rt_token_table_get_admin          (RtTokenTable *self);
void                rt_token_table_set_admin          (RtTokenTable *self,
                                                       gboolean      admin);

GtkColumnView      *rt_token_table_get_column_view    (RtTokenTable *self);
GtkMultiSelection  *rt_token_table_get_selection      (RtTokenTable *self);
RtFilterList       *rt_token_table_get_filter_model   (RtTokenTable *self);
RtToken            *rt_token_table_get_selected_token (RtTokenTable *self);
GPtrArray          *rt_token_table_get_selected_tokens (RtTokenTable *self);
GtkColumnViewColumn *rt_token_table_get_column        (RtTokenTable *self,
                                                       const char   *id);

RtTokenFilter      *rt_token_table_get_filter         (RtTokenTable *self);
gboolean            rt_token_table_get_filtered       (RtTokenTable *self);
void                rt_token_table_clear_filters      (RtTokenTable *self);
GMenuModel         *rt_token_table_get_filter_menu    (RtTokenTable *self);
void                rt_token_table_update_filter_menu (RtTokenTable *self);

char               *rt_token_table_to_csv             (RtTokenTable *self);
void                rt_token_table_export_csv_async   (RtTokenTable        *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            rt_token_table_export_csv_finish  (RtTokenTable        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
