/* rt-window-filters.c: the main window's filter, multiple selection, bulk delete and CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-confirm.h"
#include "rt-window-private.h"

/* The filter's state shows in a bar above the table, with Select All and
 * Clear; a selection of several rows shows in an action bar below it, with
 * Delete. A bulk delete asks once, naming the tokens, then deletes them one
 * after the other (the keyring and docker's configuration are changed one
 * at a time, as a single delete does), each token busy until its turn is
 * done. One toast reports what was deleted; a dialog lists what was not,
 * and why. "Delete Expired Tokens…" in the main menu is the same delete
 * for every expired token: menu, item, confirm. */

/* Names shown in a confirmation before "and N more". */
#define MAX_NAMES_SHOWN 10

/* --- State shown ---------------------------------------------------------- */

static guint
count_selected (RtWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return 0;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (selected);
}

void
_rt_window_update_filters (RtWindow *self)
{
  g_autofree char *description = NULL;
  gboolean has_tokens;
  RtTokenFilter *filter;
  guint n_selected;

  if (self->filter_bar == NULL || self->session == NULL)
    return;

  filter = rt_token_table_get_filter (self->token_table);
  has_tokens = self->signed_in && g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (self->session))) > 0;
  description = rt_token_filter_describe (filter);

  gtk_widget_set_visible (self->filter_button, has_tokens);
  /* The funnel in the accent colour while it hides tokens. */
  if (rt_token_filter_get_active (filter))
    gtk_widget_add_css_class (self->filter_button, "accent");
  else
    gtk_widget_remove_css_class (self->filter_button, "accent");
  gtk_revealer_set_reveal_child (self->filter_bar, has_tokens && description != NULL);
  if (description != NULL)
    {
      g_autofree char *label = NULL;

      /* Translators: the filter bar; %s is what the filter shows, e.g. "Expired · Service" */
      label = g_strdup_printf (_("Filtered: %s"), description);
      gtk_label_set_label (self->filter_label, label);
    }
  gtk_widget_set_visible (self->no_results_clear_button, rt_token_filter_get_active (filter));

  n_selected = count_selected (self);
  gtk_revealer_set_reveal_child (self->selection_bar, self->signed_in && n_selected > 1);
  if (n_selected > 1)
    {
      g_autofree char *selected = NULL;
      g_autofree char *delete = NULL;

      /* Translators: the selection bar; %u is a count of tokens */
      selected = g_strdup_printf (ngettext ("%u token selected", "%u tokens selected", n_selected),
                                  n_selected);
      gtk_label_set_label (self->selection_label, selected);
      /* Translators: the selection bar's button; %u is a count of tokens */
      delete = g_strdup_printf (ngettext ("_Delete %u Token…", "_Delete %u Tokens…", n_selected),
                                n_selected);
      gtk_label_set_label (self->delete_selected_label, delete);
      /* The label without its mnemonic, for a screen reader. */
      g_clear_pointer (&delete, g_free);
      delete = g_strdup_printf (ngettext ("Delete %u Token", "Delete %u Tokens", n_selected),
                                n_selected);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_selected_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, delete, -1);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-filters",
                                 self->signed_in && rt_token_table_get_filtered (self->token_table));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-all", has_tokens);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selected", self->signed_in && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-expired", has_tokens);
  /* Exports the rows shown: none, nothing to export. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-csv",
                                 has_tokens && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0);
}

static void
filter_menu_popup (GtkMenuButton *button,
                   gpointer       user_data)
{
  RtWindow *self = user_data;

  rt_token_table_update_filter_menu (self->token_table);
}

/* --- Plain actions ----------------------------------------------------------- */

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);

  rt_token_table_clear_filters (self->token_table);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);

  /* All of them, also those the table has not let in yet. */
  rt_token_table_catch_up (self->token_table);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* --- Bulk delete --------------------------------------------------------------- */

typedef struct
{
  RtWindow      *window;
  /* The account deleted from, shown or not by the time a reply comes. */
  RtSession     *session;
  RtClient      *client;
  GCancellable  *cancellable;
  char          *server;
  char          *registry_host;
  GPtrArray     *tokens;       /* of RtToken, busy until their turn is done */
  guint          next;
  GPtrArray     *deleted;      /* names */
  GString       *failures;     /* "name: why" lines */
  guint          n_failed;
} BulkDelete;

