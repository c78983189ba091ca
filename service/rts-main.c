/* rts-main.c: command line of the reference token service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "rts-clock.h"
#include "rts-db.h"
#include "rts-demo.h"
#include "rts-random.h"
#include "rts-registry-auth.h"
#include "rts-server.h"

#define DEFAULT_PORT     8300
#define DEFAULT_LISTEN   "127.0.0.1"
#define DEFAULT_REGISTRY "registry.example.test"
#define DEFAULT_SERVICE  "registry-tokens"
#define TOKEN_ISSUER     "registry-token-service"
#define DEFAULT_MAX_CONNECTIONS 256
#define DEFAULT_REQUEST_TIMEOUT 15

/* The default database lives in $XDG_DATA_HOME, in a folder only the user
 * can read: it holds the hashes of every secret. */
static char *
resolve_db_path (const char  *option,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;

  if (option != NULL)
    path = g_strdup (option);
  else
    path = g_build_filename (g_get_user_data_dir (), "registry-token-service",
                             "tokens.db", NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", folder, g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&path);
}

static RtsDb *
open_db (const char  *option,
         GError     **error)
{
  g_autofree char *path = resolve_db_path (option, error);

  if (path == NULL)
    return NULL;

  return rts_db_open (path, error);
}

static gboolean
parse_options (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }

  if (*argc > 1)
    {
      g_printerr ("%s: unexpected argument “%s”\n", g_get_prgname (), (*argv)[1]);
      return FALSE;
    }

  return TRUE;
}

static int
fail (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  return EXIT_FAILURE;
}

static int
fail_usage (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);

  return EXIT_FAILURE;
}

static int
run_subscribe (int    argc,
               char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *product = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *ends = NULL;
  g_auto(GStrv) repositories = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsDb) db = NULL;
  g_autofree char *subscription = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— add a subscription");
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database", "PATH" },
    { "product", 0, 0, G_OPTION_ARG_STRING, &product, "The product id", "ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The product's display name", "NAME" },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, "The product version", "V" },
    { "ends", 0, 0, G_OPTION_ARG_STRING, &ends, "The last day of the subscription",
      "YYYY-MM-DD" },
    { "repository", 0, 0, G_OPTION_ARG_STRING_ARRAY, &repositories,
      "A registry repository the product grants (repeatable)", "NAME" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv))
    return EXIT_FAILURE;

  if (product == NULL || *product == '\0' || name == NULL || *name == '\0' ||
      version == NULL || *version == '\0' || ends == NULL)
    return fail_usage ("--product, --name, --version and --ends are required");
  if (!rts_is_valid_date (ends))
    return fail_usage ("--ends must be a date like 2027-01-31");
  for (guint i = 0; repositories != NULL && repositories[i] != NULL; i++)
    {
      if (!rts_is_valid_repository (repositories[i]))
        return fail_usage ("--repository must be a registry repository name like "
                           "vision-kit/camera");
    }

  if (!(db = open_db (db_path, &error)) ||
      !(subscription = rts_demo_subscribe (db, product, name, version,
                                           (const char * const *) repositories,
                                           ends, &error)))
    return fail (error);

  printf ("subscription: %s\n", subscription);

  return EXIT_SUCCESS;
}

static int
run_add_key (int    argc,
             char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsDb) db = NULL;
  g_autoptr(RtsSecret) key = NULL;
  g_autoptr(GOptionContext) context = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database", "PATH" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "The new user's role", "member|admin" },
    { NULL }
  };

  context = g_option_context_new ("— add a user and print an access key");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv))
    return EXIT_FAILURE;

  if (g_strcmp0 (role, "member") != 0 && g_strcmp0 (role, "admin") != 0)
    return fail_usage ("--role must be “member” or “admin”");

  if (!(db = open_db (db_path, &error)) ||
      !(key = rts_demo_add_user (db, role, &error)))
    return fail (error);

  printf ("%s-key: %s\n", role, key);

  return EXIT_SUCCESS;
}

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_debug ("Quitting on a signal");
  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

/* Prints a fresh access key for each demo user; only hashes are kept. */
static gboolean
print_demo_keys (RtsDb   *db,
                 GError **error)
{
  g_autoptr(RtsSecret) member_key = NULL;
  g_autoptr(RtsSecret) admin_key = NULL;

  if (!(member_key = rts_demo_issue_key (db, RTS_DEMO_MEMBER_ID, error)) ||
      !(admin_key = rts_demo_issue_key (db, RTS_DEMO_ADMIN_ID, error)))
    return FALSE;

  printf ("member-key: %s\n", member_key);
  printf ("admin-key: %s\n", admin_key);

  return TRUE;
}

