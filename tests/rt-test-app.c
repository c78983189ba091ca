/* rt-test-app.c: the token actions tests' harness: the app, signed in through a proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-test-app.h"
#include "rt-test-util.h"

/* --- Shared state ------------------------------------------------------------- */

RtTestService *service;
Proxy *proxy;
static RtApplication *app;
RtWindow *window;
RtClient *checker;
GPtrArray *seen_secrets;

/* --- Main loop helpers -------------------------------------------------------- */

/* Returns: (transfer none): the first visible toplevel of @type whose parent
 * is @parent, or NULL */
gpointer
find_toplevel (GType      type,
               GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (candidate, type) &&
          gtk_widget_get_visible (GTK_WIDGET (candidate)) &&
          (parent == NULL || gtk_window_get_transient_for (candidate) == parent))
        return candidate;
    }

  return NULL;
}

gboolean
is_open (gpointer toplevel)
{
  return toplevel != NULL && gtk_widget_get_visible (GTK_WIDGET (toplevel));
}

/* Follows @window until it is closed: hidden, or destroyed and gone. */
GtkWindow **
track (gpointer toplevel)
{
  GtkWindow **location = g_new (GtkWindow *, 1);

  *location = toplevel;
  g_object_add_weak_pointer (G_OBJECT (toplevel), (gpointer *) location);

  return location;
}

void
wait_closed (GtkWindow **location)
{
  rt_test_wait_until (!is_open (*location));
  if (*location != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*location), (gpointer *) location);
  g_free (location);
}

/* Appends every label's text under @widget to @out, one per line. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

gboolean
widget_shows (GtkWidget  *widget,
              const char *text)
{
  g_autoptr(GString) all = g_string_new (NULL);

  collect_text (widget, all);

  return strstr (all->str, text) != NULL;
}

gboolean
toast_shows (const char *text)
{
  return widget_shows (GTK_WIDGET (window->toast_overlay), text);
}

GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

const char *
shown_secret (RtSecretDialog *dialog)
{
  GtkWidget *label = find_widget (GTK_WIDGET (dialog), has_css_class, "rt-secret");

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* --- The server's view -------------------------------------------------------- */

RtToken *
server_get_token (const char  *id,
                  GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_client_get_token_async (checker, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_client_get_token_finish (checker, result, error);
}

RtToken *
server_find_token_by_name (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;

  rt_client_list_tokens_page_async (checker, NULL, 1000, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (checker, result, &error);
  g_assert_no_error (error);

  tokens = rt_token_page_get_tokens (page);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ascii_strcasecmp (rt_token_get_name (g_ptr_array_index (tokens, i)), name) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));

  return NULL;
}

guint
server_count_tokens_named (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;
  guint count = 0;

  rt_client_list_tokens_page_async (checker, NULL, 1000, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (checker, result, &error);
  g_assert_no_error (error);

  tokens = rt_token_page_get_tokens (page);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ascii_strcasecmp (rt_token_get_name (g_ptr_array_index (tokens, i)), name) == 0)
      count++;

  return count;
}

RtToken *
server_create_token (const char *name,
                     RtSecret  **secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token;

  rt_client_create_token_async (checker, name, RT_TOKEN_TYPE_USER, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (checker, result, secret, NULL, &error);
  g_assert_no_error (error);

  return token;
}

/* --- Driving the window ------------------------------------------------------- */

RtGenerateDialog *
open_generate_dialog (void)
{
  RtGenerateDialog *dialog;

  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.generate-token", NULL));
  rt_test_wait_until ((dialog = find_toplevel (RT_TYPE_GENERATE_DIALOG, GTK_WINDOW (window))) != NULL);

  /* The name can be typed at once: the focus is in its entry. */
  rt_test_wait_until (gtk_window_get_focus (GTK_WINDOW (dialog)) != NULL);
  g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (GTK_WINDOW (dialog))));
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                             ADW_TYPE_ENTRY_ROW));

  return dialog;
}

gboolean
generate_enabled (RtGenerateDialog *dialog)
{
  GtkWidget *button = find_widget (GTK_WIDGET (dialog), has_action_name, "dialog.generate");

  g_assert_nonnull (button);

  return gtk_widget_get_sensitive (button);
}

/* Generates @name through the dialog; returns the secret dialog shown. */
RtSecretDialog *
generate_through_dialog (const char *name)
{
  RtGenerateDialog *dialog;
  RtSecretDialog *secret_dialog;

  dialog = open_generate_dialog ();

  rt_generate_dialog_set_name (dialog, name);
  g_assert_null (rt_generate_dialog_get_problem (dialog));
  g_assert_true (generate_enabled (dialog));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));

  g_ptr_array_add (seen_secrets, g_strdup (shown_secret (secret_dialog)));

  return secret_dialog;
}

