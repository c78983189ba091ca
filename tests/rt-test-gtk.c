/* rt-test-gtk.c: reading what widgets show, for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-test-gtk.h"

/* Appends "Title: Subtitle" for each AdwActionRow under @widget, one a
 * line, asserting that it is also the row's accessible name (GTK_A11Y=test). */
void
rt_test_collect_action_rows (GtkWidget *widget,
                             GString   *out)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      g_autofree char *line = g_strdup_printf ("%s: %s",
                                               adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                                               adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, line);
      g_string_append_printf (out, "%s\n", line);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rt_test_collect_action_rows (child, out);
}
