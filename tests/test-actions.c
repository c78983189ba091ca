/* test-actions.c: the token actions and dialogs, end to end: generate, re-sync, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-service-user.h"
#include "rt-test-app.h"
#include "rt-test-util.h"

/* --- Looking into widgets ----------------------------------------------------- */

static gboolean
is_toast_overlay (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_TOAST_OVERLAY (widget);
}

static gboolean
label_has_prefix (GtkWidget     *widget,
                  gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The action Escape runs in @toplevel: the first shortcut for it from the
 * focus up, as GTK looks for one. */
static const char *
escape_action (GtkWindow *toplevel)
{
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);
  GtkWidget *focus = gtk_window_get_focus (toplevel);

  for (GtkWidget *w = focus != NULL ? focus : GTK_WIDGET (toplevel); w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape))
                continue;

              return GTK_IS_NAMED_ACTION (action)
                     ? gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))
                     : "(not a named action)";
            }
        }
    }

  return NULL;
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget);
}

/* --- Tests -------------------------------------------------------------------- */

static void
test_signed_in (void)
{
  g_assert_nonnull (rt_session_get_client (window->session));
  g_assert_nonnull (rt_window_get_account (window));
  g_assert_cmpint (rt_account_get_role (rt_window_get_account (window)), ==, RT_ROLE_ADMIN);
  g_assert_true (table_has_name ("ci-pipeline"));
}

static void
test_generate (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("build-agent-1");
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token = rt_secret_dialog_get_token (dialog);
  AdwMessageDialog *question;
  g_autofree char *login = NULL;

  /* The secret dialog: the token, the registry, the username and a secret. */
  g_assert_cmpstr (rt_token_get_name (token), ==, "build-agent-1");
  g_assert_true (g_str_has_prefix (shown_secret (dialog), "rtsec_"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "build-agent-1"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), rt_account_get_registry (rt_window_get_account (window))));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), rt_token_get_username (token)));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "shown only once"));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), "rtsec_"));

  login = rt_secret_dialog_dup_login_command (dialog);
  g_assert_true (g_str_has_prefix (login, "docker login "));
  g_assert_nonnull (strstr (login, "--password-stdin"));
  g_assert_null (strstr (login, shown_secret (dialog)));

  /* It is on the server and in the table. */
  on_server = server_get_token (rt_token_get_id (token), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_name (on_server), ==, "build-agent-1");
  g_assert_nonnull (table_token (rt_token_get_id (token)));

  /* Closing before copying or saving asks first; Go Back keeps it open. */
  gtk_window_close (GTK_WINDOW (dialog));
  question = wait_for_question (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Close Without Saving the Secret?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==, "It cannot be shown again.");
  answer (question, "cancel");
  g_assert_true (is_open (dialog));

  /* Escape asks too. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  question = wait_for_question (GTK_WINDOW (dialog));
  answer (question, "confirm");
  rt_test_wait_until (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL) == NULL);
}

static void
test_generate_copy_then_close (void)
{
  GtkWindow **tracked;
  RtSecretDialog *dialog = generate_through_dialog ("copy-then-close");
  g_autofree char *expected = NULL;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.copy", NULL);
  g_assert_true (rt_secret_dialog_get_copied (dialog));
  expected = g_strdup_printf ("Secret copied. The clipboard will be cleared in %u seconds.",
                              rt_clipboard_get_clear_seconds (window->clipboard));
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), expected));

  /* Said inline, not in a toast that would take the first Escape and cover
   * the buttons: Escape closes the dialog at once. */
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_toast_overlay, NULL));
  g_assert_cmpstr (escape_action (GTK_WINDOW (dialog)), ==, "window.close");

  /* Copied: closing asks nothing. */
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), escape_action (GTK_WINDOW (dialog)), NULL);
  wait_closed (tracked);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
}

static gboolean
is_visible_scrollbar (GtkWidget     *widget,
                      gconstpointer  data)
{
  /* (Not a scrolled window's own, which its policy hides.) */
  return GTK_IS_SCROLLBAR (widget) && gtk_widget_get_visible (widget) &&
         !GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (widget));
}

