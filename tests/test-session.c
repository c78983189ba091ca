/* test-session.c: RtSession's sign-in, refresh, 401, sign-out and cancellation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libglib-testing/signal-logger.h>
#include <libsoup/soup.h>

#include "rt-enum-types.h"
#include "rt-session.h"
#include "rt-test-service.h"
#include "rt-test-util.h"

#define WRONG_KEY "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

static const char problem_401_json[] =
  "{\"type\": \"urn:registry-tokens:problem:unauthorized\", \"title\": \"Unauthorized\","
  " \"status\": 401, \"detail\": \"The access key is unknown.\"}";

static const char problem_500_json[] =
  "{\"type\": \"urn:registry-tokens:problem:internal\", \"title\": \"Internal error\","
  " \"status\": 500, \"detail\": \"The server failed.\"}";

typedef struct
{
  RtTestService  *service;
  RtSession      *session;
  GtSignalLogger *logger;
  GArray         *states;     /* RtSessionState, one per notify::state */

  /* An in-process server for what the reference service never answers. */
  SoupServer     *fault_server;
  char           *fault_url;
  guint           me_status;
  guint           tokens_status;
} Fixture;

/* Running a call {{{ */

typedef void     (*StartFunc)  (RtSession *, GCancellable *, GAsyncReadyCallback, gpointer);
typedef gboolean (*FinishFunc) (RtSession *, GAsyncResult *, GError **);

/* Runs a refresh or a retry to its one callback. */
static gboolean
run (Fixture    *fixture,
     StartFunc   start,
     FinishFunc  finish,
     GError    **error)
{
  g_autoptr(GAsyncResult) res = NULL;
  gboolean ok;

  start (fixture->session, NULL, rt_test_async_ready, &res);
  ok = finish (fixture->session, rt_test_wait_result (&res), error);
  g_clear_object (&res);

  return ok;
}

#define refresh(fixture, error) \
  run ((fixture), rt_session_refresh_async, rt_session_refresh_finish, (error))
#define retry(fixture, error) \
  run ((fixture), rt_session_retry_async, rt_session_retry_finish, (error))

/* }}} */
/* Fixture {{{ */

static void
state_changed_cb (RtSession  *session,
                  GParamSpec *pspec,
                  Fixture    *fixture)
{
  RtSessionState state = rt_session_get_state (session);

  g_array_append_val (fixture->states, state);
}

static void
fault_callback (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  const char *fixture_file;
  guint status;

  if (g_str_equal (path, "/api/v1/me"))
    {
      status = fixture->me_status;
      fixture_file = "account.json";
    }
  else if (g_str_equal (path, "/api/v1/tokens"))
    {
      status = fixture->tokens_status;
      fixture_file = "token-page-last.json";
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, status, NULL);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_STATIC,
                                      problem_401_json, strlen (problem_401_json));
  else if (status != SOUP_STATUS_OK)
    soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_STATIC,
                                      problem_500_json, strlen (problem_500_json));
  else
    {
      g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", fixture_file, NULL),
                           &contents, &length, &error);
      g_assert_no_error (error);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        contents, length);
    }
}

static void
start_fault_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;

  fixture->me_status = SOUP_STATUS_OK;
  fixture->tokens_status = SOUP_STATUS_OK;
  fixture->fault_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->fault_server, "/api/v1", fault_callback, fixture, NULL);
  soup_server_listen_local (fixture->fault_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->fault_server);
  g_assert_nonnull (uris);
  url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  fixture->fault_url = rt_session_normalize_server (url);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->service = rt_test_service_start (NULL);
  fixture->session = rt_session_new ();
  fixture->states = g_array_new (FALSE, FALSE, sizeof (RtSessionState));
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->session, "notify::state");
  g_signal_connect (fixture->session, "notify::state", G_CALLBACK (state_changed_cb), fixture);

  g_assert_cmpint (rt_session_get_state (fixture->session), ==, RT_SESSION_STATE_SIGNED_OUT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (fixture->session, fixture);
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&fixture->session));
  g_clear_pointer (&fixture->states, g_array_unref);

  if (fixture->fault_server != NULL)
    soup_server_disconnect (fixture->fault_server);
  g_clear_object (&fixture->fault_server);
  g_clear_pointer (&fixture->fault_url, g_free);

  rt_test_service_stop (fixture->service);
  g_clear_pointer (&fixture->service, rt_test_service_free);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Asserts the notify::state emissions since the last call, in order: the
 * signal logger for their number and source, the states they announced. */
