/* test-actions-secrets.c: saving, replacing and forgetting secrets in the keyring, for docker too
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "rt-test-app.h"
#include "rt-test-util.h"

/* --- The keyring's view ------------------------------------------------------- */

static const SecretSchema app_schema = {
  "io.github.regtokens.RegistryTokens.TokenSecret", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static const SecretSchema docker_schema = {
  "io.docker.Credentials", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static char *
keyring_app_secret (const char *token_id)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = secret_password_lookup_sync (&app_schema, NULL, &error,
                                       "server", rt_window_get_server (window),
                                       "token-id", token_id,
                                       NULL);
  g_assert_no_error (error);

  return value;
}

static char *
keyring_docker_secret (const char *username)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = secret_password_lookup_sync (&docker_schema, NULL, &error,
                                       "server", rt_account_get_registry (rt_window_get_account (window)),
                                       "username", username,
                                       NULL);
  g_assert_no_error (error);

  return value;
}

static gboolean
keyring_app_secret_gone (const char *token_id)
{
  g_autofree char *value = keyring_app_secret (token_id);

  return value == NULL;
}

static gboolean
keyring_docker_secret_gone (const char *username)
{
  g_autofree char *value = keyring_docker_secret (username);

  return value == NULL;
}

/* --- Tests -------------------------------------------------------------------- */

static void
test_regenerate_replaces_saved (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("keyring-user");
  RtToken *token = rt_secret_dialog_get_token (dialog);
  g_autofree char *id = g_strdup (rt_token_get_id (token));
  g_autofree char *username = g_strdup (rt_token_get_username (token));
  g_autofree char *first = g_strdup (shown_secret (dialog));
  g_autofree char *second = NULL;
  g_autofree char *value = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *expected_entry = NULL;
  g_autofree char *consent = NULL;
  AdwMessageDialog *question;
  RtSecretDialog *new_dialog;
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;

  /* Save to Keyring, also for docker and podman. */
  g_assert_true (g_settings_get_boolean (window->settings, "save-for-docker"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (rt_secret_dialog_get_saved (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "for Registry Tokens and for docker and podman"));

  /* The one-time question about docker's and podman's configuration. */
  question = wait_for_question (GTK_WINDOW (dialog));
  answer (question, "yes");
  consent = g_settings_get_string (window->settings, "docker-config-consent");
  g_assert_cmpstr (consent, ==, "yes");
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  config_path = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  expected_entry = g_strdup_printf ("\"%s\"", rt_account_get_registry (rt_window_get_account (window)));
  g_assert_nonnull (strstr (config, "credHelpers"));
  g_assert_nonnull (strstr (config, expected_entry));
  g_assert_nonnull (strstr (config, "secretservice"));
  g_assert_null (strstr (config, "rtsec_"));

  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, first);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (username);
  g_assert_cmpstr (value, ==, first);
  g_clear_pointer (&value, g_free);

  /* Saved: closing asks nothing. */
  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (id)));

  /* Re-generate: the question names the token and the saved entries. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.regenerate-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "Re-generate the Secret of “keyring-user”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "stops working at once"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question),
                            "Saved keyring entries for this token will be replaced."));
  answer (question, "confirm");

  rt_test_wait_until ((new_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  second = g_strdup (shown_secret (new_dialog));
  g_ptr_array_add (seen_secrets, g_strdup (second));
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpstr (rt_token_get_id (rt_secret_dialog_get_token (new_dialog)), ==, id);

  /* The saved entries now hold the new secret. */
  rt_test_wait_until (rt_secret_dialog_get_saved (new_dialog));
  g_assert_true (widget_shows (GTK_WIDGET (new_dialog), "The saved keyring entries were updated."));
  /* Saved already: no "shown only once… save it" beside that. */
  g_assert_false (widget_shows (GTK_WIDGET (new_dialog), "shown only once"));
  g_assert_false (widget_shows (GTK_WIDGET (new_dialog), "save it"));
  g_assert_true (widget_shows (GTK_WIDGET (new_dialog), "The keyring holds this new secret."));
  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, second);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (username);
  g_assert_cmpstr (value, ==, second);
  g_clear_pointer (&value, g_free);
  close_secret_dialog (new_dialog);

  on_server = server_get_token (id, &error);
  g_assert_no_error (error);
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));

  /* Delete removes them. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (table_token (id) == NULL);
  /* The app's item goes first, then the docker one. */
  rt_test_wait_until (keyring_app_secret_gone (id));
  rt_test_wait_until (keyring_docker_secret_gone (username));
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* The keyring item is saved but docker's configuration cannot be written
 * (a folder where its file should be): the dialog says both, truthfully,
 * and the window hears of the saved secret. */
