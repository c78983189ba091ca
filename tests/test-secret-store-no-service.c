/* test-secret-store-no-service.c: the keyring store when no Secret Service answers
 *
 * Runs in the 'keyring' session of rt-test-session.sh, like test-secret-store.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <libglib-testing/dbus-queue.h>

#include "rt-secret-store.h"
#include "rt-test-util.h"

/* No Secret Service ------------------------------------------------------------
 *
 * Each case runs in a subprocess: GtDBusQueue starts a private bus and points
 * DBUS_SESSION_BUS_ADDRESS at it, which only works before anything in the
 * process has connected to the session bus. */

static void
assert_all_fail (RtSecretStore *store,
                 GQuark         domain,
                 int            code,
                 GtDBusQueue   *queue);

/* Answers whatever the stand-in service receives, from the test's thread. */
typedef enum
{
  PEER_FAIL,     /* answers every call with org.freedesktop.DBus.Error.Failed */
  PEER_VANISH,   /* leaves the bus when the first real call arrives */
} PeerMode;

static PeerMode peer_mode;
static gboolean peer_vanished;
static guint peer_calls;

static void
answer_peer (GtDBusQueue *queue)
{
  GDBusMethodInvocation *invocation;

  /* gt_dbus_queue_try_pop_message() in libglib-testing 0.1 never pops (its
   * loop only runs when waiting), so check the length and pop, which then
   * returns at once. This thread is the only one popping. */
  while (gt_dbus_queue_get_n_messages (queue) > 0 &&
         gt_dbus_queue_pop_message (queue, &invocation))
    {
      const char *interface = g_dbus_method_invocation_get_interface_name (invocation);
      const char *method = g_dbus_method_invocation_get_method_name (invocation);

      g_test_message ("stand-in service got %s.%s", interface, method);

      /* GDBusProxy loads the properties first (and would ignore an error
       * there): answer with none. */
      if (g_str_equal (interface, "org.freedesktop.DBus.Properties"))
        {
          g_dbus_method_invocation_return_value (invocation,
                                                 g_variant_new_parsed ("(@a{sv} {},)"));
          continue;
        }

      peer_calls++;

      if (peer_mode == PEER_VANISH)
        {
          GDBusConnection *connection = g_dbus_method_invocation_get_connection (invocation);

          /* No answer: the bus tells the caller the peer left. */
          peer_vanished = TRUE;
          g_dbus_connection_close_sync (connection, NULL, NULL);
          g_object_unref (invocation);
        }
      else
        {
          g_dbus_method_invocation_return_dbus_error (invocation,
                                                      "org.freedesktop.DBus.Error.Failed",
                                                      "The stand-in service always fails");
        }
    }
}

/* Answers the stand-in peer's calls until @result arrives. */
static gboolean
answer_peer_until (GAsyncResult **result,
                   GtDBusQueue   *queue)
{
  if (*result != NULL)
    return TRUE;
  if (queue != NULL)
    answer_peer (queue);
  return FALSE;
}

static GAsyncResult *
wait_with_peer (GAsyncResult **result,
                GtDBusQueue   *queue)
{
  rt_test_wait_until (answer_peer_until (result, queue));

  return *result;
}