static void
assert_states (Fixture *fixture,
               ...)
{
  va_list args;
  guint n = 0;
  int state;

  va_start (args, fixture);
  while ((state = va_arg (args, int)) != -1)
    {
      GParamSpec *pspec = NULL;

      g_assert_cmpuint (n, <, fixture->states->len);
      g_assert_cmpint (g_array_index (fixture->states, RtSessionState, n), ==, state);
      gt_signal_logger_assert_emission_pop (fixture->logger, fixture->session, "notify::state", &pspec);
      g_assert_cmpstr (g_param_spec_get_name (pspec), ==, "state");
      g_param_spec_unref (pspec);
      n++;
    }
  va_end (args);

  g_assert_cmpuint (fixture->states->len, ==, n);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_array_set_size (fixture->states, 0);
}

static gboolean
is_settled (RtSession *session)
{
  RtSessionState state = rt_session_get_state (session);

  return state != RT_SESSION_STATE_SIGNING_IN && state != RT_SESSION_STATE_LOADING;
}

/* Signs in and waits until the list is read. */
static void
sign_in (Fixture    *fixture,
         const char *server,
         const char *key)
{
  g_autoptr(RtSecret) access_key = rt_secret_new (key, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  rt_session_sign_in_async (fixture->session, server, access_key, NULL, rt_test_async_ready, &res);
  g_assert_true (rt_session_sign_in_finish (fixture->session, rt_test_wait_result (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);

  rt_test_wait_until (is_settled (fixture->session));
}

/* }}} */
/* Tests {{{ */

static void
test_sign_in_success (Fixture       *fixture,
                      gconstpointer  user_data)
{
  RtSession *session = fixture->session;
  g_autofree char *with_slash = g_strconcat (fixture->service->url, "/", NULL);
  g_autoptr(RtSecret) access_key = rt_secret_new (fixture->service->admin_key, -1);
  g_autoptr(GError) error = NULL;
  const char *saved[] = { NULL, NULL };
  GListModel *tokens = G_LIST_MODEL (rt_session_get_tokens (session));
  g_autoptr(RtToken) first = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  rt_session_sign_in_async (session, with_slash, access_key, NULL, rt_test_async_ready, &res);
  g_assert_cmpint (rt_session_get_state (session), ==, RT_SESSION_STATE_SIGNING_IN);
  g_assert_cmpstr (rt_session_get_server (session), ==, fixture->service->url);
  g_assert_nonnull (rt_session_get_client (session));
  g_assert_null (rt_session_get_account (session));

  g_assert_true (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_nonnull (rt_session_get_account (session));
  g_assert_cmpstr (rt_account_get_project_name (rt_session_get_account (session)), ==, "Acme Robotics");

  rt_test_wait_until (is_settled (session));
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);
  g_assert_null (rt_session_get_error (session));
  g_assert_false (rt_session_get_can_retry (session));
  g_assert_cmpuint (g_list_model_get_n_items (tokens), >, 0);

  /* The saved-secret ids mark their tokens, now and when they change. */
  first = g_list_model_get_item (tokens, 0);
  g_assert_false (rt_token_get_has_saved_secret (first));
  saved[0] = rt_token_get_id (first);
  rt_session_set_saved_secret_ids (session, saved);
  g_assert_true (rt_token_get_has_saved_secret (first));
  g_assert_true (rt_session_has_saved_secret (session, rt_token_get_id (first)));

  /* A refresh goes through LOADING again. */
  g_assert_true (refresh (fixture, &error));
  g_assert_no_error (error);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_READY, -1);
  g_assert_true (rt_token_get_has_saved_secret (first));
}

static void
test_sign_in_wrong_key (Fixture       *fixture,
                        gconstpointer  user_data)
{
  RtSession *session = fixture->session;
  g_autoptr(RtSecret) access_key = rt_secret_new (WRONG_KEY, -1);
  g_autoptr(GError) error = NULL;
  const GError *state_error;
  g_autoptr(GAsyncResult) res = NULL;

  rt_session_sign_in_async (session, fixture->service->url, access_key, NULL, rt_test_async_ready, &res);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_object (&res);

  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_ERROR, -1);
  state_error = rt_session_get_error (session);
  g_assert_error (state_error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (state_error->message, ==, error->message);
  /* Nothing to retry with a key that is not accepted. */
  g_assert_false (rt_session_get_can_retry (session));
  g_assert_null (rt_session_get_account (session));
  g_assert_null (rt_session_get_client (session));
  g_assert_cmpstr (rt_session_get_server (session), ==, fixture->service->url);
  g_clear_error (&error);

  /* A URL that is not one never reaches the network. */
  rt_session_sign_in_async (session, "not a url", access_key, NULL, rt_test_async_ready, &res);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_nonnull (error);
  g_clear_object (&res);
  g_assert_cmpint (rt_session_get_state (session), ==, RT_SESSION_STATE_ERROR);
  g_assert_cmpstr (rt_session_get_error (session)->message, ==, error->message);
  /* Still ERROR: no notification. */
  assert_states (fixture, -1);
}

/* GET /me accepts the key, the list then answers 401: signed out, and the
 * error says why, as the window shows it. */
static void
test_unauthorized_while_loading (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  RtSession *session = fixture->session;

  start_fault_server (fixture);
  fixture->tokens_status = SOUP_STATUS_UNAUTHORIZED;

  sign_in (fixture, fixture->fault_url, WRONG_KEY);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_SIGNED_OUT, -1);
  g_assert_error (rt_session_get_error (session), RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (rt_session_get_account (session));
  g_assert_null (rt_session_get_client (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (session))), ==, 0);
  g_assert_cmpstr (rt_session_get_server (session), ==, fixture->fault_url);
}

/* A 401 on a later refresh, and one reported by an action, end the session. */
static void
test_unauthorized_later (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RtSession *session = fixture->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) not_found = g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND, "gone");
  g_autoptr(GError) unauthorized = g_error_new_literal (RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED, "revoked");

  start_fault_server (fixture);
  sign_in (fixture, fixture->fault_url, WRONG_KEY);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);

  fixture->tokens_status = SOUP_STATUS_UNAUTHORIZED;
  g_assert_false (refresh (fixture, &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_SIGNED_OUT, -1);
  g_assert_error (rt_session_get_error (session), RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (rt_session_get_account (session));

  fixture->tokens_status = SOUP_STATUS_OK;
  sign_in (fixture, fixture->fault_url, WRONG_KEY);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);
  g_assert_null (rt_session_get_error (session));

  g_assert_false (rt_session_report_error (session, not_found));
  g_assert_false (rt_session_report_error (session, NULL));
  assert_states (fixture, -1);
  g_assert_true (rt_session_report_error (session, unauthorized));
  assert_states (fixture, RT_SESSION_STATE_SIGNED_OUT, -1);
  g_assert_cmpstr (rt_session_get_error (session)->message, ==, "revoked");
  g_assert_null (rt_session_get_account (session));
}

