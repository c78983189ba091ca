/* test-preferences.c: the preferences window, the shortcuts window and the
 * application's accelerators and desktop-integration actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "rt-application.h"
#include "rt-preferences-window.h"

static GtkWidget *
template_child (gpointer    widget,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget),
                                                  RT_TYPE_PREFERENCES_WINDOW,
                                                  name);

  g_assert_nonnull (child);

  return GTK_WIDGET (child);
}

static void
test_preferences_clipboard (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  RtPreferencesWindow *window = rt_preferences_window_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (template_child (window, "clipboard_row"));

  g_settings_set_uint (settings, "clipboard-clear-seconds", 120);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 3);

  g_settings_set_uint (settings, "clipboard-clear-seconds", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 4);

  /* A value from outside the app shows as the nearest choice and is kept. */
  g_settings_set_uint (settings, "clipboard-clear-seconds", 50);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  g_assert_cmpuint (g_settings_get_uint (settings, "clipboard-clear-seconds"), ==, 50);

  adw_combo_row_set_selected (row, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "clipboard-clear-seconds"), ==, 15);
  adw_combo_row_set_selected (row, 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "clipboard-clear-seconds"), ==, 0);

  g_settings_reset (settings, "clipboard-clear-seconds");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_tokens (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  RtPreferencesWindow *window = rt_preferences_window_new (NULL);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (template_child (window, "expiring_soon_spin"));
  GtkSwitch *save = GTK_SWITCH (template_child (window, "save_for_docker_switch"));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==,
                   (int) g_settings_get_uint (settings, "expiring-soon-days"));
  gtk_spin_button_set_value (spin, 14);
  g_assert_cmpuint (g_settings_get_uint (settings, "expiring-soon-days"), ==, 14);

  g_settings_set_boolean (settings, "save-for-docker", FALSE);
  g_assert_false (gtk_switch_get_active (save));
  gtk_switch_set_active (save, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "save-for-docker"));

  g_settings_reset (settings, "expiring-soon-days");
  g_settings_reset (settings, "save-for-docker");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_docker_config (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  RtPreferencesWindow *window = rt_preferences_window_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (template_child (window, "docker_config_row"));
  char *consent;

  g_settings_set_string (settings, "docker-config-consent", "no");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);

  adw_combo_row_set_selected (row, 1);
  consent = g_settings_get_string (settings, "docker-config-consent");
  g_assert_cmpstr (consent, ==, "yes");
  g_free (consent);
  adw_combo_row_set_selected (row, 0);
  consent = g_settings_get_string (settings, "docker-config-consent");
  g_assert_cmpstr (consent, ==, "ask");
  g_free (consent);

  g_settings_reset (settings, "docker-config-consent");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_signed_out (void)
{
  RtPreferencesWindow *window = rt_preferences_window_new (NULL);

  g_assert_null (rt_preferences_window_get_window (window));
  g_assert_true (gtk_widget_get_visible (template_child (window, "signed_out_row")));
  g_assert_false (gtk_widget_get_visible (template_child (window, "user_row")));
  g_assert_false (gtk_widget_get_visible (template_child (window, "project_row")));
  g_assert_false (gtk_widget_get_visible (template_child (window, "server_row")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_action (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* GTK 4.8 names a button whose label property has a mnemonic twice, with
 * the underline: the Sign Out button's name is its own, and it says that it
 * asks first. */
static void
test_preferences_sign_out_button (void)
{
  RtPreferencesWindow *window = rt_preferences_window_new (NULL);
  GtkWidget *button = find_by_action (template_child (window, "user_row"),
                                      "preferences.sign-out");
  char *problem;

  g_assert_nonnull (button);
  g_assert_null (gtk_button_get_label (GTK_BUTTON (button)));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Sign Out…");
  g_assert_null (problem);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/regtokens/RegistryTokens/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
assert_accel (GtkApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_application_integration (void)
{
  g_autoptr(RtApplication) app = rt_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  assert_accel (GTK_APPLICATION (app), "app.quit", "<Control>q");
  assert_accel (GTK_APPLICATION (app), "app.preferences", "<Control>comma");
  /* Set by GtkApplication because gtk/help-overlay.ui is in the resources
   * under the application's resource base path. */
  assert_accel (GTK_APPLICATION (app), "win.show-help-overlay", "<Control>question");

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/preferences/clipboard", test_preferences_clipboard);
  g_test_add_func ("/preferences/tokens", test_preferences_tokens);
  g_test_add_func ("/preferences/docker-config", test_preferences_docker_config);
  g_test_add_func ("/preferences/signed-out", test_preferences_signed_out);
  g_test_add_func ("/preferences/sign-out-button", test_preferences_sign_out_button);
  g_test_add_func ("/preferences/help-overlay", test_help_overlay);
  g_test_add_func ("/preferences/application", test_application_integration);

  return g_test_run ();
}