/* @a and @b do not overlap on screen. */
static void
assert_apart (GtkWidget *a,
              GtkWidget *b)
{
  graphene_rect_t a_bounds;
  graphene_rect_t b_bounds;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (a));

  g_assert_true (gtk_widget_compute_bounds (a, root, &a_bounds));
  g_assert_true (gtk_widget_compute_bounds (b, root, &b_bounds));
  g_assert_false (graphene_rect_intersection (&a_bounds, &b_bounds, NULL));
}

static void
test_copy_login_command_then_escape (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("login-then-escape");
  GtkWidget *copy_login;
  GtkWidget *note;

  copy_login = find_widget (GTK_WIDGET (dialog), has_action_name, "secret.copy-login-command");
  g_assert_nonnull (copy_login);
  gtk_widget_grab_focus (copy_login);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.copy-login-command", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "Login command copied."));

  /* The note sits beside the copy button, never over it. */
  note = find_widget (GTK_WIDGET (dialog), label_has_prefix, "Login command copied.");
  g_assert_nonnull (note);
  rt_test_wait_until (gtk_widget_get_mapped (note) && gtk_widget_get_width (note) > 0);
  assert_apart (copy_login, note);
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_toast_overlay, NULL));

  /* The secret itself was neither copied nor saved: the first Escape asks. */
  g_assert_false (rt_secret_dialog_get_copied (dialog));
  g_assert_cmpstr (escape_action (GTK_WINDOW (dialog)), ==, "window.close");
  gtk_widget_activate_action (GTK_WIDGET (dialog), escape_action (GTK_WINDOW (dialog)), NULL);
  answer (wait_for_question (GTK_WINDOW (dialog)), "confirm");
  rt_test_wait_until (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL) == NULL);
}

/* How many lines @label's text takes. */
static int
layout_lines (GtkWidget *label)
{
  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
}

static GtkPolicyType
scroll_policy (GtkWidget *scroller)
{
  GtkPolicyType horizontal;

  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), &horizontal, NULL);

  return horizontal;
}

static void
test_secret_never_breaks (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  RtSecretDialog *dialog;
  GtkWidget *secret;
  GtkWidget *login;
  GtkWidget *scroller;
  GtkWidget *bar;
  g_autofree char *command = NULL;
  int dpi;

  /* 1.5× text, as a user with large text has it. */
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);

  dialog = generate_through_dialog ("a-long-name-with-hyphens-to-break-at");
  secret = find_widget (GTK_WIDGET (dialog), has_css_class, "rt-secret");
  command = rt_secret_dialog_dup_login_command (dialog);
  login = find_widget (GTK_WIDGET (dialog), label_has_prefix, "docker login ");
  g_assert_nonnull (login);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (login)), ==, command);
  rt_test_wait_until (gtk_widget_get_mapped (secret) && gtk_widget_get_mapped (login));

  /* Neither wraps: one line each, whatever the width; a scrollbar, not a
   * line break, says that more follows. */
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (secret)));
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (login)));
  g_assert_cmpint (layout_lines (secret), ==, 1);
  g_assert_cmpint (layout_lines (login), ==, 1);

  /* At 1.5× the command is wider than the dialog: a scrollbar shows, under
   * the line rather than over it. */
  scroller = gtk_widget_get_ancestor (login, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  rt_test_wait_until ((bar = find_widget (gtk_widget_get_parent (scroller), is_visible_scrollbar, NULL)) != NULL &&
                      gtk_widget_get_mapped (bar) && gtk_widget_get_width (bar) > 0);
  assert_apart (login, bar);
  /* The secret too, at this size. */
  scroller = gtk_widget_get_ancestor (secret, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  g_assert_cmpint (scroll_policy (scroller), !=, GTK_POLICY_NEVER);
  rt_test_wait_until ((bar = find_widget (gtk_widget_get_parent (scroller), is_visible_scrollbar, NULL)) != NULL &&
                      gtk_widget_get_mapped (bar) && gtk_widget_get_width (bar) > 0);
  assert_apart (secret, bar);

  close_secret_dialog (dialog);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_generate_invalid_names (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog = open_generate_dialog ();

  /* Nothing typed yet: nothing to generate, no scolding. */
  g_assert_false (generate_enabled (dialog));

  rt_generate_dialog_set_name (dialog, "-bad");
  g_assert_false (generate_enabled (dialog));
  g_assert_cmpstr (rt_generate_dialog_get_problem (dialog), ==,
                   "A name must start with a letter or a digit.");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A name must start with a letter or a digit."));

  /* Too short: said only once the user pauses, not on the first keystroke;
   * a wrong character is said at once. */
  rt_generate_dialog_set_name (dialog, "a");
  g_assert_false (generate_enabled (dialog));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "A name must start"));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_generate_dialog_set_name (dialog, "ab");
  rt_test_run_for (300);
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_generate_dialog_set_name (dialog, "ab!");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A name cannot contain “!”"));
  rt_generate_dialog_set_name (dialog, "abc");
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "A name cannot contain"));
  rt_generate_dialog_set_name (dialog, "ab");
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  /* Enter, a submit, says it at once. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), is_entry_row, NULL), "entry-activated");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));

  rt_generate_dialog_set_name (dialog, "has space");
  g_assert_false (generate_enabled (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "cannot contain spaces"));

  /* Taken, case-insensitively, by a loaded token. */
  rt_generate_dialog_set_name (dialog, "CI-PIPELINE");
  g_assert_false (generate_enabled (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A token named “CI-PIPELINE” already exists."));

  rt_generate_dialog_set_name (dialog, "fine-name");
  g_assert_true (generate_enabled (dialog));
  g_assert_null (rt_generate_dialog_get_problem (dialog));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "already exists"));

  /* Enter with an invalid name submits nothing. */
  rt_generate_dialog_set_name (dialog, "ab");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_false (rt_generate_dialog_get_busy (dialog));

  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);
  g_assert_null (server_find_token_by_name ("fine-name"));
}

