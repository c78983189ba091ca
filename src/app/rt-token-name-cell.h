/* rt-token-name-cell.h: the token table's name cell, with the saved-secret mark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_NAME_CELL (rt_token_name_cell_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenNameCell, rt_token_name_cell, RT, TOKEN_NAME_CELL, GtkBox)

GtkWidget   *rt_token_name_cell_new           (void);
RtToken     *rt_token_name_cell_get_token     (RtTokenNameCell *self);
void         rt_token_name_cell_set_token     (RtTokenNameCell *self,
                                               RtToken         *token);
GtkListItem *rt_token_name_cell_get_list_item (RtTokenNameCell *self);
void         rt_token_name_cell_set_list_item (RtTokenNameCell *self,
                                               GtkListItem     *list_item);

G_END_DECLS
