/* main.c: the registry-tokens binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "rt-application.h"
#include "rt-renderer.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtApplication) app = NULL;
  const char *localedir;

  rt_renderer_apply_choice ();

  setlocale (LC_ALL, "");
  /* Set by build-aux/demo.sh: the catalogues built in the build folder. */
  localedir = g_getenv ("REGISTRY_TOKENS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Registry Tokens"));

  app = rt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
