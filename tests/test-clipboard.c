/* test-clipboard.c: copying a secret and clearing it, on a real X11 clipboard
 *
 * Runs in the 'display' session of rt-test-session.sh (Xvfb). A second
 * display connection plays the other applications: it reads the clipboard
 * over X11 and takes it over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

/* GtSignalLogger when the test is built with glib-testing-0; otherwise a
 * plain counter does the same job. */
#if __has_include (<libglib-testing/signal-logger.h>)
# include <libglib-testing/signal-logger.h>
# define HAVE_SIGNAL_LOGGER 1
#endif

#include "rt-clipboard.h"
#include "rt-secret-content-provider.h"
#include "rt-test-util.h"

#define SECRET_TEXT "rtsec_clipboard_throwaway_0123456789"

/* Reading the clipboard ------------------------------------------------------- */

/* Returns the text, or NULL if the clipboard has none. */
static char *
read_text (GdkClipboard *clipboard)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  if (error != NULL)
    g_test_message ("reading text: %s", error->message);

  return text;
}

static char *
read_mime_type (GdkClipboard *clipboard,
                const char   *mime_type)
{
  const char *mime_types[] = { mime_type, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) spliced = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GError) error = NULL;
  const char *read_as = NULL;

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL,
                            rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  stream = gdk_clipboard_read_finish (clipboard, result, &read_as, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read_as, ==, mime_type);

  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, rt_test_async_ready, &spliced);
  rt_test_wait_result (&spliced);
  g_output_stream_splice_finish (memory, spliced, &error);
  g_assert_no_error (error);

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
}

static gboolean
has_format (GdkClipboard *clipboard,
            const char   *mime_type)
{
  return gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                mime_type);
}

static gboolean
offers_text (gpointer data)
{
  return has_format (data, "text/plain;charset=utf-8");
}

static gboolean
offers_no_text (gpointer data)
{
  return !has_format (data, "text/plain;charset=utf-8");
}

static gboolean
not_pending (gpointer data)
{
  return !rt_clipboard_get_pending (data);
}

/* Counting "cleared" ----------------------------------------------------------- */

typedef struct
{
#ifdef HAVE_SIGNAL_LOGGER
  GtSignalLogger *logger;
#else
  guint n_cleared;
#endif
  RtClipboard *clipboard;
} Emissions;

#ifndef HAVE_SIGNAL_LOGGER
static void
count_cleared (RtClipboard *clipboard,
               Emissions   *emissions)
{
  emissions->n_cleared++;
}
#endif

static Emissions *
emissions_new (RtClipboard *clipboard)
{
  Emissions *emissions = g_new0 (Emissions, 1);

  emissions->clipboard = clipboard;
#ifdef HAVE_SIGNAL_LOGGER
  emissions->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (emissions->logger, clipboard, "cleared");
#else
  g_signal_connect (clipboard, "cleared", G_CALLBACK (count_cleared), emissions);
#endif

  return emissions;
}

static void
emissions_free (Emissions *emissions)
{
#ifdef HAVE_SIGNAL_LOGGER
  g_clear_pointer (&emissions->logger, gt_signal_logger_free);
#else
  g_signal_handlers_disconnect_by_data (emissions->clipboard, emissions);
#endif
  g_free (emissions);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Emissions, emissions_free)

static void
assert_not_cleared (Emissions *emissions)
{
#ifdef HAVE_SIGNAL_LOGGER
  gt_signal_logger_assert_no_emissions (emissions->logger);
#else
  g_assert_cmpuint (emissions->n_cleared, ==, 0);
#endif
}

static void
assert_cleared_once (Emissions *emissions)
{
#ifdef HAVE_SIGNAL_LOGGER
  gt_signal_logger_assert_emission_pop (emissions->logger, emissions->clipboard, "cleared",
                                        NULL);
  gt_signal_logger_assert_no_emissions (emissions->logger);
#else
  g_assert_cmpuint (emissions->n_cleared, ==, 1);
  emissions->n_cleared = 0;
#endif
}