static void
bulk_delete_free (BulkDelete *bulk)
{
  for (guint i = bulk->next > 0 ? bulk->next - 1 : 0; i < bulk->tokens->len; i++)
    rt_token_set_busy (g_ptr_array_index (bulk->tokens, i), FALSE);

  g_clear_object (&bulk->window);
  g_clear_object (&bulk->session);
  g_clear_object (&bulk->client);
  g_clear_object (&bulk->cancellable);
  g_clear_pointer (&bulk->tokens, g_ptr_array_unref);
  g_clear_pointer (&bulk->deleted, g_ptr_array_unref);
  g_string_free (bulk->failures, TRUE);
  g_free (bulk->server);
  g_free (bulk->registry_host);
  g_free (bulk);
}

/* Whether the results still count: the window is open, and the account is
 * still signed in with the same client (whichever account the window shows
 * now). */
static gboolean
bulk_delete_is_current (BulkDelete *bulk)
{
  return !g_cancellable_is_cancelled (bulk->cancellable) &&
         rt_session_get_client (bulk->session) == bulk->client;
}

static char *
join_names (GPtrArray *names,
            guint      max)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < max; i++)
    {
      if (i > 0)
        /* Translators: the separator between token names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (names, i));
    }

  if (names->len > max)
    {
      guint more = names->len - max;

      g_string_append (text, " ");
      /* Translators: after a list of token names cut short; %u is how many more */
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", more), more);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bulk_delete_report (BulkDelete *bulk)
{
  RtWindow *self = bulk->window;

  if (bulk->deleted->len > 0)
    {
      g_autofree char *names = join_names (bulk->deleted, G_MAXUINT);
      g_autofree char *text = NULL;

      if (bulk->deleted->len == 1)
        /* Translators: %s is a token name */
        text = g_strdup_printf (_("Deleted “%s”"), names);
      else
        /* Translators: %u is a count, %s a list of token names */
        text = g_strdup_printf (ngettext ("Deleted %u token: %s", "Deleted %u tokens: %s",
                                          bulk->deleted->len),
                                bulk->deleted->len, names);
      _rt_window_show_toast (self, text);
    }

  if (bulk->n_failed > 0)
    {
      g_autofree char *heading = NULL;
      AdwMessageDialog *dialog;

      /* Translators: %u is a count of tokens */
      heading = g_strdup_printf (ngettext ("%u Token Was Not Deleted", "%u Tokens Were Not Deleted",
                                           bulk->n_failed),
                                 bulk->n_failed);
      g_strchomp (bulk->failures->str);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                           bulk->failures->str));
      gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      rt_confirm_name_responses (dialog);
      gtk_window_present (GTK_WINDOW (dialog));
    }

  _rt_window_reload_saved_secrets (self);
}

static void bulk_delete_next (BulkDelete *bulk);

static void
bulk_remove_secret_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  BulkDelete *bulk = user_data;
  RtToken *token = g_ptr_array_index (bulk->tokens, bulk->next - 1);
  g_autoptr(GError) error = NULL;

  if (!rt_secret_store_remove_token_secret_finish (RT_SECRET_STORE (object), result, NULL, &error))
    {
      if (!bulk_delete_is_current (bulk))
        {
          bulk_delete_free (bulk);
          return;
        }

      g_debug ("Removing the saved secret of token %s failed: %s",
               rt_token_get_id (token), error->message);
      /* Translators: %s is a token name */
      g_string_append_printf (bulk->failures, _("The saved secret of “%s” could not be removed from the keyring"),
                              rt_token_get_name (token));
      g_string_append_c (bulk->failures, '\n');
      bulk->n_failed++;
    }

  bulk_delete_next (bulk);
}

