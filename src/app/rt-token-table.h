/* rt-token-table.h: the tokens in a sortable, searchable GtkColumnView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_TABLE (rt_token_table_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenTable, rt_token_table, RT, TOKEN_TABLE, GtkWidget)

GListModel         *rt_token_table_get_model          (RtTokenTable *self);
void                rt_token_table_set_model          (RtTokenTable *self,
                                                       GListModel   *model);
const char         *rt_token_table_get_search_text    (RtTokenTable *self);
void                rt_token_table_set_search_text    (RtTokenTable *self,
                                                       const char   *search_text);
gboolean            rt_token_table_get_admin          (RtTokenTable *self);
void                rt_token_table_set_admin          (RtTokenTable *self,
                                                       gboolean      admin);

GtkColumnView      *rt_token_table_get_column_view    (RtTokenTable *self);
GtkSingleSelection *rt_token_table_get_selection      (RtTokenTable *self);
GtkFilterListModel *rt_token_table_get_filter_model   (RtTokenTable *self);
RtToken            *rt_token_table_get_selected_token (RtTokenTable *self);
GtkColumnViewColumn *rt_token_table_get_column        (RtTokenTable *self,
                                                       const char   *id);

G_END_DECLS
