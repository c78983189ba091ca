/* rt-cell-label.h: one line of a table cell's text, drawn only when seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RT_TYPE_CELL_LABEL (rt_cell_label_get_type ())

G_DECLARE_FINAL_TYPE (RtCellLabel, rt_cell_label, RT, CELL_LABEL, GtkWidget)

/**
 * RtCellLabelFormatFunc:
 * @item: the item the cell shows
 *
 * Returns: (transfer full) (nullable): a text made from @item
 */
typedef char * (*RtCellLabelFormatFunc) (gpointer item);

/**
 * RtCellLabelFormat:
 * @text: makes the label
 * @tooltip: (nullable): makes the tooltip, also the accessible description
 * @watched: the properties of the item that the two read, %NULL-terminated
 *
 * How a cell shows an item: static data, shared by every cell of a column.
 */
typedef struct
{
  RtCellLabelFormatFunc  text;
  RtCellLabelFormatFunc  tooltip;
  const char            *watched[4];
} RtCellLabelFormat;

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
void        rt_cell_label_bind            (RtCellLabel             *self,
                                           gpointer                 item,
                                           const RtCellLabelFormat *format);
void        rt_cell_label_unbind          (RtCellLabel *self);

G_END_DECLS
