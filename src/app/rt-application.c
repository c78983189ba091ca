/* rt-application.c: the application: options, actions, accelerators and windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "rt-application.h"
#include "rt-background.h"
#include "rt-bench-probe.h"
#include "rt-preferences-window.h"
#include "rt-resources.h"
#include "rt-window.h"

struct _RtApplication
{
  AdwApplication parent_instance;

  /* From --server and REGISTRY_TOKENS_ACCESS_KEY, for this run only. */
  char *server;
  RtSecret *access_key;

  /* Made at startup, in the primary instance. */
  RtExpiryNotifier *expiry_notifier;
  RtBackground *background;
};

G_DEFINE_FINAL_TYPE (RtApplication, rt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in to the token service at URL (the access key comes from REGISTRY_TOKENS_ACCESS_KEY)"),
    N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

RtApplication *
rt_application_new (void)
{
  return g_object_new (RT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       /* The resources keep one path for both profiles. No
                        * trailing slash: GTK and libadwaita append
                        * "/gtk/help-overlay.ui" and "/style.css" to it. */
                       "resource-base-path", "/io/github/regtokens/RegistryTokens",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * rt_application_take_access_key:
 *
 * The access key from REGISTRY_TOKENS_ACCESS_KEY, for the first window that
 * signs in with --server. Only the first call gets it.
 *
 * Returns: (transfer full) (nullable): the access key
 */
RtSecret *
rt_application_take_access_key (RtApplication *self)
{
  g_return_val_if_fail (RT_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->access_key);
}

/* Read once, before any thread exists (unsetenv is not thread-safe), and
 * removed from the environment so that nothing started from here inherits it. */
static RtSecret *
take_access_key_from_environment (void)
{
  const char *value = g_getenv ("REGISTRY_TOKENS_ACCESS_KEY");
  g_autofree char *copy = NULL;
  RtSecret *access_key = NULL;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (value));
  if (copy[0] != '\0')
    access_key = rt_secret_new (copy, -1);
  rt_secret_wipe (copy, strlen (copy));
  g_unsetenv ("REGISTRY_TOKENS_ACCESS_KEY");

  return access_key;
}

/**
 * rt_application_get_expiry_notifier:
 *
 * Returns: (transfer none) (nullable): what sends the expiry warnings, once
 *   started up
 */
RtExpiryNotifier *
rt_application_get_expiry_notifier (RtApplication *self)
{
  g_return_val_if_fail (RT_IS_APPLICATION (self), NULL);

  return self->expiry_notifier;
}

/**
 * rt_application_get_background:
 *
 * Returns: (transfer none) (nullable): the background checks, once started up
 */
RtBackground *
rt_application_get_background (RtApplication *self)
{
  g_return_val_if_fail (RT_IS_APPLICATION (self), NULL);

  return self->background;
}

const char *
rt_application_get_server (RtApplication *self)
{
  g_return_val_if_fail (RT_IS_APPLICATION (self), NULL);

  return self->server;
}

static int
rt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  RtApplication *self = RT_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  g_clear_pointer (&self->access_key, rt_secret_unref);
  self->access_key = take_access_key_from_environment ();

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server);
      self->server = g_strdup (server);

      /* A scripted run for one server and key: its own instance, so that the
       * option and the key are not lost to an instance already running. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (rt_application_parent_class)->handle_local_options (app, options);
}

static void
rt_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (rt_window_new (RT_APPLICATION (app)));
      rt_bench_probe_attach (window);
    }

  gtk_window_present (window);
}

static void
rt_application_startup (GApplication *app)
{
  RtApplication *self = RT_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
  };

  G_APPLICATION_CLASS (rt_application_parent_class)->startup (app);

  self->expiry_notifier = rt_expiry_notifier_new (app);
  self->background = rt_background_new (app, self->expiry_notifier);

  /* GtkApplication itself binds win.show-help-overlay to Ctrl+? because
   * gtk/help-overlay.ui is in the resources; the window binds its own. */
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accels[i].action, accels[i].accels);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *active = gtk_application_get_active_window (app);
  RtPreferencesWindow *preferences;

  /* The preferences may be the active window themselves. */
  if (RT_IS_PREFERENCES_WINDOW (active))
    {
      gtk_window_present (active);
      return;
    }

  preferences = rt_preferences_window_new (RT_IS_WINDOW (active) ? RT_WINDOW (active) : NULL);
  gtk_window_set_application (GTK_WINDOW (preferences), app);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* For bug reports: not translated. Runtime versions where the library has
 * functions for them, the headers' versions otherwise. */