static gboolean
apply_now_option (const char  *now_option,
                  GError     **error)
{
  g_autoptr(GDateTime) now = NULL;

  if (now_option == NULL)
    return TRUE;

  if (!(now = g_date_time_new_from_iso8601 (now_option, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--now must be an RFC 3339 time like 2026-11-18T12:00:00Z");
      return FALSE;
    }

  rts_clock_set_fixed (now);

  return TRUE;
}

/* The registry trusts the certificate beside the database; the key that
 * signs its tokens stays readable by us alone. */
static RtsRegistryAuth *
open_registry_auth (RtsDb       *db,
                    const char  *db_option,
                    const char  *service,
                    GError     **error)
{
  g_autofree char *db_path = resolve_db_path (db_option, error);
  g_autofree char *key_path = NULL;
  g_autofree char *cert_path = NULL;
  RtsJwtSigner *signer;

  if (db_path == NULL)
    return NULL;

  key_path = g_strconcat (db_path, ".registry.key", NULL);
  cert_path = g_strconcat (db_path, ".registry.crt", NULL);
  if (!(signer = rts_jwt_signer_open (key_path, cert_path, error)))
    return NULL;

  return rts_registry_auth_new (db, signer, service, TOKEN_ISSUER);
}

static int
serve (RtsDb           *db,
       RtsRegistryAuth *auth,
       const char      *listen,
       int              port,
       int              max_connections,
       int              request_timeout,
       const char      *registry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsServer) server = rts_server_new (db, registry);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;
  guint sigint_id;
  guint sigterm_id;
  int status;

  /* Installed before the url is printed: whoever reads it may signal us
   * at once, and the default action would skip closing the database. */
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  rts_registry_auth_attach (auth, rts_server_get_soup_server (server));

  if (!rts_server_listen (server, listen, (guint) port, (guint) max_connections,
                          (guint) request_timeout, &error))
    status = fail (error);
  else if (!(url = rts_server_get_url (server)))
    status = fail_usage ("could not find the address the server listens on");
  else
    {
      printf ("url: %s\n", url);
      fflush (stdout);

      g_main_loop_run (loop);
      status = EXIT_SUCCESS;
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  return status;
}

static int
run_server (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *now = NULL;
  g_autofree char *service = NULL;
  gboolean demo = FALSE;
  gboolean seeded = FALSE;
  int port = DEFAULT_PORT;
  int max_connections = DEFAULT_MAX_CONNECTIONS;
  int request_timeout = DEFAULT_REQUEST_TIMEOUT;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsDb) db = NULL;
  g_autoptr(RtsRegistryAuth) auth = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— serve the registry token API");
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database", "PATH" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The TCP port; 0 picks a free one", "N" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "The address to listen on", "ADDR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Seed demo data and print access keys", NULL },
    { "registry", 0, 0, G_OPTION_ARG_STRING, &registry, "The registry host /me reports",
      "HOST" },
    { "registry-service", 0, 0, G_OPTION_ARG_STRING, &service,
      "The registry's service name for /auth/token (default " DEFAULT_SERVICE ")", "NAME" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, "A fixed current time, for tests", "RFC3339" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      "The most connections open at once; more get a 503 (default 256)", "N" },
    { "request-timeout", 0, 0, G_OPTION_ARG_INT, &request_timeout,
      "Seconds a connection may take to send a request or take a reply, or "
      "stay idle (default 15)", "SECONDS" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Subcommands:\n"
                                    "  subscribe --db PATH --product ID --name NAME "
                                    "--version V --ends YYYY-MM-DD [--repository NAME…]\n"
                                    "  add-key --db PATH --role member|admin\n");
  if (!parse_options (context, &argc, &argv))
    return EXIT_FAILURE;

  if (port < 0 || port > 65535)
    return fail_usage ("--port must be between 0 and 65535");
  if (max_connections < 1 || max_connections > 65536)
    return fail_usage ("--max-connections must be between 1 and 65536");
  if (request_timeout < 1 || request_timeout > 3600)
    return fail_usage ("--request-timeout must be between 1 and 3600");

  if (!apply_now_option (now, &error) || !(db = open_db (db_path, &error)) ||
      !(auth = open_registry_auth (db, db_path, service ? service : DEFAULT_SERVICE, &error)))
    return fail (error);

  if (demo &&
      (!rts_demo_seed (db, registry ? registry : DEFAULT_REGISTRY, &seeded, &error) ||
       !print_demo_keys (db, &error)))
    return fail (error);

  if (seeded)
    g_debug ("Seeded the demo project");

  return serve (db, auth, listen ? listen : DEFAULT_LISTEN, port, max_connections,
                request_timeout, registry);
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");

  /* stdout carries only the keys and the url for whoever started us; the
   * default writer would send debug and info messages there too. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* Nothing reads SQLite's memory statistics, and keeping them takes a
   * lock on every allocation; this must come before SQLite's first use. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  if (argc > 1 && strcmp (argv[1], "subscribe") == 0)
    {
      g_set_prgname ("registry-token-service subscribe");
      status = run_subscribe (argc - 1, argv + 1);
    }
  else if (argc > 1 && strcmp (argv[1], "add-key") == 0)
    {
      g_set_prgname ("registry-token-service add-key");
      status = run_add_key (argc - 1, argv + 1);
    }
  else
    {
      g_set_prgname ("registry-token-service");
      status = run_server (argc, argv);
    }

  rts_clock_set_fixed (NULL);

  return status;
}