static void
bulk_delete_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BulkDelete *bulk = user_data;
  RtToken *token = g_ptr_array_index (bulk->tokens, bulk->next - 1);
  RtWindow *self = bulk->window;
  g_autoptr(GError) error = NULL;

  if (!rt_client_delete_token_finish (RT_CLIENT (object), result, &error) &&
      !g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND))
    {
      if (!bulk_delete_is_current (bulk) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          bulk_delete_free (bulk);
          return;
        }

      g_debug ("Deleting token %s failed: %s", rt_token_get_id (token), error->message);
      /* A key that stopped working ends the session: nothing more to do. */
      if (rt_session_report_error (bulk->session, error))
        {
          bulk_delete_free (bulk);
          return;
        }

      /* Translators: a line of the list of tokens not deleted: the first %s
       * is a token name, the second why */
      g_string_append_printf (bulk->failures, _("“%s”: %s"), rt_token_get_name (token), error->message);
      g_string_append_c (bulk->failures, '\n');
      bulk->n_failed++;
      bulk_delete_next (bulk);
      return;
    }

  if (!bulk_delete_is_current (bulk))
    {
      bulk_delete_free (bulk);
      return;
    }

  /* Deleted, or already gone (404): either way it is gone, and so is any
   * use for its saved secret. */
  g_ptr_array_add (bulk->deleted, g_strdup (rt_token_get_name (token)));
  rt_session_token_removed (bulk->session, rt_token_get_id (token));
  rt_secret_store_remove_token_secret_async (self->secret_store,
                                             bulk->server,
                                             bulk->registry_host,
                                             rt_token_get_id (token),
                                             rt_token_get_username (token),
                                             bulk->cancellable,
                                             bulk_remove_secret_cb,
                                             bulk);
}

static void
bulk_delete_next (BulkDelete *bulk)
{
  RtToken *token;

  if (bulk->next > 0)
    rt_token_set_busy (g_ptr_array_index (bulk->tokens, bulk->next - 1), FALSE);

  if (bulk->next >= bulk->tokens->len)
    {
      bulk_delete_report (bulk);
      bulk_delete_free (bulk);
      return;
    }

  token = g_ptr_array_index (bulk->tokens, bulk->next++);
  rt_client_delete_token_async (bulk->client, rt_token_get_id (token), bulk->cancellable,
                                bulk_delete_cb, bulk);
}

/* Deletes the tokens of @ids still there and idle. */
static void
bulk_delete_start (RtWindow            *self,
                   const char * const  *ids)
{
  RtTokenStore *store = rt_session_get_tokens (self->session);
  BulkDelete *bulk;

  bulk = g_new0 (BulkDelete, 1);
  bulk->window = g_object_ref (self);
  bulk->session = g_object_ref (self->session);
  bulk->client = g_object_ref (rt_session_get_client (self->session));
  bulk->cancellable = g_object_ref (self->cancellable);
  bulk->server = g_strdup (rt_session_get_server (self->session));
  bulk->registry_host = g_strdup (rt_account_get_registry (rt_session_get_account (self->session)));
  bulk->tokens = g_ptr_array_new_with_free_func (g_object_unref);
  bulk->deleted = g_ptr_array_new_with_free_func (g_free);
  bulk->failures = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      RtToken *token = rt_token_store_find (store, ids[i], NULL);

      if (token == NULL || rt_token_get_busy (token))
        continue;

      rt_token_set_busy (token, TRUE);
      g_ptr_array_add (bulk->tokens, g_object_ref (token));
    }

  bulk_delete_next (bulk);
}

static void
bulk_confirm_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          RtWindow         *self)
{
  const char * const *ids = g_object_get_data (G_OBJECT (dialog), "token-ids");

  if (g_strcmp0 (response, RT_CONFIRM_RESPONSE_CONFIRM) != 0 || !self->signed_in ||
      !_rt_window_dialog_is_current (self, GTK_WINDOW (dialog)))
    return;

  bulk_delete_start (self, ids);
}

