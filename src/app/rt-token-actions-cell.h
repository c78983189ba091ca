/* rt-token-actions-cell.h: the token table's row menu button, or a spinner while busy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TYPE_TOKEN_ACTIONS_CELL (rt_token_actions_cell_get_type ())

G_DECLARE_FINAL_TYPE (RtTokenActionsCell, rt_token_actions_cell, RT, TOKEN_ACTIONS_CELL, GtkWidget)

GtkWidget *rt_token_actions_cell_new (void);

RtToken *rt_token_actions_cell_get_token (RtTokenActionsCell *self);
void     rt_token_actions_cell_set_token (RtTokenActionsCell *self,
                                          RtToken            *token);

GtkWidget     *rt_token_actions_cell_get_button      (RtTokenActionsCell *self);
GtkWidget     *rt_token_actions_cell_get_spinner     (RtTokenActionsCell *self);

G_END_DECLS
