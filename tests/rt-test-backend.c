/* rt-test-backend.c: runs build-aux/run-backend.sh (the reference service
 * and Debian's docker-registry) for the registry tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "rt-test-backend.h"

static const char * const tools[] = {
  "docker-registry", "skopeo", "umoci", "podman", "curl", "docker-credential-secretservice",
};

/* Skips the current test unless every tool the backend and the tests run
 * is installed; returns whether they all are. */
gboolean
rt_test_backend_require_tools (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed "
                                                      "(build-aux/install-deps.sh installs it)",
                                                      tools[i]);
          g_test_skip (message);
          return FALSE;
        }
    }

  return TRUE;
}

void
rt_test_backend_free (RtTestBackend *b)
{
  if (b->backend != NULL)
    {
      g_subprocess_send_signal (b->backend, SIGTERM);
      g_assert_true (g_subprocess_wait (b->backend, NULL, NULL));
      g_clear_object (&b->backend);
    }
  g_clear_object (&b->session);
  g_free (b->url);
  g_free (b->admin_key);
  g_free (b->registry);
  g_free (b->tmpdir);
  g_free (b);
}

/* A failed assertion aborts the test: the backend must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

RtTestBackend *
rt_test_backend_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *db = NULL;
  g_autofree char *state = NULL;
  RtTestBackend *b = g_new0 (RtTestBackend, 1);
  char *line;

  b->tmpdir = g_dir_make_tmp ("rt-handoff-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (b->tmpdir, "tokens.db", NULL);
  state = g_build_filename (b->tmpdir, "state", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  b->backend = g_subprocess_launcher_spawn (launcher, &error,
                                            g_getenv ("RT_RUN_BACKEND"), "--db", db,
                                            "--port", "0", "--registry-port", "0",
                                            "--state", state,
                                            "--service", g_getenv ("RT_SERVICE_BINARY"),
                                            "--no-install", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (b->backend));
  while (b->registry == NULL &&
         (line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "url: "))
        b->url = g_strdup (line + 5);
      else if (g_str_has_prefix (line, "admin-key: "))
        b->admin_key = g_strdup (line + 11);
      else if (g_str_has_prefix (line, "registry: "))
        b->registry = g_strdup (line + 10);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (b->url);
  g_assert_nonnull (b->admin_key);
  g_assert_nonnull (b->registry);

  b->session = soup_session_new_with_options ("timeout", 10, NULL);

  return b;
}

/* Calls the token API as the demo admin; returns the parsed reply or NULL. */
JsonObject *
rt_test_backend_call (RtTestBackend *b,
                      const char    *method,
                      const char    *path,
                      const char    *body,
                      guint          expected_status)
{
  g_autofree char *uri = g_strconcat (b->url, "/api/v1", path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", b->admin_key, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (b->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);

  if (g_bytes_get_size (reply) == 0)
    return NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                              g_bytes_get_size (reply), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}