/* A sign-in that failed for another reason than its key is retried with the
 * same key; a list that could not be read, by reading it again. */
static void
test_error_and_retry (Fixture       *fixture,
                      gconstpointer  user_data)
{
  RtSession *session = fixture->session;
  g_autoptr(RtSecret) access_key = rt_secret_new (WRONG_KEY, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  start_fault_server (fixture);
  fixture->me_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  rt_session_sign_in_async (session, fixture->fault_url, access_key, NULL, rt_test_async_ready, &res);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_ERROR, -1);
  g_assert_true (rt_session_get_can_retry (session));

  /* Back: GET /me again, then the list, which fails with nothing to show. */
  fixture->me_status = SOUP_STATUS_OK;
  fixture->tokens_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_assert_true (retry (fixture, &error));
  g_assert_no_error (error);
  rt_test_wait_until (is_settled (session));
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_ERROR, -1);
  g_assert_error (rt_session_get_error (session), RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_assert_nonnull (rt_session_get_account (session));
  g_assert_true (rt_session_get_can_retry (session));

  fixture->tokens_status = SOUP_STATUS_OK;
  g_assert_true (retry (fixture, &error));
  g_assert_no_error (error);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_READY, -1);
  g_assert_null (rt_session_get_error (session));

  /* With a list shown, a failed refresh keeps it, and says why. */
  fixture->tokens_status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_assert_false (refresh (fixture, &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_READY, -1);
  g_assert_null (rt_session_get_error (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (session))), ==, 1);
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  user_data)
{
  RtSession *session = fixture->session;

  sign_in (fixture, fixture->service->url, fixture->service->member_key);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);

  rt_session_sign_out (session);
  assert_states (fixture, RT_SESSION_STATE_SIGNED_OUT, -1);
  g_assert_null (rt_session_get_error (session));
  g_assert_null (rt_session_get_account (session));
  g_assert_null (rt_session_get_client (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (session))), ==, 0);
  /* Kept for signing in again. */
  g_assert_cmpstr (rt_session_get_server (session), ==, fixture->service->url);

  /* Again signs in anew. */
  sign_in (fixture, fixture->service->url, fixture->service->member_key);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);
  g_assert_cmpstr (rt_account_get_user_name (rt_session_get_account (session)), ==, "Mia Member");
}