static gboolean
is_combo_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
test_generate_service_token (void)
{
  RtGenerateDialog *dialog = open_generate_dialog ();
  AdwComboRow *type_row;
  AdwComboRow *user_row;
  RtSecretDialog *secret_dialog;
  RtServiceUser *user;
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;

  type_row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), is_combo_row, "_Type"));
  user_row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), is_combo_row, "_Service User"));
  g_assert_nonnull (type_row);
  g_assert_nonnull (user_row);

  /* An admin may make a service token, for a service user from the server. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (type_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (user_row)));
  rt_generate_dialog_set_name (dialog, "deploy-robot");
  adw_combo_row_set_selected (type_row, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (user_row)));
  rt_test_wait_until (g_list_model_get_n_items (adw_combo_row_get_model (user_row)) > 0);
  rt_test_wait_until (generate_enabled (dialog));

  user = adw_combo_row_get_selected_item (user_row);
  g_assert_nonnull (user);
  user_name = g_strdup (rt_service_user_get_name (user));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_ptr_array_add (seen_secrets, g_strdup (shown_secret (secret_dialog)));

  on_server = server_get_token (rt_token_get_id (rt_secret_dialog_get_token (secret_dialog)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rt_token_get_token_type (on_server), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpstr (rt_token_get_created_for (on_server), ==, user_name);

  close_secret_dialog (secret_dialog);
}

static void
test_generate_conflict (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;
  g_autoptr(RtToken) other = NULL;
  g_autoptr(RtSecret) other_secret = NULL;

  /* Someone else takes the name after the table was loaded. */
  other = server_create_token ("late-comer", &other_secret);
  g_assert_false (table_has_name ("late-comer"));

  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "Late-Comer");
  g_assert_true (generate_enabled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_true (rt_generate_dialog_get_busy (dialog));
  rt_test_wait_until (!rt_generate_dialog_get_busy (dialog));

  /* The dialog stays, with the name kept and the server's answer shown. */
  g_assert_true (is_open (dialog));
  g_assert_cmpstr (rt_generate_dialog_get_name (dialog), ==, "Late-Comer");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A token named “Late-Comer” already exists."));
  g_assert_false (generate_enabled (dialog));
  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
  g_assert_cmpuint (server_count_tokens_named ("late-comer"), ==, 1);

  tracked = track (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_closed (tracked);
}

static void
test_generate_cancel (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;
  guint posts_before = proxy->n_create_posts;

  /* A server that does not answer: the request is on its way. */
  proxy->mode = PROXY_HOLD_CREATE;

  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "never-made");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until (proxy->n_create_posts == posts_before + 1);

  /* Busy: spinner, inputs insensitive, no second submission. */
  g_assert_true (rt_generate_dialog_get_busy (dialog));
  g_assert_false (generate_enabled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_run_for (300);
  g_assert_cmpuint (proxy->n_create_posts, ==, posts_before + 1);

  /* Cancel closes and cancels. */
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);

  proxy->mode = PROXY_PASS;
  proxy_release_held (proxy);
  rt_test_run_for (300);

  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
  g_assert_null (server_find_token_by_name ("never-made"));
  g_assert_false (table_has_name ("never-made"));
}