/* Tests --------------------------------------------------------------------------- */

static GdkClipboard *
get_clipboard (void)
{
  return gdk_display_get_clipboard (gdk_display_get_default ());
}

/* Cleared: still ours (a clear leaves empty content rather than none, see
 * rt_clipboard_clear()), but offering nothing. */
static void
assert_cleared (GdkClipboard            *clipboard,
                RtSecretContentProvider *provider)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);

  g_assert_true (content != GDK_CONTENT_PROVIDER (provider));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_null (gdk_content_formats_get_mime_types (gdk_clipboard_get_formats (clipboard), NULL));
}

static RtSecretContentProvider *
current_provider (GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);

  g_assert_true (RT_IS_SECRET_CONTENT_PROVIDER (content));

  return g_object_ref (RT_SECRET_CONTENT_PROVIDER (content));
}

static void
test_copy_and_read (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (0);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autoptr(RtSecretContentProvider) provider = NULL;
  g_autoptr(GdkContentFormats) storable = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *after = NULL;
  g_autofree char *formats = NULL;
  GdkClipboard *clipboard = get_clipboard ();

  g_assert_false (rt_clipboard_get_pending (cb));
  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  g_assert_true (rt_clipboard_get_pending (cb));
  g_assert_cmpint (rt_clipboard_get_clears_at (cb), ==, 0);

  provider = current_provider (clipboard);
  g_assert_true (rt_secret_content_provider_has_secret (provider));

  formats = gdk_content_formats_to_string (gdk_clipboard_get_formats (clipboard));
  g_test_message ("offered formats: %s", formats);
  g_assert_true (has_format (clipboard, "text/plain;charset=utf-8"));
  g_assert_true (has_format (clipboard, "text/plain"));
  g_assert_true (has_format (clipboard, RT_PASSWORD_MANAGER_HINT_MIME_TYPE));

  /* Nothing for a clipboard manager to keep when the app quits. */
  storable = gdk_content_provider_ref_storable_formats (GDK_CONTENT_PROVIDER (provider));
  g_assert_null (gdk_content_formats_get_mime_types (storable, NULL));

  text = read_text (clipboard);
  g_assert_cmpstr (text, ==, SECRET_TEXT);
  plain = read_mime_type (clipboard, "text/plain");
  g_assert_cmpstr (plain, ==, SECRET_TEXT);
  hint = read_mime_type (clipboard, RT_PASSWORD_MANAGER_HINT_MIME_TYPE);
  g_assert_cmpstr (hint, ==, "secret");

  /* With clear-seconds 0 only clear_now() clears. */
  assert_not_cleared (emissions);
  rt_clipboard_clear_now (cb);
  assert_cleared_once (emissions);
  g_assert_false (rt_clipboard_get_pending (cb));
  g_assert_false (rt_secret_content_provider_has_secret (provider));
  assert_cleared (clipboard, provider);
  after = read_text (clipboard);
  g_assert_null (after);

  /* Nothing pending: a no-op. */
  rt_clipboard_clear_now (cb);
  rt_clipboard_retry_pending (cb);
  assert_not_cleared (emissions);
}

