/* rt-preferences-window.c: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-preferences-window.h"

struct _RtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Weak: the window may close while its preferences are open. */
  RtWindow             *window;
  /* Its notify::account, disconnected with the group in dispose. */
  GSignalGroup         *window_signals;

  /* Template children */
  AdwActionRow         *signed_out_row;
  AdwActionRow         *user_row;
  AdwAvatar            *avatar;
  AdwActionRow         *project_row;
  AdwActionRow         *server_row;
  AdwComboRow          *clipboard_row;
  GtkSwitch            *save_for_docker_switch;
  AdwComboRow          *docker_config_row;
  GtkSpinButton        *expiring_soon_spin;
  GtkSwitch            *warn_in_background_switch;
};

G_DEFINE_FINAL_TYPE (RtPreferencesWindow, rt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The choices of the "Clear Clipboard" row, in the order of its model;
 * 0 is "Never". */
static const guint clipboard_clear_seconds[] = { 15, 30, 60, 120, 0 };

RtPreferencesWindow *
rt_preferences_window_new (RtWindow *window)
{
  g_return_val_if_fail (window == NULL || RT_IS_WINDOW (window), NULL);

  return g_object_new (RT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", window,
                       "window", window,
                       NULL);
}

RtWindow *
rt_preferences_window_get_window (RtPreferencesWindow *self)
{
  g_return_val_if_fail (RT_IS_PREFERENCES_WINDOW (self), NULL);

  return self->window;
}

/* Seconds → row. A value set outside the app (gsettings set) that is not
 * one of the choices shows as the nearest one; it is only written back if
 * the user picks something. */
static gboolean
clipboard_seconds_to_selected (GValue   *value,
                               GVariant *variant,
                               gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);
  guint best = G_N_ELEMENTS (clipboard_clear_seconds) - 1;
  guint best_distance = G_MAXUINT;

  if (seconds != 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (clipboard_clear_seconds); i++)
        {
          guint choice = clipboard_clear_seconds[i];
          guint distance;

          if (choice == 0)
            continue;

          distance = choice > seconds ? choice - seconds : seconds - choice;
          if (distance < best_distance)
            {
              best = i;
              best_distance = distance;
            }
        }
    }

  g_value_set_uint (value, best);

  return TRUE;
}

static GVariant *
clipboard_selected_to_seconds (const GValue       *value,
                               const GVariantType *expected_type,
                               gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (clipboard_clear_seconds))
    return NULL;

  return g_variant_new_uint32 (clipboard_clear_seconds[selected]);
}

/* The choices of the "Set Up docker and podman" row, in the order of its
 * model: the values of the docker-config-consent key. */
static const char * const docker_config_consents[] = { "ask", "yes", "no" };

static gboolean
consent_to_selected (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *consent = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (docker_config_consents); i++)
    {
      if (g_str_equal (consent, docker_config_consents[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
selected_to_consent (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (docker_config_consents))
    return NULL;

  return g_variant_new_string (docker_config_consents[selected]);
}

static void
rt_preferences_window_update_account (RtPreferencesWindow *self)
{
  RtAccount *account = NULL;
  const char *server = NULL;
  gboolean signed_in;

  if (self->window != NULL)
    {
      account = rt_window_get_account (self->window);
      server = rt_window_get_server (self->window);
    }
  signed_in = account != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->signed_out_row), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->project_row), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), signed_in && server != NULL);

  if (signed_in)
    {
      const char *name = rt_account_get_user_name (account);
      const char *email = rt_account_get_user_email (account);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row),
                                     name != NULL && *name != '\0' ? name : email);
      adw_action_row_set_subtitle (self->user_row, email);
      adw_avatar_set_text (self->avatar, name);
      adw_action_row_set_subtitle (self->project_row, rt_account_get_project_name (account));
      adw_action_row_set_subtitle (self->server_row, server);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.sign-out", signed_in);
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtPreferencesWindow *self = RT_PREFERENCES_WINDOW (widget);

  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.sign-out", NULL);
}

static void
rt_preferences_window_set_window (RtPreferencesWindow *self,
                                  RtWindow            *window)
{
  g_assert (self->window == NULL);

  if (window == NULL)
    return;

  g_set_weak_pointer (&self->window, window);
  g_signal_group_set_target (self->window_signals, window);
}

static void
rt_preferences_window_constructed (GObject *object)
{
  RtPreferencesWindow *self = RT_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (rt_preferences_window_parent_class)->constructed (object);

  rt_preferences_window_update_account (self);
}

static void
rt_preferences_window_dispose (GObject *object)
{
  RtPreferencesWindow *self = RT_PREFERENCES_WINDOW (object);

  /* The window outlives closed preferences: its next notify::account must
   * not reach rows that dispose_template() has already dropped. */
  g_clear_object (&self->window_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), RT_TYPE_PREFERENCES_WINDOW);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rt_preferences_window_parent_class)->dispose (object);
}

static void
rt_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtPreferencesWindow *self = RT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      g_value_set_object (value, self->window);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RtPreferencesWindow *self = RT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WINDOW:
      rt_preferences_window_set_window (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_preferences_window_class_init (RtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rt_preferences_window_constructed;
  object_class->dispose = rt_preferences_window_dispose;
  object_class->get_property = rt_preferences_window_get_property;
  object_class->set_property = rt_preferences_window_set_property;

  /**
   * RtPreferencesWindow:window:
   *
   * The window whose account the "Account" group shows and signs out.
   */
  properties[PROP_WINDOW] =
    g_param_spec_object ("window", NULL, NULL,
                         RT_TYPE_WINDOW,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/regtokens/RegistryTokens/rt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, signed_out_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, project_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, clipboard_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, save_for_docker_switch);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, docker_config_row);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, expiring_soon_spin);
  gtk_widget_class_bind_template_child (widget_class, RtPreferencesWindow, warn_in_background_switch);

  gtk_widget_class_install_action (widget_class, "preferences.sign-out", NULL, sign_out_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
rt_preferences_window_init (RtPreferencesWindow *self)
{
  self->window_signals = g_signal_group_new (RT_TYPE_WINDOW);
  g_signal_group_connect_object (self->window_signals, "notify::account",
                                 G_CALLBACK (rt_preferences_window_update_account),
                                 self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind_with_mapping (self->settings, "clipboard-clear-seconds",
                                self->clipboard_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                clipboard_seconds_to_selected,
                                clipboard_selected_to_seconds,
                                NULL, NULL);
  g_settings_bind (self->settings, "save-for-docker",
                   self->save_for_docker_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "docker-config-consent",
                                self->docker_config_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                consent_to_selected,
                                selected_to_consent,
                                NULL, NULL);
  g_settings_bind (self->settings, "expiring-soon-days",
                   self->expiring_soon_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "warn-in-background",
                   self->warn_in_background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}