/* Generates @name and closes the dialog (Cancel, Escape) once the service
 * made the token, while its reply is held on the way. */
static void
generate_and_close_in_flight (const char *name)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;

  proxy->mode = PROXY_HOLD_CREATE_REPLY;
  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, name);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);

  rt_test_wait_until (proxy->held_replies->len == 1);
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);
}

static void
test_generate_close_after_request_left (void)
{
  RtSecretDialog *secret_dialog;
  g_autoptr(RtToken) on_server = NULL;
  RtToken *token;

  generate_and_close_in_flight ("closed-in-flight");
  on_server = server_find_token_by_name ("closed-in-flight");
  g_assert_nonnull (on_server);

  /* The reply still arrives, and its one-time secret is shown. */
  proxy_release_held_replies (proxy);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  token = rt_secret_dialog_get_token (secret_dialog);
  g_assert_cmpstr (rt_token_get_name (token), ==, "closed-in-flight");
  g_assert_cmpstr (shown_secret (secret_dialog), ==, proxy->held_secret);
  g_ptr_array_add (seen_secrets, g_strdup (proxy->held_secret));
  g_assert_nonnull (table_token (rt_token_get_id (token)));
  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));

  close_secret_dialog (secret_dialog);
}

static void
test_generate_lost_reply (void)
{
  RtSecretDialog *dialog;
  guint dropped_before = proxy->n_dropped;

  proxy->mode = PROXY_DROP_CREATE_REPLY;
  dialog = generate_through_dialog ("lost-reply");

  /* The first reply was dropped after the service made the token; the
   * retry got that same token and secret back. */
  g_assert_cmpuint (proxy->n_dropped, ==, dropped_before + 1);
  g_assert_cmpuint (server_count_tokens_named ("lost-reply"), ==, 1);
  g_assert_nonnull (proxy->dropped_secret);
  g_assert_cmpstr (shown_secret (dialog), ==, proxy->dropped_secret);

  close_secret_dialog (dialog);
}

