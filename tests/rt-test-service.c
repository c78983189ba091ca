/* rt-test-service.c: runs the reference registry-token-service for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "rt-test-service.h"
#include "rt-test-util.h"

typedef struct
{
  RtTestService     pub;           /* first, so the public pointer is ours */
  GDataInputStream *stdout_stream;
  GPtrArray        *stdout_lines;  /* NULL-terminated, of char * */
  char            **extra_args;
  guint             nofile_limit;  /* 0 to inherit */
} RtTestServicePrivate;

static RtTestServicePrivate *
get_private (RtTestService *self)
{
  return (RtTestServicePrivate *) self;
}

static const char *
get_service_binary (void)
{
  const char *binary = g_getenv ("RT_SERVICE_BINARY");

  if (binary == NULL || binary[0] == '\0')
    g_error ("RT_SERVICE_BINARY is not set; it must name the registry-token-service binary");

  return binary;
}

static void
child_setup (gpointer user_data)
{
  const guint *nofile_limit = user_data;

#ifdef __linux__
  /* If the test program dies on an assertion, take the service with it
   * rather than leaving it listening for ever.
   */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif

  if (nofile_limit != NULL && *nofile_limit > 0)
    {
      struct rlimit limit = { *nofile_limit, *nofile_limit };

      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static GSubprocessLauncher *
create_launcher (RtTestService *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  /* stderr stays inherited so that the service's log ends up in the test log */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd (launcher, self->tmpdir);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         &get_private (self)->nofile_limit, NULL);

  return g_steal_pointer (&launcher);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates @context until *@result is set or @deadline (monotonic time)
 * has passed. On timeout @cancellable is cancelled and the callback is
 * still awaited, so that nothing refers to the caller's stack afterwards.
 * Returns %FALSE on timeout.
 */
static gboolean
wait_for_result (GMainContext  *context,
                 GAsyncResult **result,
                 GCancellable  *cancellable,
                 gint64         deadline)
{
  g_autoptr(GSource) source = NULL;
  gint64 remaining;
  gboolean expired = FALSE;

  remaining = MAX (0, deadline - g_get_monotonic_time ());
  source = g_timeout_source_new ((guint) (remaining / 1000));
  g_source_set_callback (source, on_deadline, &expired, NULL);
  g_source_attach (source, context);

  while (*result == NULL && !expired)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (source);

  if (*result != NULL)
    return TRUE;

  g_cancellable_cancel (cancellable);
  while (*result == NULL)
    g_main_context_iteration (context, TRUE);

  return FALSE;
}

/* Returns the next stdout line, or %NULL at end of file. Sets *@timed_out
 * when @deadline passed first.
 */
static char *
read_line (RtTestServicePrivate *priv,
           gint64                deadline,
           gboolean             *timed_out)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (priv->stdout_stream,
                                       G_PRIORITY_DEFAULT,
                                       cancellable,
                                       rt_test_async_ready,
                                       &result);
  *timed_out = !wait_for_result (context, &result, cancellable, deadline);
  g_main_context_pop_thread_default (context);

  line = g_data_input_stream_read_line_finish_utf8 (priv->stdout_stream, result, NULL, &error);
  if (*timed_out)
    return NULL;
  g_assert_no_error (error);

  if (line != NULL)
    g_ptr_array_add (priv->stdout_lines, g_strdup (line));

  return g_steal_pointer (&line);
}

static void
kill_process (RtTestService *self)
{
  RtTestServicePrivate *priv = get_private (self);

  if (self->process == NULL)
    return;

  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_object (&priv->stdout_stream);
}

static void
spawn (RtTestService *self)
{
  RtTestServicePrivate *priv = get_private (self);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_null (self->process);

  argv = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  g_ptr_array_add (argv, (char *) get_service_binary ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, self->db_path);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  g_ptr_array_add (argv, (char *) "--demo");
  if (self->now != NULL)
    {
      g_ptr_array_add (argv, (char *) "--now");
      g_ptr_array_add (argv, self->now);
    }
  for (guint i = 0; priv->extra_args != NULL && priv->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, priv->extra_args[i]);

  launcher = create_launcher (self);
  self->process = g_subprocess_launcher_spawnv (launcher,
                                                (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  priv->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_set_newline_type (priv->stdout_stream, G_DATA_STREAM_NEWLINE_TYPE_LF);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->member_key, g_free);
  g_clear_pointer (&self->admin_key, g_free);

  deadline = g_get_monotonic_time () + RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  while (self->url == NULL)
    {
      g_autofree char *line = NULL;
      gboolean timed_out = FALSE;

      line = read_line (priv, deadline, &timed_out);

      if (line == NULL)
        {
          kill_process (self);
          if (timed_out)
            g_error ("registry-token-service printed no url line within %d s (kept %s)",
                     RT_TEST_WAIT_SECONDS, self->tmpdir);
          else
            g_error ("registry-token-service closed stdout before printing its url line (kept %s)",
                     self->tmpdir);
        }

      if (g_str_has_prefix (line, "member-key: "))
        {
          g_free (self->member_key);
          self->member_key = g_strdup (line + strlen ("member-key: "));
        }
      else if (g_str_has_prefix (line, "admin-key: "))
        {
          g_free (self->admin_key);
          self->admin_key = g_strdup (line + strlen ("admin-key: "));
        }
      else if (g_str_has_prefix (line, "url: "))
        self->url = g_strdup (line + strlen ("url: "));
      else
        g_test_message ("unexpected stdout line from registry-token-service: %s", line);
    }

  g_assert_true (g_str_has_prefix (self->url, "http://"));
  g_assert_nonnull (self->member_key);
  g_assert_nonnull (self->admin_key);
  g_assert_cmpstr (self->member_key, !=, "");
  g_assert_cmpstr (self->admin_key, !=, "");
}

/**
 * rt_test_service_start:
 * @now: (nullable): the `--now` value, an RFC 3339 time
 *
 * Starts the service on a new database in a new temporary directory, with
 * `--demo --port 0`. Asserts that it prints its keys and url within 10 s.
 */
RtTestService *
rt_test_service_start (const char *now)
{
  return rt_test_service_start_full (now, NULL, 0);
}

/**
 * rt_test_service_start_full:
 * @now: (nullable): the `--now` value, an RFC 3339 time
 * @extra_args: (nullable): more options for every run, e.g. `--request-timeout`
 * @nofile_limit: the service's descriptor limit (`ulimit -n`), 0 to inherit
 *
 * Like rt_test_service_start(), with more options and limits.
 */
RtTestService *
rt_test_service_start_full (const char         *now,
                            const char * const *extra_args,
                            guint               nofile_limit)
{
  RtTestServicePrivate *priv = g_new0 (RtTestServicePrivate, 1);
  RtTestService *self = &priv->pub;
  g_autoptr(GError) error = NULL;

  priv->stdout_lines = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  priv->extra_args = g_strdupv ((char **) extra_args);
  priv->nofile_limit = nofile_limit;

  self->tmpdir = g_dir_make_tmp ("rt-test-service-XXXXXX", &error);
  g_assert_no_error (error);
  self->db_path = g_build_filename (self->tmpdir, "tokens.db", NULL);
  self->now = g_strdup (now);

  spawn (self);

  return self;
}

/**
 * rt_test_service_stop:
 *
 * Sends SIGTERM and asserts a clean exit with status 0. Collects whatever
 * the service printed on stdout after its url line. Does nothing when the
 * service is not running.
 */
void
rt_test_service_stop (RtTestService *self)
{
  RtTestServicePrivate *priv;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_return_if_fail (self != NULL);

  priv = get_private (self);

  if (self->process == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  deadline = g_get_monotonic_time () + RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  /* Drain stdout first: a service blocked on a full pipe could not exit. */
  for (;;)
    {
      g_autofree char *line = NULL;
      gboolean timed_out = FALSE;

      line = read_line (priv, deadline, &timed_out);
      if (timed_out)
        {
          kill_process (self);
          g_error ("registry-token-service did not close stdout within %d s of SIGTERM",
                   RT_TEST_WAIT_SECONDS);
        }
      if (line == NULL)
        break;
    }

  context = g_main_context_new ();
  cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (self->process, cancellable, rt_test_async_ready, &result);
  if (!wait_for_result (context, &result, cancellable, deadline))
    {
      g_main_context_pop_thread_default (context);
      kill_process (self);
      g_error ("registry-token-service did not exit within %d s of SIGTERM", RT_TEST_WAIT_SECONDS);
    }
  g_main_context_pop_thread_default (context);

  g_subprocess_wait_finish (self->process, result, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (self->process))
    g_assert_cmpint (g_subprocess_get_term_sig (self->process), ==, 0);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_clear_object (&self->process);
  g_clear_object (&priv->stdout_stream);
  g_clear_pointer (&self->url, g_free);
}

/**
 * rt_test_service_kill:
 *
 * Kills the service with SIGKILL, wherever it is, and reaps it. Does
 * nothing when the service is not running; rt_test_service_restart()
 * starts it again on the same database.
 */
void
rt_test_service_kill (RtTestService *self)
{
  g_return_if_fail (self != NULL);

  kill_process (self);
  g_clear_pointer (&self->url, g_free);
}

/**
 * rt_test_service_restart:
 *
 * Stops the service if it runs and starts it again on the same database
 * with `--demo` and the current @now field. The url and the keys change.
 */
void
rt_test_service_restart (RtTestService *self)
{
  g_return_if_fail (self != NULL);

  rt_test_service_stop (self);
  spawn (self);
}

/* Runs a subcommand of the service to completion and returns its stdout. */
static char *
run_subcommand (RtTestService      *self,
                const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *command = NULL;
  gint64 deadline;

  command = g_strjoinv (" ", (char **) argv);
  g_test_message ("running %s", command);

  launcher = create_launcher (self);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  context = g_main_context_new ();
  cancellable = g_cancellable_new ();
  deadline = g_get_monotonic_time () + RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;

  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, rt_test_async_ready, &result);
  if (!wait_for_result (context, &result, cancellable, deadline))
    {
      g_main_context_pop_thread_default (context);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_error ("“%s” did not finish within %d s", command, RT_TEST_WAIT_SECONDS);
    }
  g_main_context_pop_thread_default (context);

  g_subprocess_communicate_utf8_finish (process, result, &stdout_text, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  return g_steal_pointer (&stdout_text);
}

/* Finds "PREFIX VALUE" among the lines of @text and returns VALUE. */
static char *
find_value (const char *text,
            const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        return g_strdup (g_strstrip (lines[i] + strlen (prefix)));
    }

  return NULL;
}

/**
 * rt_test_service_add_key:
 * @role: "member" or "admin"
 *
 * Runs `add-key`, which makes a new user with @role.
 *
 * Returns: (transfer full): the new user's access key
 */
char *
rt_test_service_add_key (RtTestService *self,
                         const char    *role)
{
  g_autofree char *stdout_text = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (role, "member") == 0 || g_strcmp0 (role, "admin") == 0, NULL);

  const char *argv[] = {
    get_service_binary (), "add-key", "--db", self->db_path, "--role", role, NULL
  };

  stdout_text = run_subcommand (self, argv);
  prefix = g_strdup_printf ("%s-key: ", role);
  key = find_value (stdout_text, prefix);

  if (key == NULL)
    g_error ("add-key printed no “%s” line; its stdout was: %s", prefix, stdout_text);
  g_assert_cmpstr (key, !=, "");

  return g_steal_pointer (&key);
}

/**
 * rt_test_service_subscribe:
 * @ends: the end date, `YYYY-MM-DD`
 *
 * Runs `subscribe`: adds a subscription with one (possibly new) product to
 * the project. Asserts that it prints the subscription id.
 */
void
rt_test_service_subscribe (RtTestService *self,
                           const char    *product_id,
                           const char    *name,
                           const char    *version,
                           const char    *ends)
{
  g_autofree char *stdout_text = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (self != NULL);

  const char *argv[] = {
    get_service_binary (), "subscribe", "--db", self->db_path,
    "--product", product_id, "--name", name, "--version", version, "--ends", ends,
    NULL
  };

  stdout_text = run_subcommand (self, argv);
  id = find_value (stdout_text, "subscription: ");

  if (id == NULL)
    g_error ("subscribe printed no “subscription: ” line; its stdout was: %s", stdout_text);
  g_assert_cmpstr (id, !=, "");
}

/**
 * rt_test_service_get_stdout_lines:
 *
 * Returns: (transfer none): every stdout line of every run so far
 */
const char * const *
rt_test_service_get_stdout_lines (RtTestService *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) get_private (self)->stdout_lines->pdata;
}