static void
test_read_from_other_client (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (30);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autofree char *text = NULL;
  g_autofree char *formats = NULL;
  g_autofree char *ours = NULL;
  GdkClipboard *clipboard = get_clipboard ();
  GdkDisplay *other;
  GdkClipboard *other_clipboard;

  other = gdk_display_open (gdk_display_get_name (gdk_display_get_default ()));
  g_assert_nonnull (other);
  other_clipboard = gdk_display_get_clipboard (other);

  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));

  /* Over X11, from another connection. */
  rt_test_wait_until (offers_text (other_clipboard));
  formats = gdk_content_formats_to_string (gdk_clipboard_get_formats (other_clipboard));
  g_test_message ("formats another GTK client sees: %s", formats);
  text = read_text (other_clipboard);
  g_assert_cmpstr (text, ==, SECRET_TEXT);

  /* Cleared for the other client too. */
  rt_clipboard_clear_now (cb);
  assert_cleared_once (emissions);
  rt_test_wait_until (offers_no_text (other_clipboard));

  /* Another client taking the clipboard over: ours is not cleared later. */
  rt_clipboard_set_clear_seconds (cb, 1);
  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  rt_test_wait_until (offers_text (other_clipboard));
  gdk_clipboard_set_text (other_clipboard, "copied in another app");
  rt_test_wait_until (not_pending (cb));
  rt_test_run_for (1500);
  assert_not_cleared (emissions);
  ours = read_text (clipboard);
  g_assert_cmpstr (ours, ==, "copied in another app");

  gdk_display_close (other);
}

static void
test_cleared_after_timeout (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (1);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autoptr(RtSecretContentProvider) provider = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GdkClipboard *clipboard = get_clipboard ();
  gint64 start, clears_at, cleared;

  start = g_get_monotonic_time ();
  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  provider = current_provider (clipboard);

  clears_at = rt_clipboard_get_clears_at (cb);
  g_assert_cmpint (clears_at, >=, start + G_USEC_PER_SEC);
  g_assert_cmpint (clears_at, <=, g_get_monotonic_time () + G_USEC_PER_SEC);

  before = read_text (clipboard);
  g_assert_cmpstr (before, ==, SECRET_TEXT);
  assert_not_cleared (emissions);

  rt_test_wait_until (not_pending (cb));
  cleared = g_get_monotonic_time ();
  g_test_message ("cleared after %.2f s", (cleared - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (cleared, >=, clears_at);

  assert_cleared_once (emissions);
  g_assert_cmpint (rt_clipboard_get_clears_at (cb), ==, 0);
  g_assert_false (rt_secret_content_provider_has_secret (provider));
  assert_cleared (clipboard, provider);
  after = read_text (clipboard);
  g_assert_null (after);

  /* And only once. */
  rt_test_run_for (1500);
  assert_not_cleared (emissions);
}

static void
test_taken_over (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (1);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autoptr(RtSecretContentProvider) provider = NULL;
  g_autofree char *text = NULL;
  GdkClipboard *clipboard = get_clipboard ();

  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  provider = current_provider (clipboard);

  gdk_clipboard_set_text (clipboard, "something else");

  /* Nothing left to clear, and our copy of the secret is gone. */
  g_assert_false (rt_clipboard_get_pending (cb));
  g_assert_cmpint (rt_clipboard_get_clears_at (cb), ==, 0);
  g_assert_false (rt_secret_content_provider_has_secret (provider));

  rt_test_run_for (1500);
  assert_not_cleared (emissions);
  text = read_text (clipboard);
  g_assert_cmpstr (text, ==, "something else");
}

static void
test_never_cleared (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (0);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  GdkClipboard *clipboard = get_clipboard ();

  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  rt_test_run_for (1500);

  g_assert_true (rt_clipboard_get_pending (cb));
  g_assert_cmpint (rt_clipboard_get_clears_at (cb), ==, 0);
  assert_not_cleared (emissions);
  text = read_text (clipboard);
  g_assert_cmpstr (text, ==, SECRET_TEXT);

  /* Turning clearing on counts from the copy, which is long past. */
  g_object_set (cb, "clear-seconds", 1, NULL);
  g_assert_cmpint (rt_clipboard_get_clears_at (cb), >, 0);
  rt_test_wait_until (not_pending (cb));
  assert_cleared_once (emissions);
  after = read_text (clipboard);
  g_assert_null (after);
}

static void
test_copy_replaces (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (30);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) first = rt_secret_new ("rtsec_first_throwaway", -1);
  g_autoptr(RtSecret) second = rt_secret_new ("rtsec_second_throwaway", -1);
  g_autoptr(RtSecretContentProvider) first_provider = NULL;
  g_autofree char *text = NULL;
  GdkClipboard *clipboard = get_clipboard ();

  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, first));
  first_provider = current_provider (clipboard);
  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, second));

  g_assert_true (rt_clipboard_get_pending (cb));
  g_assert_false (rt_secret_content_provider_has_secret (first_provider));
  assert_not_cleared (emissions);
  text = read_text (clipboard);
  g_assert_cmpstr (text, ==, "rtsec_second_throwaway");

  rt_clipboard_clear_now (cb);
  assert_cleared_once (emissions);
}

