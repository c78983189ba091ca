/* rt-secret-dialog-docker.c: the secret dialog's docker and podman setup and notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-confirm.h"
#include "rt-docker-config.h"
#include "rt-secret-dialog-private.h"

/* The credential helper docker and podman run for hosts we save. */
#define CRED_HELPER "secretservice"

static void
cred_helpers_added_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(RtSecretDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!rt_docker_config_add_cred_helpers_finish (result, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      _rt_secret_dialog_show_docker_failed (self, error->message);
    }
  else if (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *docker_path = rt_docker_config_get_docker_path ();
      g_autofree char *podman_path = rt_docker_config_get_podman_path ();
      g_autofree char *docker = rt_docker_config_dup_display_name (docker_path);
      g_autofree char *podman = rt_docker_config_dup_display_name (podman_path);

      /* Translators: the first %s is a registry host, the others files */
      message = g_strdup_printf (_("docker and podman read the credentials for %s from the keyring (set in %s and %s)."),
                                 self->registry_host, docker, podman);
      _rt_secret_dialog_set_label (self->note_label, message);
    }
}

static void
configure_cred_helpers (RtSecretDialog *self)
{
  rt_docker_config_add_cred_helpers_async (self->registry_host,
                                           CRED_HELPER,
                                           self->cancellable,
                                           cred_helpers_added_cb,
                                           g_object_ref (self));
}

static void
consent_response_cb (RtSecretDialog *self,
                     const char     *response)
{
  if (g_strcmp0 (response, RT_DOCKER_CONSENT_YES) == 0)
    {
      g_settings_set_string (self->settings, "docker-config-consent", RT_DOCKER_CONSENT_YES);
      configure_cred_helpers (self);
    }
  else if (g_strcmp0 (response, RT_DOCKER_CONSENT_NO) == 0)
    {
      g_settings_set_string (self->settings, "docker-config-consent", RT_DOCKER_CONSENT_NO);
      _rt_secret_dialog_set_label (self->note_label,
                 _("docker and podman read these credentials only if their configuration names the “secretservice” credential helper for this registry."));
    }
}

static void
ask_consent (RtSecretDialog *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *docker_path = rt_docker_config_get_docker_path ();
  g_autofree char *podman_path = rt_docker_config_get_podman_path ();
  g_autofree char *docker = rt_docker_config_dup_display_name (docker_path);
  g_autofree char *podman = rt_docker_config_dup_display_name (podman_path);
  g_autofree char *body = NULL;

  /* Translators: the first %s is a registry host, the others are files */
  body = g_strdup_printf (_("docker and podman use the saved credentials only if their "
                            "configuration names the keyring for %s. Registry Tokens can add "
                            "that to %s and %s, keeping everything else in them and a backup."),
                          self->registry_host, docker, podman);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Let docker and podman Use the Keyring?"),
                                                       body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (dialog,
                                    RT_DOCKER_CONSENT_NO, _("_Leave Unchanged"),
                                    RT_DOCKER_CONSENT_YES, _("_Change Configuration"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, RT_DOCKER_CONSENT_YES, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, RT_DOCKER_CONSENT_YES);
  /* Escape answers nothing: the question comes again next time. */
  adw_message_dialog_set_close_response (dialog, "later");
  rt_confirm_name_responses (dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (consent_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rt_secret_dialog_after_docker_saved (RtSecretDialog *self)
{
  g_autofree char *consent = g_settings_get_string (self->settings, "docker-config-consent");

  if (g_strcmp0 (consent, RT_DOCKER_CONSENT_YES) == 0)
    configure_cred_helpers (self);
  else if (g_strcmp0 (consent, RT_DOCKER_CONSENT_ASK) == 0)
    ask_consent (self);
}

/* The name of the loaded token with @username, if any (owned by the token,
 * which the model keeps). */
static const char *
find_token_name (RtSecretDialog *self,
                 const char     *username)
{
  guint n = self->tokens != NULL ? g_list_model_get_n_items (self->tokens) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (self->tokens, i);

      if (g_strcmp0 (rt_token_get_username (token), username) == 0)
        return rt_token_get_name (token);
    }

  return NULL;
}

/* Names the token whose docker credentials were replaced, or else the
 * username itself: two whole sentences, never a phrase slotted into one.
 * The replaced token's own saved secret stays in the keyring. */
char *
_rt_secret_dialog_describe_replaced (RtSecretDialog *self,
                                     const char     *username)
{
  const char *token_name = find_token_name (self, username);

  if (token_name != NULL)
    /* Translators: both %s are token names: docker and podman pull from the
     * registry with the first one's credentials now, no longer the second's */
    return g_strdup_printf (_("docker and podman now use “%s” instead of “%s”."),
                            rt_token_get_name (self->token), token_name);

  /* Translators: the first %s is a token name, the second a registry username */
  return g_strdup_printf (_("docker and podman now use “%s” instead of the credentials of the username “%s”."),
                          rt_token_get_name (self->token), username);
}

/* Says beforehand whose docker credentials saving for docker would replace:
 * the helper keeps one item per registry host. */
static void
docker_username_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RtSecretDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *subtitle = NULL;
  const char *token_name;

  username = rt_secret_store_lookup_docker_username_finish (RT_SECRET_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable) || self->saved)
    return;

  if (error != NULL)
    {
      g_debug ("Finding the docker credentials for the registry failed: %s", error->message);
      return;
    }

  if (username == NULL || g_strcmp0 (username, rt_token_get_username (self->token)) == 0)
    return;

  token_name = find_token_name (self, username);
  if (token_name != NULL)
    /* Translators: %s is a token name */
    subtitle = g_strdup_printf (_("docker and podman use “%s” now: this replaces it"), token_name);
  else
    /* Translators: %s is a registry username */
    subtitle = g_strdup_printf (_("docker and podman use the username “%s” now: this replaces it"),
                                username);

  adw_action_row_set_subtitle (self->docker_row, subtitle);
}

void
_rt_secret_dialog_look_up_docker_username (RtSecretDialog *self)
{
  rt_secret_store_lookup_docker_username_async (self->secret_store, self->registry_host,
                                                self->cancellable, docker_username_cb,
                                                g_object_ref (self));
}