/**
 * rt_test_service_count_descriptors:
 *
 * Returns: how many file descriptors the running service holds: its
 *   database, its listener and one per open connection
 */
guint
rt_test_service_count_descriptors (RtTestService *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  g_return_val_if_fail (self != NULL && self->process != NULL, 0);

  path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (self->process));
  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
remove_recursively (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_recursively (child);
          else if (g_unlink (child) != 0)
            g_warning ("Could not remove %s: %s", child, g_strerror (errno));
        }
    }

  if (g_rmdir (path) != 0)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

/**
 * rt_test_service_free:
 *
 * Stops the service if it runs and removes its temporary directory.
 */
void
rt_test_service_free (RtTestService *self)
{
  RtTestServicePrivate *priv;

  if (self == NULL)
    return;

  priv = get_private (self);

  rt_test_service_stop (self);

  if (self->tmpdir != NULL)
    remove_recursively (self->tmpdir);

  g_clear_pointer (&self->tmpdir, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->member_key, g_free);
  g_clear_pointer (&self->admin_key, g_free);
  g_clear_pointer (&self->now, g_free);
  g_clear_pointer (&priv->stdout_lines, g_ptr_array_unref);
  g_clear_pointer (&priv->extra_args, g_strfreev);
  g_free (priv);
}
