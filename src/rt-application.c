/* rt-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-application.h"
#include "rt-resources.h"
#include "rt-window.h"

struct _RtApplication
{
  AdwApplication parent_instance;

  /* From --server, for this run only. */
  char *server;
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
                       "resource-base-path", "/io/github/regtokens/RegistryTokens/",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
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

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server);
      self->server = g_strdup (server);
    }

  return G_APPLICATION_CLASS (rt_application_parent_class)->handle_local_options (app, options);
}

static void
rt_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (rt_window_new (RT_APPLICATION (app)));

  gtk_window_present (window);
}

static void
rt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (rt_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
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

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
rt_application_finalize (GObject *object)
{
  RtApplication *self = RT_APPLICATION (object);

  g_clear_pointer (&self->server, g_free);

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