static void
test_resync (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("resync-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  RtToken *row;
  GListModel *products;
  gboolean found = FALSE;

  close_secret_dialog (dialog);

  /* Nothing new yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id));
  row = table_token (id);
  g_assert_true (rt_token_get_busy (row));
  rt_test_wait_until (!rt_token_get_busy (row));
  rt_test_wait_until (toast_shows ("Already up to date"));

  rt_test_service_subscribe (service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id));
  rt_test_wait_until (toast_shows ("Added 1 product: Robot Arm"));
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));

  products = rt_token_get_products (table_token (id));
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(RtProduct) product = g_list_model_get_item (products, i);

      found |= g_strcmp0 (rt_product_get_name (product), "Robot Arm") == 0;
    }
  g_assert_true (found);
}

static void
test_resync_gone (void)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RtSecretDialog *dialog = generate_through_dialog ("deleted-elsewhere");

  id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  close_secret_dialog (dialog);

  rt_client_delete_token_async (checker, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (checker, result, &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id);
  rt_test_wait_until (table_token (id) == NULL);
  rt_test_wait_until (toast_shows ("“deleted-elsewhere” was already deleted"));
}

static void
test_delete (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("delete-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  AdwMessageDialog *question;
  g_autoptr(RtToken) still = NULL;
  g_autoptr(RtToken) gone = NULL;
  g_autoptr(GError) error = NULL;

  close_secret_dialog (dialog);

  /* Cancelled: still there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete “delete-me”?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==,
                   "Systems using this token will lose access to the registry. This cannot be undone.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  answer (question, "cancel");
  rt_test_run_for (200);
  g_assert_nonnull (table_token (id));
  still = server_get_token (id, &error);
  g_assert_no_error (error);

  /* Confirmed: gone from the server and the table. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (table_token (id) == NULL);
  rt_test_wait_until (toast_shows ("Deleted “delete-me”"));
  gone = server_get_token (id, &error);
  g_assert_null (gone);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
}

static void
test_busy_token_ignored (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("busy-one");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));

  close_secret_dialog (dialog);

  /* While a re-sync runs, a delete for the same token does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id);
  g_assert_true (rt_token_get_busy (table_token (id)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  rt_test_run_for (50);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window)));
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));
}

static void
test_generate_then_sign_out (void)
{
  RtSecretDialog *secret_dialog;
  AdwMessageDialog *question;
  g_autoptr(RtSecret) key = rt_secret_new (service->admin_key, -1);

  generate_and_close_in_flight ("signed-out-in-flight");

  /* Signed out before the reply arrives: its secret is shown all the same. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "sign-out");
  rt_test_wait_until (rt_session_get_client (window->session) == NULL);

  proxy_release_held_replies (proxy);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_assert_cmpstr (rt_token_get_name (rt_secret_dialog_get_token (secret_dialog)), ==,
                   "signed-out-in-flight");
  g_assert_cmpstr (shown_secret (secret_dialog), ==, proxy->held_secret);
  g_ptr_array_add (seen_secrets, g_strdup (proxy->held_secret));
  close_secret_dialog (secret_dialog);

  /* Signed in again for what follows. */
  g_signal_emit_by_name (window->sign_in_page, "sign-in", proxy->url, key);
  rt_test_wait_until (rt_session_get_client (window->session) != NULL &&
              rt_window_get_account (window) != NULL &&
              rt_token_store_get_loaded (rt_session_get_tokens (window->session)));
  rt_test_wait_until (table_has_name ("signed-out-in-flight"));
}

static void
test_close_window_mid_request (void)
{
  RtGenerateDialog *dialog;

  proxy->mode = PROXY_HOLD_CREATE;
  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "window-closed");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_true (rt_generate_dialog_get_busy (dialog));

  /* The dialog goes with the window, and its request is cancelled: nothing
   * calls back into either. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  proxy->mode = PROXY_PASS;
  proxy_release_held (proxy);
  rt_test_run_for (500);

  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));
  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
}

int
main (int   argc,
      char *argv[])
{
  rt_test_app_init (&argc, &argv);

  g_test_add_func ("/actions/signed-in", test_signed_in);
  g_test_add_func ("/actions/generate", test_generate);
  g_test_add_func ("/actions/generate-copy-then-close", test_generate_copy_then_close);
  g_test_add_func ("/actions/copy-login-command-then-escape", test_copy_login_command_then_escape);
  g_test_add_func ("/actions/secret-never-breaks", test_secret_never_breaks);
  g_test_add_func ("/actions/generate-invalid-names", test_generate_invalid_names);
  g_test_add_func ("/actions/generate-service-token", test_generate_service_token);
  g_test_add_func ("/actions/generate-conflict", test_generate_conflict);
  g_test_add_func ("/actions/generate-cancel", test_generate_cancel);
  g_test_add_func ("/actions/generate-close-after-request-left",
                   test_generate_close_after_request_left);
  g_test_add_func ("/actions/generate-lost-reply", test_generate_lost_reply);
  g_test_add_func ("/actions/resync", test_resync);
  g_test_add_func ("/actions/resync-gone", test_resync_gone);
  g_test_add_func ("/actions/delete", test_delete);
  g_test_add_func ("/actions/busy-token-ignored", test_busy_token_ignored);
  g_test_add_func ("/actions/generate-then-sign-out", test_generate_then_sign_out);
  g_test_add_func ("/actions/no-secret-in-log", test_no_secret_in_log);
  g_test_add_func ("/actions/close-window-mid-request", test_close_window_mid_request);

  return rt_test_app_run ();
}
