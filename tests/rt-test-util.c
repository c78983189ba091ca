/* rt-test-util.c: waiting on the main loop, async results and clients for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-test-util.h"

/* How often a wait looks at its condition when nothing else wakes the loop:
 * conditions may depend on the clock or on another process. */
#define TICK_MS 10

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gint64
rt_test_wait_deadline (void)
{
  return g_get_monotonic_time () + RT_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
}

void
rt_test_wait_iterate (gint64      deadline,
                      const char *file,
                      int         line,
                      const char *func,
                      const char *condition)
{
  guint tick;

  if (g_get_monotonic_time () > deadline)
    {
      g_autofree char *message = g_strdup_printf ("“%s” did not hold within %d s",
                                                  condition, RT_TEST_WAIT_SECONDS);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
      return;
    }

  tick = g_timeout_add (TICK_MS, on_tick, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

void
rt_test_async_ready (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  if (*out != NULL)
    g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,
                         "an async call called back more than once");
  *out = g_object_ref (result);
}

GAsyncResult *
rt_test_wait_result_full (GAsyncResult **result,
                          const char    *file,
                          int            line,
                          const char    *func)
{
  gint64 deadline = rt_test_wait_deadline ();

  while (*result == NULL)
    rt_test_wait_iterate (deadline, file, line, func, "the async result");

  return *result;
}

static gboolean
on_time_up (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, so that whatever should not happen can. */
void
rt_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_time_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

RtClient *
rt_test_new_client (const char *url,
                    const char *key)
{
  g_autoptr(RtSecret) secret = rt_secret_new (key, -1);
  g_autoptr(GError) error = NULL;
  RtClient *client = rt_client_new (url, secret, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (RT_IS_CLIENT (client));

  return client;
}

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

  g_string_append (captured_log, line);
  g_string_append_c (captured_log, '\n');

  /* Keep warnings visible; debug output only goes to the buffer. */
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

/* Logs everything (G_MESSAGES_DEBUG=all) into a buffer that
 * rt_test_get_captured_log() returns, so that a test can look for secrets
 * in it. Call it first in main(). */
void
rt_test_capture_log (void)
{
  g_assert_null (captured_log);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

const char *
rt_test_get_captured_log (void)
{
  g_assert_nonnull (captured_log);

  return captured_log->str;
}

/**
 * rt_test_assert_items_changed:
 * @logger: a logger connected to @model's items-changed
 *
 * Asserts that the next emission @logger holds is @model's items-changed
 * with these arguments, and takes it off.
 */
void
rt_test_assert_items_changed (GtSignalLogger *logger,
                              GListModel     *model,
                              guint           position,
                              guint           removed,
                              guint           added)
{
  guint emitted_position, emitted_removed, emitted_added;

  gt_signal_logger_assert_emission_pop (logger, model, "items-changed",
                                        &emitted_position, &emitted_removed, &emitted_added);
  g_assert_cmpuint (emitted_position, ==, position);
  g_assert_cmpuint (emitted_removed, ==, removed);
  g_assert_cmpuint (emitted_added, ==, added);
}