/* Closes the secret dialog, answering the question if one comes. */
void
close_secret_dialog (RtSecretDialog *dialog)
{
  GtkWindow *weak = GTK_WINDOW (dialog);
  AdwMessageDialog *question = NULL;

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  rt_test_wait_until (!is_open (weak) ||
                      (question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, weak)) != NULL);
  if (question != NULL)
    answer (question, "confirm");

  rt_test_wait_until (!is_open (weak));
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
}

AdwMessageDialog *
wait_for_question (GtkWindow *parent)
{
  AdwMessageDialog *question;

  rt_test_wait_until ((question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, parent)) != NULL);

  return question;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Answers like a click on the response's button: the dialog closes and
 * emits the response (adw_message_dialog_response() alone only emits). */
void
answer (AdwMessageDialog *question,
        const char       *response)
{
  GtkWindow *weak = GTK_WINDOW (question);
  const char *label = adw_message_dialog_get_response_label (question, response);
  GtkWidget *button = find_widget (GTK_WIDGET (question), is_button_labelled, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_signal_emit_by_name (button, "clicked");
  rt_test_wait_until (!is_open (weak));
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
}

RtToken *
table_token (const char *id)
{
  return rt_token_store_find (rt_session_get_tokens (window->session), id, NULL);
}

gboolean
table_has_name (const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (rt_session_get_tokens (window->session)), i);

      if (g_strcmp0 (rt_token_get_name (token), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* --- The log ------------------------------------------------------------------ */

void
test_no_secret_in_log (void)
{
  g_assert_cmpuint (seen_secrets->len, >, 0);

  for (guint i = 0; i < seen_secrets->len; i++)
    g_assert_null (strstr (rt_test_get_captured_log (), g_ptr_array_index (seen_secrets, i)));

  g_assert_null (strstr (rt_test_get_captured_log (), service->admin_key));
  g_assert_null (strstr (rt_test_get_captured_log (), service->member_key));
  g_assert_null (strstr (rt_test_get_captured_log (), "rtsec_"));
  g_assert_null (strstr (rt_test_get_captured_log (), "rtkey_"));
  /* The debug log was really captured. */
  g_assert_cmpstr (rt_test_get_captured_log (), !=, "");
}

/* --- Running the tests inside the application --------------------------------- */

static int test_status = 1;

static void
on_activate (GApplication *application)
{
  window = RT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);

  /* Signed in from --server and REGISTRY_TOKENS_ACCESS_KEY, tokens loaded. */
  rt_test_wait_until (rt_session_get_client (window->session) != NULL &&
                      rt_window_get_account (window) != NULL &&
                      rt_token_store_get_loaded (rt_session_get_tokens (window->session)));

  g_application_hold (application);
  test_status = g_test_run ();
  g_application_release (application);

  /* Whatever this program's tests showed, none of it was logged. */
  if (test_status == 0 && seen_secrets->len > 0)
    test_no_secret_in_log ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (application);
}

void
rt_test_app_init (int    *argc,
                  char ***argv)
{
  /* Everything is logged, so that the test can look for secrets in it. */
  rt_test_capture_log ();
  g_setenv ("RT_FAKE_NOW", NOW, TRUE);
  /* GTK's accessibility backend for tests: no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (argc, argv, NULL);
  /* Xvfb has no window manager, so no window is ever "active"; GtkText's
   * cursor-blink timer then warns that a focused entry "did not receive a
   * focus-out event", which gtk_test_init makes fatal. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  service = rt_test_service_start (NOW);
  proxy = proxy_new (service->url);
  seen_secrets = g_ptr_array_new_with_free_func (g_free);

  checker = rt_test_new_client (service->url, service->admin_key);

  g_setenv ("REGISTRY_TOKENS_ACCESS_KEY", service->admin_key, TRUE);
}

int
rt_test_app_run (void)
{
  char *app_argv[4];

  app = g_object_new (RT_TYPE_APPLICATION,
                      "application-id", APPLICATION_ID,
                      "resource-base-path", "/io/github/regtokens/RegistryTokens/",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  app_argv[0] = (char *) "registry-tokens";
  app_argv[1] = (char *) "--server";
  app_argv[2] = proxy->url;
  app_argv[3] = NULL;
  g_application_run (G_APPLICATION (app), 3, app_argv);

  g_clear_object (&app);
  g_clear_object (&checker);
  proxy_free (proxy);
  rt_test_service_free (service);
  g_ptr_array_unref (seen_secrets);

  return test_status;
}
