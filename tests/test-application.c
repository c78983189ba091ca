/* test-application.c: the application starts, shows its window and quits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "rt-application.h"
#include "rt-window.h"

static gboolean
quit_later (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_nonnull (window);
  g_assert_true (RT_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Registry Tokens");

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app)
{
  g_timeout_add (200, quit_later, app);
}

static void
test_application_run_and_quit (void)
{
  g_autoptr(RtApplication) app = rt_application_new ();
  char *argv[] = { (char *) "registry-tokens", NULL };
  guint n_windows;
  int status;

  /* Do not find another instance on the private bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  status = g_application_run (G_APPLICATION (app), 1, argv);

  g_assert_cmpint (status, ==, 0);
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpuint (n_windows, ==, 0);
}

static void
test_application_quit_accel (void)
{
  g_autoptr(RtApplication) app = rt_application_new ();
  g_auto(GStrv) accels = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>q");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/application/run-and-quit", test_application_run_and_quit);
  g_test_add_func ("/application/quit-accel", test_application_quit_accel);

  return g_test_run ();
}