static void
test_save_docker_setup_fails (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("half-saved");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  g_autofree char *secret = g_strdup (shown_secret (dialog));
  g_autofree char *dir = NULL;
  g_autofree char *blocker = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  guint saved_signals = 0;

  dir = g_dir_make_tmp ("rt-docker-config-XXXXXX", &error);
  g_assert_no_error (error);
  blocker = g_build_filename (dir, "config.json", NULL);
  g_assert_cmpint (g_mkdir (blocker, 0700), ==, 0);
  g_setenv ("DOCKER_CONFIG", dir, TRUE);

  g_settings_set_string (window->settings, "docker-config-consent", "yes");
  g_settings_set_boolean (window->settings, "save-for-docker", TRUE);
  g_signal_connect_swapped (dialog, "secret-saved", G_CALLBACK (count_signal), &saved_signals);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog),
                            "Saved to the keyring, but docker and podman could not be set up: "));
  g_unsetenv ("DOCKER_CONFIG");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), blocker));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "for Registry Tokens and for docker and podman"));
  g_assert_true (rt_secret_dialog_get_saved (dialog));
  g_assert_cmpuint (saved_signals, ==, 1);

  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, secret);

  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (id)));
  g_assert_cmpint (g_rmdir (blocker), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A second token saved for docker takes the registry host's docker
 * credentials over from the first: the dialog says so, also once docker's
 * configuration was set up, and the first token's own saved secret stays. */
static void
test_second_docker_token (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("docker-first");
  RtToken *token = rt_secret_dialog_get_token (dialog);
  g_autofree char *first_id = g_strdup (rt_token_get_id (token));
  g_autofree char *first_user = g_strdup (rt_token_get_username (token));
  g_autofree char *first_secret = g_strdup (shown_secret (dialog));
  g_autofree char *second_user = NULL;
  g_autofree char *second_secret = NULL;
  g_autofree char *value = NULL;

  g_settings_set_string (window->settings, "docker-config-consent", "yes");
  g_settings_set_boolean (window->settings, "save-for-docker", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (first_id)));

  dialog = generate_through_dialog ("docker-second");
  token = rt_secret_dialog_get_token (dialog);
  second_user = g_strdup (rt_token_get_username (token));
  second_secret = g_strdup (shown_secret (dialog));
  g_assert_cmpstr (first_user, !=, second_user);

  /* Said before saving, too. */
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "docker and podman use “docker-first” now: this replaces it"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog),
                               "docker and podman now use “docker-second” instead of “docker-first”."));

  /* Only docker's item for the host changed hands. */
  value = keyring_app_secret (first_id);
  g_assert_cmpstr (value, ==, first_secret);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (first_user);
  g_assert_null (value);
  value = keyring_docker_secret (second_user);
  g_assert_cmpstr (value, ==, second_secret);
  g_clear_pointer (&value, g_free);

  close_secret_dialog (dialog);
}

static void
test_copy_name_and_forget (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("forget-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  g_autofree char *value = NULL;
  AdwMessageDialog *question;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (rt_secret_dialog_get_saved (dialog));
  close_secret_dialog (dialog);
  value = keyring_app_secret (id);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_free);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-name", "s", id);
  rt_test_wait_until (toast_shows ("Copied “forget-me”"));

  /* Forgetting asks first, saying what breaks; Cancel keeps the secret. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Forget Saved Secret?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==,
                   "docker and podman will no longer be able to pull with “forget-me” on this "
                   "computer, and the secret cannot be shown again. Re-generate it to get a new one.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "confirm"), ==, "_Forget");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  answer (question, "cancel");
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));
  value = keyring_app_secret (id);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_free);
  g_assert_true (rt_token_get_has_saved_secret (table_token (id)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (toast_shows ("Removed the saved secret of “forget-me”"));
  value = keyring_app_secret (id);
  g_assert_null (value);
  rt_test_wait_until (!rt_token_get_has_saved_secret (table_token (id)));
}

int
main (int   argc,
      char *argv[])
{
  rt_test_app_init (&argc, &argv);

  g_test_add_func ("/actions/regenerate-replaces-saved", test_regenerate_replaces_saved);
  g_test_add_func ("/actions/save-docker-setup-fails", test_save_docker_setup_fails);
  g_test_add_func ("/actions/second-docker-token", test_second_docker_token);
  g_test_add_func ("/actions/copy-name-and-forget", test_copy_name_and_forget);

  return rt_test_app_run ();
}
