/* rt-cell-label.h: one line of a table cell's text, drawn only when seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RT_TYPE_CELL_LABEL (rt_cell_label_get_type ())

G_DECLARE_FINAL_TYPE (RtCellLabel, rt_cell_label, RT, CELL_LABEL, GtkWidget)

GtkWidget  *rt_cell_label_new             (void);
const char *rt_cell_label_get_label       (RtCellLabel *self);
void        rt_cell_label_set_label       (RtCellLabel *self,
                                           const char  *label);
const char *rt_cell_label_get_tooltip     (RtCellLabel *self);
void        rt_cell_label_set_tooltip     (RtCellLabel *self,
                                           const char  *tooltip);
gboolean    rt_cell_label_get_tabular     (RtCellLabel *self);
void        rt_cell_label_set_tabular     (RtCellLabel *self,
                                           gboolean     tabular);
gboolean    rt_cell_label_is_ellipsized   (RtCellLabel *self);

G_END_DECLS