/* One question for all of @tokens, naming them; Cancel is the default. */
static void
ask_then_delete (RtWindow  *self,
                 GPtrArray *tokens)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *heading = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);

      g_strv_builder_add (ids, rt_token_get_id (token));
      g_ptr_array_add (names, (gpointer) rt_token_get_name (token));
    }

  /* Translators: %u is a count of tokens, at least 2 */
  heading = g_strdup_printf (ngettext ("Delete %u Token?", "Delete %u Tokens?", tokens->len), tokens->len);
  listed = join_names (names, MAX_NAMES_SHOWN);
  /* Translators: %s is a list of token names */
  body = g_strdup_printf (_("%s\n\nSystems using these tokens will lose access to the registry, "
                            "and their saved secrets are removed. This cannot be undone."),
                          listed);
  dialog = rt_confirm_new (GTK_WINDOW (self), heading, body, _("_Cancel"), _("_Delete"));
  g_object_set_data_full (G_OBJECT (dialog), "token-ids", g_strv_builder_end (ids),
                          (GDestroyNotify) g_strfreev);
  _rt_window_tie_dialog (self, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (bulk_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deletes @tokens: one goes the way a row's Delete goes. A token busy with
 * another action is left out, and not named in the question either. */
static void
delete_tokens (RtWindow  *self,
               GPtrArray *tokens)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);

      if (!rt_token_get_busy (token))
        g_ptr_array_add (idle, token);
    }

  if (idle->len == 1)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-token", "s",
                                rt_token_get_id (g_ptr_array_index (idle, 0)));
  else if (idle->len > 1)
    ask_then_delete (self, idle);
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  g_autoptr(GPtrArray) tokens = NULL;

  if (!self->signed_in)
    return;

  tokens = rt_token_table_get_selected_tokens (self->token_table);
  delete_tokens (self, tokens);
}

static void
delete_expired_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;
  guint n_items;

  if (!self->signed_in)
    return;

  model = G_LIST_MODEL (rt_session_get_tokens (self->session));
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      if (rt_token_get_status (token) == RT_TOKEN_STATUS_EXPIRED)
        g_ptr_array_add (tokens, g_steal_pointer (&token));
    }

  if (tokens->len == 0)
    _rt_window_show_toast (self, _("No token has expired"));
  else
    delete_tokens (self, tokens);
}

/* --- Export -------------------------------------------------------------------- */

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!rt_token_table_export_csv_finish (RT_TOKEN_TABLE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Exporting the tokens failed: %s", error->message);
      /* Translators: %s is the file system's error */
      text = g_strdup_printf (_("The tokens could not be exported. %s"), error->message);
      _rt_window_show_toast (self, text);
      return;
    }

  _rt_window_show_toast (self, _("Exported the tokens shown"));
}

/* Connected to the chooser, not the window: it must end the chooser even
 * when the window went while it was open. */
static void
export_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GWeakRef        *window_ref)
{
  g_autoptr(RtWindow) self = g_weak_ref_get (window_ref);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (self == NULL || file == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  rt_token_table_export_csv_async (self->token_table, file, self->cancellable,
                                   export_cb, g_object_ref (self));
}

static void
free_window_ref (gpointer  data,
                 GClosure *closure)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Through the file chooser portal where there is one (GtkFileChooserNative:
 * GtkFileDialog is GTK 4.10). */
static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RtWindow *self = RT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GWeakRef *window_ref = g_new0 (GWeakRef, 1);

  chooser = gtk_file_chooser_native_new (_("Export Tokens"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name of an export; keep the .csv */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("tokens.csv"));
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_weak_ref_init (window_ref, self);
  g_signal_connect_data (chooser, "response", G_CALLBACK (export_response_cb),
                         window_ref, free_window_ref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- Installation ------------------------------------------------------------- */

void
_rt_window_class_filters_init (RtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, RtWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, delete_selected_button);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, delete_selected_label);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, RtWindow, no_results_clear_button);

  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "win.delete-expired", NULL, delete_expired_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
}

void
_rt_window_filters_init (RtWindow *self)
{
  RtTokenFilter *filter = rt_token_table_get_filter (self->token_table);

  gtk_widget_insert_action_group (GTK_WIDGET (self), "filter", rt_token_filter_get_actions (filter));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->filter_button),
                                  rt_token_table_get_filter_menu (self->token_table));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->filter_button),
                                         filter_menu_popup, self, NULL);

  g_signal_connect_object (filter, "notify::active",
                           G_CALLBACK (_rt_window_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (filter, "changed",
                           G_CALLBACK (_rt_window_update_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (_rt_window_update_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (_rt_window_update_filters), self, G_CONNECT_SWAPPED);
}
