/* rt-column-settings.h: the token table's shown columns and sort, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RT_COLUMN_NAME,
  RT_COLUMN_END_DATE,
  RT_COLUMN_PRODUCTS,
  RT_COLUMN_CREATED_ON,
  RT_COLUMN_STATUS,
  RT_COLUMN_TYPE,
  RT_COLUMN_CREATED_FOR,
  RT_COLUMN_CREATED_BY,
  RT_COLUMN_LAST_USED,
  RT_N_COLUMNS
} RtColumn;

#define RT_TYPE_COLUMN_SETTINGS (rt_column_settings_get_type ())

G_DECLARE_FINAL_TYPE (RtColumnSettings, rt_column_settings, RT, COLUMN_SETTINGS, GObject)

RtColumnSettings    *rt_column_settings_new         (GtkColumnView              *column_view,
                                                     GtkColumnViewColumn * const columns[RT_N_COLUMNS]);
GActionGroup        *rt_column_settings_get_actions (RtColumnSettings           *self);
void                 rt_column_settings_set_settings (RtColumnSettings         *self,
                                                      GSettings                *settings);
void                 rt_column_settings_set_admin   (RtColumnSettings           *self,
                                                     gboolean                    admin);
void                 rt_column_settings_set_width   (RtColumnSettings           *self,
                                                     int                         width);
void                 rt_column_settings_set_widths  (RtColumnSettings           *self,
                                                     const int                   needed[RT_N_COLUMNS],
                                                     const int                   natural[RT_N_COLUMNS],
                                                     int                         actions_width);
GtkColumnViewColumn *rt_column_settings_lookup      (RtColumnSettings           *self,
                                                     const char                 *id);

G_END_DECLS