/* A copy right after a clear stays on the clipboard: GDK must not mistake it
 * for another application's (see rt_clipboard_clear()). */
static void
test_copy_after_clear (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (30);
  g_autoptr(Emissions) emissions = emissions_new (cb);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  GdkClipboard *clipboard = get_clipboard ();

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
      rt_clipboard_clear_now (cb);
      assert_cleared_once (emissions);

      g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
      rt_test_run_for (100);
      g_assert_true (rt_clipboard_get_pending (cb));
      text = read_text (clipboard);
      g_assert_cmpstr (text, ==, SECRET_TEXT);
      rt_clipboard_clear_now (cb);
      assert_cleared_once (emissions);
    }
}

static void
test_dispose_clears (void)
{
  RtClipboard *cb = rt_clipboard_new (30);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  g_autoptr(RtSecretContentProvider) provider = NULL;
  GdkClipboard *clipboard = get_clipboard ();

  g_assert_true (rt_clipboard_copy_secret (cb, clipboard, secret));
  provider = current_provider (clipboard);

  g_assert_finalize_object (cb);

  g_assert_false (rt_secret_content_provider_has_secret (provider));
  assert_cleared (clipboard, provider);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(RtClipboard) cb = rt_clipboard_new (45);
  g_autoptr(RtSecret) secret = rt_secret_new (SECRET_TEXT, -1);
  gboolean pending = TRUE;
  gint64 clears_at = -1;
  guint seconds = 0;
  guint notified = 0;

  g_object_get (cb, "clear-seconds", &seconds, "pending", &pending, "clears-at", &clears_at,
                NULL);
  g_assert_cmpuint (seconds, ==, 45);
  g_assert_false (pending);
  g_assert_cmpint (clears_at, ==, 0);

  /* Notified only on a real change. */
  g_signal_connect (cb, "notify::clear-seconds", G_CALLBACK (count_notify), &notified);
  rt_clipboard_set_clear_seconds (cb, 45);
  g_assert_cmpuint (notified, ==, 0);
  rt_clipboard_set_clear_seconds (cb, 5);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (rt_clipboard_copy_secret (cb, get_clipboard (), secret));
  g_object_get (cb, "pending", &pending, "clears-at", &clears_at, NULL);
  g_assert_true (pending);
  g_assert_cmpint (clears_at, >, g_get_monotonic_time ());
  rt_clipboard_clear_now (cb);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clipboard/copy-and-read", test_copy_and_read);
  g_test_add_func ("/clipboard/read-from-other-client", test_read_from_other_client);
  g_test_add_func ("/clipboard/cleared-after-timeout", test_cleared_after_timeout);
  g_test_add_func ("/clipboard/taken-over", test_taken_over);
  g_test_add_func ("/clipboard/never-cleared", test_never_cleared);
  g_test_add_func ("/clipboard/copy-replaces", test_copy_replaces);
  g_test_add_func ("/clipboard/copy-after-clear", test_copy_after_clear);
  g_test_add_func ("/clipboard/dispose-clears", test_dispose_clears);
  g_test_add_func ("/clipboard/properties", test_properties);

  return g_test_run ();
}
