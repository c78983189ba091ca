/* rt-token-table-export.c: the tokens shown, as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-csv.h"
#include "rt-token-table-private.h"

/* The rows shown, in the order shown, with the columns the user chose to
 * show (those a narrow window drops included), under their titles. Dates
 * are ISO 8601, times in UTC, so that a spreadsheet reads them in any
 * locale; the rest is the text of the cells. A token's secret is not part
 * of an RtToken, so it cannot end up here. */

/* In the order of the column view. */
static const char * const export_columns[] = {
  "name", "end-date", "products", "created-on", "last-used", "status",
  "type", "created-for", "created-by",
};

static gboolean
is_exported (RtTokenTable *self,
             const char   *id)
{
  GActionGroup *actions = rt_column_settings_get_actions (self->column_settings);
  g_autoptr(GVariant) state = NULL;

  /* The name has no action: it always shows. */
  if (!g_action_group_has_action (actions, id))
    return TRUE;
  if (!g_action_group_get_action_enabled (actions, id))
    return FALSE;

  state = g_action_group_get_action_state (actions, id);
  return state != NULL && g_variant_get_boolean (state);
}

static char *
iso_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date_time == NULL)
    return g_strdup ("");

  utc = g_date_time_to_utc (date_time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
iso_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static char *
status_text (RtToken *token)
{
  switch (rt_token_filter_status_of (token))
    {
    case RT_STATUS_FILTER_EXPIRED:
      return g_strdup (C_("token status", "Expired"));
    case RT_STATUS_FILTER_EXPIRING_SOON:
      return g_strdup (C_("token status", "Expiring Soon"));
    case RT_STATUS_FILTER_ACTIVE:
    default:
      return g_strdup (C_("token status", "Active"));
    }
}

static char *
cell_text (RtToken    *token,
           const char *id)
{
  if (g_str_equal (id, "name"))
    return g_strdup (rt_token_get_name (token));
  if (g_str_equal (id, "end-date"))
    return iso_date (rt_token_get_subscription_end_date (token));
  if (g_str_equal (id, "products"))
    return g_strdup (rt_token_get_products_label (token));
  if (g_str_equal (id, "created-on"))
    return iso_date_time (rt_token_get_created_at (token));
  if (g_str_equal (id, "last-used"))
    return iso_date_time (rt_token_get_last_used_at (token));
  if (g_str_equal (id, "status"))
    return status_text (token);
  if (g_str_equal (id, "type"))
    return _rt_token_table_type_label (NULL, rt_token_get_token_type (token), NULL);
  if (g_str_equal (id, "created-for"))
    return g_strdup (rt_token_get_created_for (token));
  if (g_str_equal (id, "created-by"))
    return g_strdup (rt_token_get_created_by (token));

  g_return_val_if_reached (NULL);
}

/**
 * rt_token_table_to_csv:
 *
 * Returns: (transfer full): the tokens shown as CSV: a header row of the
 *   column titles, then a row per token, each ended with CRLF
 */
char *
rt_token_table_to_csv (RtTokenTable *self)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  GListModel *shown;
  guint n_items;

  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (export_columns); i++)
    {
      GtkColumnViewColumn *column = rt_column_settings_lookup (self->column_settings, export_columns[i]);

      if (!is_exported (self, export_columns[i]))
        continue;

      g_ptr_array_add (ids, (gpointer) export_columns[i]);
      g_ptr_array_add (header, (gpointer) gtk_column_view_column_get_title (column));
    }
  g_ptr_array_add (header, NULL);
  rt_csv_append_record (csv, (const char * const *) header->pdata);

  /* Every token the search and filters let through, also those the table
   * has not let in yet, and none it has still to drop. */
  rt_token_table_catch_up (self);
  shown = G_LIST_MODEL (self->selection);
  n_items = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (shown, i);
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      /* A NULL would end the record early: an unset field is empty. */
      for (guint j = 0; j < ids->len; j++)
        {
          char *text = cell_text (token, g_ptr_array_index (ids, j));

          g_ptr_array_add (cells, text != NULL ? text : g_strdup (""));
        }
      g_ptr_array_add (cells, NULL);
      rt_csv_append_record (csv, (const char * const *) cells->pdata);
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rt_token_table_export_csv_async:
 * @file: where to write, replacing what is there
 *
 * Writes rt_token_table_to_csv() to @file, as the tokens are shown now.
 */
void
rt_token_table_export_csv_async (RtTokenTable        *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (RT_IS_TOKEN_TABLE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_token_table_export_csv_async);

  csv = rt_token_table_to_csv (self);
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

gboolean
rt_token_table_export_csv_finish (RtTokenTable  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (RT_IS_TOKEN_TABLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