static char *
rt_application_dup_debug_info (void)
{
  GString *info = g_string_new (NULL);
  GdkDisplay *display = gdk_display_get_default ();

  g_string_append_printf (info, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
  g_string_append_printf (info, "Application ID: %s (profile %s)\n", APPLICATION_ID, PROFILE);
  g_string_append_printf (info, "Flatpak: %s\n",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");
  if (display != NULL)
    g_string_append_printf (info, "Display: %s\n", G_OBJECT_TYPE_NAME (display));

  g_string_append (info, "\nLibraries:\n");
  g_string_append_printf (info, "- GLib %u.%u.%u (built with %d.%d.%d)\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_string_append_printf (info, "- GTK %u.%u.%u (built with %d.%d.%d)\n",
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  g_string_append_printf (info, "- libadwaita %u.%u.%u (built with %d.%d.%d)\n",
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
  g_string_append_printf (info, "- libsoup %u.%u.%u (built with %d.%d.%d)\n",
                          soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
                          SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION, SOUP_MICRO_VERSION);
  g_string_append_printf (info, "- libsecret built with %d.%d.%d\n",
                          SECRET_MAJOR_VERSION, SECRET_MINOR_VERSION, SECRET_MICRO_VERSION);
  g_string_append_printf (info, "- json-glib built with %s\n", JSON_VERSION_S);

  return g_string_free (info, FALSE);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *about;
  g_autofree char *debug_info = rt_application_dup_debug_info ();
  static const char *developers[] = {
    "The Registry Tokens developers https://github.com/regtokens/registry-tokens/graphs/contributors",
    NULL
  };

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application", app,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Registry Tokens"),
                        "comments", _("Manage the access tokens that pull your vendor’s product images from its container registry"),
                        "developer-name", _("The Registry Tokens developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/regtokens/registry-tokens",
                        "issue-url", "https://github.com/regtokens/registry-tokens/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The Registry Tokens developers"),
                        "developers", developers,
                        /* Translators: your names and email addresses, one a line */
                        "translator-credits", _("translator-credits"),
                        "release-notes-version", "0.1.0",
                        "release-notes", _("<p>The first release:</p>"
                                           "<ul>"
                                           "<li>Sign in to a token service with an access key</li>"
                                           "<li>List, generate, re-sync, re-generate and delete tokens</li>"
                                           "<li>Copy secrets to the clipboard, or save them for docker and podman</li>"
                                           "</ul>"),
                        "debug-info", debug_info,
                        "debug-info-filename", "registry-tokens-debug-info.txt",
                        NULL);

  gtk_window_present (about);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close every window so that each can cancel its requests and wipe what it
   * holds, then quit. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (app);
}

/* The action of an expiry notification. */
static void
open_token_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RtApplication *self = RT_APPLICATION (user_data);
  const char *server;
  const char *user;
  const char *token_id;
  RtWindow *window = NULL;

  g_variant_get (parameter, "(&s&s&s)", &server, &user, &token_id);

  /* The most recently used main window, or a new one. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (RT_IS_WINDOW (l->data))
        {
          window = l->data;
          break;
        }
    }
  if (window == NULL)
    {
      window = rt_window_new (self);
      rt_bench_probe_attach (GTK_WINDOW (window));
    }

  g_debug ("Opening token %s from a notification", token_id);
  rt_window_select_token (window, server, user[0] != '\0' ? user : NULL, token_id);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated },
  /* (server, user id or "", token id), from an expiry warning */
  { "open-token", open_token_activated, "(sss)" },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
rt_application_finalize (GObject *object)
{
  RtApplication *self = RT_APPLICATION (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->access_key, rt_secret_unref);
  g_clear_object (&self->background);
  g_clear_object (&self->expiry_notifier);

  G_OBJECT_CLASS (rt_application_parent_class)->finalize (object);
}

static void
rt_application_class_init (RtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rt_application_finalize;

  app_class->activate = rt_application_activate;
  app_class->startup = rt_application_startup;
  app_class->handle_local_options = rt_application_handle_local_options;

  /* The resources live in a static library; referencing them here makes the
   * linker keep them (their constructor registers them). */
  (void) rt_get_resource ();
}

static void
rt_application_init (RtApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