/* Cancelled by the caller, or by a sign-out: G_IO_ERROR_CANCELLED, once. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  RtSession *session = fixture->session;
  g_autoptr(RtSecret) access_key = rt_secret_new (fixture->service->admin_key, -1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) refresh_cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) res = NULL;

  rt_session_sign_in_async (session, fixture->service->url, access_key, cancellable, rt_test_async_ready, &res);
  g_cancellable_cancel (cancellable);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_SIGNED_OUT, -1);
  g_assert_null (rt_session_get_client (session));

  /* An already cancelled cancellable. */
  rt_session_sign_in_async (session, fixture->service->url, access_key, cancellable, rt_test_async_ready, &res);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_SIGNED_OUT, -1);

  /* Signing out while signing in. */
  rt_session_sign_in_async (session, fixture->service->url, access_key, NULL, rt_test_async_ready, &res);
  rt_session_sign_out (session);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_SIGNED_OUT, -1);

  /* A new sign-in supersedes the running one. */
  rt_session_sign_in_async (session, fixture->service->url, access_key, NULL, rt_test_async_ready, &res);
  sign_in (fixture, fixture->service->url, fixture->service->member_key);
  g_assert_false (rt_session_sign_in_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_SIGNING_IN, RT_SESSION_STATE_LOADING,
                 RT_SESSION_STATE_READY, -1);
  g_assert_cmpstr (rt_account_get_user_name (rt_session_get_account (session)), ==, "Mia Member");

  /* A cancelled refresh leaves the list as it was. */
  rt_session_refresh_async (session, refresh_cancellable, rt_test_async_ready, &res);
  g_cancellable_cancel (refresh_cancellable);
  g_assert_false (rt_session_refresh_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_READY, -1);
  g_assert_nonnull (rt_session_get_account (session));

  /* A refresh superseded by another. */
  rt_session_refresh_async (session, NULL, rt_test_async_ready, &res);
  {
    g_autoptr(GAsyncResult) second = NULL;

    rt_session_refresh_async (session, NULL, rt_test_async_ready, &second);
    g_assert_true (rt_session_refresh_finish (session, rt_test_wait_result (&second), &error));
    g_assert_no_error (error);
    g_clear_object (&second);
  }
  g_assert_false (rt_session_refresh_finish (session, rt_test_wait_result (&res), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&res);
  assert_states (fixture, RT_SESSION_STATE_LOADING, RT_SESSION_STATE_READY, -1);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/session/sign-in/success", test_sign_in_success);
  ADD ("/session/sign-in/wrong-key", test_sign_in_wrong_key);
  ADD ("/session/unauthorized/while-loading", test_unauthorized_while_loading);
  ADD ("/session/unauthorized/later", test_unauthorized_later);
  ADD ("/session/error-and-retry", test_error_and_retry);
  ADD ("/session/sign-out", test_sign_out);
  ADD ("/session/cancel", test_cancel);

#undef ADD

  return g_test_run ();
}
