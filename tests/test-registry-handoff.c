/* test-registry-handoff.c: a secret saved by the app opens the registry to
 * skopeo and podman with no credentials typed, until the token is deleted
 *
 * Runs build-aux/run-backend.sh (the reference service and Debian's
 * docker-registry) in a keyring session; the secret goes through
 * RtSecretStore and rt-docker-config exactly as Save to Keyring does, and
 * the tools find it through credHelpers → docker-credential-secretservice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rt-docker-config.h"
#include "rt-secret-store.h"

static const char * const tools[] = {
  "docker-registry", "skopeo", "umoci", "podman", "curl", "docker-credential-secretservice",
};

typedef struct
{
  GSubprocess *backend;
  char        *tmpdir;
  char        *url;
  char        *admin_key;
  char        *registry;
  SoupSession *session;
} Backend;

static void
backend_free (Backend *b)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Backend, backend_free)

/* A failed assertion aborts the test: the backend must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static Backend *
backend_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *db = NULL;
  g_autofree char *state = NULL;
  Backend *b = g_new0 (Backend, 1);
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
static JsonObject *
backend_call (Backend    *b,
              const char *method,
              const char *path,
              const char *body,
              guint       expected_status)
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

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs a tool with no credentials on its command line; returns its exit
 * status, with its error output in *out_stderr. */
static int
run_tool (char       **out_stderr,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, out_stderr, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("%s: %s", first, *out_stderr);

  return g_subprocess_get_exit_status (process);
}

static void
test_handoff (void)
{
  g_autoptr(Backend) b = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(RtSecretStore) store = rt_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *docker_path = rt_docker_config_get_docker_path ();
  g_autofree char *podman_path = rt_docker_config_get_podman_path ();
  g_autofree char *image = NULL;
  g_autofree char *other_image = NULL;
  g_autofree char *podman_root = NULL;
  g_autofree char *podman_runroot = NULL;
  g_autofree char *delete_path = NULL;
  g_autofree char *err = NULL;
  RtSecretStoreChanges changes = 0;
  JsonObject *token;

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *found = g_find_program_in_path (tools[i]);

      if (found == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed "
                                                      "(build-aux/install-deps.sh installs it)",
                                                      tools[i]);
          g_test_skip (message);
          return;
        }
    }

  b = backend_start ();
  created = backend_call (b, "POST", "/tokens", "{\"name\": \"handoff\"}", 201);
  token = json_object_get_object_member (created, "token");
  secret = rt_secret_new (json_object_get_string_member (created, "secret"), -1);

  /* What Save to Keyring does with consent for docker and podman. */
  rt_secret_store_save_token_secret_async (store, b->url, b->registry,
                                           json_object_get_string_member (token, "id"),
                                           json_object_get_string_member (token, "name"),
                                           json_object_get_string_member (token, "username"),
                                           secret, TRUE, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rt_secret_store_save_token_secret_finish (store, result, &changes, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (changes & RT_SECRET_STORE_CHANGE_DOCKER);
  g_assert_true (rt_docker_config_add_cred_helper (docker_path, b->registry, "secretservice",
                                                   &error));
  g_assert_no_error (error);
  g_assert_true (rt_docker_config_add_cred_helper (podman_path, b->registry, "secretservice",
                                                   &error));
  g_assert_no_error (error);

  image = g_strconcat (b->registry, "/vision-kit/camera:1.0", NULL);
  other_image = g_strconcat (b->registry, "/motion-sdk/runtime:1.0", NULL);
  podman_root = g_build_filename (b->tmpdir, "podman-root", NULL);
  /* podman refuses a run root longer than 50 characters. */
  podman_runroot = g_mkdtemp (g_strdup ("/tmp/rt-podman-XXXXXX"));
  g_assert_nonnull (podman_runroot);

  {
    g_autofree char *docker_image = g_strconcat ("docker://", image, NULL);

    g_assert_cmpint (run_tool (&err, "skopeo", "inspect", "--tls-verify=false", docker_image,
                               NULL), ==, 0);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (run_tool (&err, "podman", "--root", podman_root, "--runroot", podman_runroot,
                             "--storage-driver", "vfs", "pull", "--tls-verify=false", image,
                             NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* Delete, as the app's row action does: the saved secret stops working. */
  delete_path = g_strconcat ("/tokens/", json_object_get_string_member (token, "id"), NULL);
  g_assert_null (backend_call (b, "DELETE", delete_path, NULL, 204));

  g_assert_cmpint (run_tool (&err, "podman", "--root", podman_root, "--runroot", podman_runroot,
                             "--storage-driver", "vfs", "pull", "--tls-verify=false", other_image,
                             NULL), !=, 0);
  g_assert_true (strstr (err, "unauthorized") != NULL || strstr (err, "denied") != NULL);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_tool (&err, "rm", "-rf", podman_runroot, podman_root, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/handoff", test_handoff);

  return g_test_run ();
}