static void
assert_all_fail (RtSecretStore *store,
                 GQuark         domain,
                 int            code,
                 GtDBusQueue   *queue)
{
  g_autoptr(RtSecret) key = rt_secret_new ("rtak_nowhere", -1);
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) none = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 start = g_get_monotonic_time ();

  rt_secret_store_lookup_access_key_async (store, "https://api.nowhere.example", NULL, NULL,
                                           rt_test_async_ready, &looked_up);
  wait_with_peer (&looked_up, queue);
  none = rt_secret_store_lookup_access_key_finish (store, looked_up, &error);
  g_assert_null (none);
  g_assert_error (error, domain, code);
  g_test_message ("lookup: %s", error->message);
  g_clear_error (&error);

  rt_secret_store_store_access_key_async (store, "https://api.nowhere.example", "usr_a", key, NULL,
                                          rt_test_async_ready, &stored);
  wait_with_peer (&stored, queue);
  g_assert_false (rt_secret_store_store_access_key_finish (store, stored, &error));
  g_assert_error (error, domain, code);
  g_test_message ("store: %s", error->message);
  g_clear_error (&error);

  rt_secret_store_list_saved_token_ids_async (store, "https://api.nowhere.example", NULL,
                                              rt_test_async_ready, &listed);
  wait_with_peer (&listed, queue);
  ids = rt_secret_store_list_saved_token_ids_finish (store, listed, &error);
  g_assert_null (ids);
  g_assert_error (error, domain, code);
  g_clear_error (&error);

  rt_secret_store_save_token_secret_async (store, "https://api.nowhere.example",
                                           "registry.nowhere.example", "id", "name", "user",
                                           key, TRUE, NULL, rt_test_async_ready, &saved);
  wait_with_peer (&saved, queue);
  g_assert_false (rt_secret_store_save_token_secret_finish (store, saved, NULL, NULL, &error));
  g_assert_error (error, domain, code);
  g_clear_error (&error);

  /* Well within the D-Bus timeout: nothing waited for an answer that could
   * not come. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static GDBusNodeInfo *
secret_service_node_info (void)
{
  /* Enough of org.freedesktop.Secret.Service for libsecret's first calls. */
  static const char xml[] =
    "<node>"
    "  <interface name='org.freedesktop.Secret.Service'>"
    "    <method name='OpenSession'>"
    "      <arg name='algorithm' type='s' direction='in'/>"
    "      <arg name='input' type='v' direction='in'/>"
    "      <arg name='output' type='v' direction='out'/>"
    "      <arg name='result' type='o' direction='out'/>"
    "    </method>"
    "    <method name='SearchItems'>"
    "      <arg name='attributes' type='a{ss}' direction='in'/>"
    "      <arg name='unlocked' type='ao' direction='out'/>"
    "      <arg name='locked' type='ao' direction='out'/>"
    "    </method>"
    "    <method name='ReadAlias'>"
    "      <arg name='name' type='s' direction='in'/>"
    "      <arg name='collection' type='o' direction='out'/>"
    "    </method>"
    "    <property name='Collections' type='ao' access='read'/>"
    "  </interface>"
    "</node>";
  g_autoptr(GError) error = NULL;
  GDBusNodeInfo *info = g_dbus_node_info_new_for_xml (xml, &error);

  g_assert_no_error (error);

  return info;
}

static void
no_service_subprocess (PeerMode mode,
                       gboolean with_peer,
                       int      expected_code)
{
  g_autoptr(GtDBusQueue) queue = gt_dbus_queue_new ();
  g_autoptr(RtSecretStore) store = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint name_id = 0;
  guint object_id = 0;

  gt_dbus_queue_connect (queue, &error);
  g_assert_no_error (error);
  g_test_message ("private bus: %s", g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  peer_mode = mode;
  if (with_peer)
    {
      info = secret_service_node_info ();
      name_id = gt_dbus_queue_own_name (queue, "org.freedesktop.secrets");
      object_id = gt_dbus_queue_export_object (queue, "/org/freedesktop/secrets",
                                               info->interfaces[0], &error);
      g_assert_no_error (error);
    }

  store = rt_secret_store_new ();
  assert_all_fail (store, RT_SECRET_STORE_ERROR, expected_code, with_peer ? queue : NULL);

  /* The stand-in was really asked, and left when it was meant to. */
  if (with_peer)
    g_assert_cmpuint (peer_calls, >, 0);
  if (mode == PEER_VANISH && with_peer)
    g_assert_true (peer_vanished);

  /* Let go of the bus so the private one can be shut down. */
  g_clear_object (&store);
  secret_service_disconnect ();
  while (g_main_context_iteration (NULL, FALSE));

  /* The stand-in gives up its name and object while its thread still runs,
   * and the bus's answers reach it then: gt_dbus_queue_free() asserts that
   * nothing is left for that thread once it has stopped, and late answers
   * failed this test now and then. */
  if (object_id != 0)
    gt_dbus_queue_unexport_object (queue, object_id);
  if (name_id != 0)
    gt_dbus_queue_unown_name (queue, name_id);
  rt_test_run_for (100);

  gt_dbus_queue_disconnect (queue, TRUE);
}

static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      /* Nobody owns org.freedesktop.secrets and nothing can be activated. */
      no_service_subprocess (PEER_FAIL, FALSE, RT_SECRET_STORE_ERROR_NO_SERVICE);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_failing_service (void)
{
  if (g_test_subprocess ())
    {
      no_service_subprocess (PEER_FAIL, TRUE, RT_SECRET_STORE_ERROR_FAILED);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_vanishing_service (void)
{
  if (g_test_subprocess ())
    {
      no_service_subprocess (PEER_VANISH, TRUE, RT_SECRET_STORE_ERROR_NO_SERVICE);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RtSecretStore) store = rt_secret_store_new ();

      /* A session bus address where no bus listens. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/rt-test-bus", TRUE);
      g_unsetenv ("DISPLAY");
      assert_all_fail (store, RT_SECRET_STORE_ERROR, RT_SECRET_STORE_ERROR_NO_SERVICE, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-store/no-service/no-bus", test_no_bus);
  g_test_add_func ("/secret-store/no-service/nobody", test_no_service);
  g_test_add_func ("/secret-store/no-service/failing", test_failing_service);
  g_test_add_func ("/secret-store/no-service/vanishing", test_vanishing_service);

  return g_test_run ();
}
