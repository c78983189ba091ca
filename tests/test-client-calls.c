/* test-client-calls.c: RtClient's calls against a scripted server: creates, deletes, cancels, lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-service-user.h"
#include "rt-test-fault-server.h"
#include "rt-test-util.h"

static void
test_lost_create_reply (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;
  const char *key0, *key1;

  SCRIPT (fixture, { ACTION_CREATE });
  fixture->lose_first_reply = TRUE;
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (fixture->client, result, &secret, &problem, &error);
  g_assert_no_error (error);
  g_assert_null (problem);
  g_assert_nonnull (token);
  g_assert_cmpstr (rt_token_get_name (token), ==, "laptop");

  /* One token made; the secret is the one drawn for it, replayed. */
  g_assert_true (fixture->lost_reply);
  g_assert_cmpuint (fixture->n_created, ==, 1);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
  g_assert_true (g_str_has_prefix (rt_secret_get (secret, NULL), "rtsec_"));

  /* Same key, same body, both times. */
  key0 = g_ptr_array_index (fixture->idempotency_keys, 0);
  key1 = g_ptr_array_index (fixture->idempotency_keys, 1);
  g_assert_true (g_uuid_string_is_valid (key0));
  g_assert_cmpstr (key0, ==, key1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (fixture->bodies, 0),
                                g_ptr_array_index (fixture->bodies, 1)));
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==, "POST /api/v1/tokens");
  g_clear_object (&result);
}

/* The reply to a create is lost and the service restarts before the retry:
 * the token exists, its secret is gone, and that is no name conflict. */
static void
test_create_secret_unavailable (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_DROP },
          { ACTION_REPLY, SOUP_STATUS_CONFLICT, "application/problem+json",
            problem_secret_unavailable_json });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  token = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SECRET_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The token was created, but its secret could not be "
                   "shown again. Re-generate it to get a new secret.");
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
}

/* A token without its secret is refused as a broken reply, by create and by
 * re-generate alike: the app never holds a new token it cannot show. */
static void
test_token_without_secret (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(RtToken) created = NULL;
  g_autoptr(RtToken) regenerated = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_CREATED, "application/json",
            "{\"token\": " TOKEN_JSON ("tok_1", "laptop") "}" },
          { ACTION_REPLY, SOUP_STATUS_OK, "application/json",
            "{\"token\": " TOKEN_JSON ("tok_1", "laptop") "}" });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  created = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (created);
  g_assert_null (secret);
  g_clear_error (&error);
  g_clear_object (&async_result);

  rt_client_regenerate_secret_async (fixture->client, "tok_1", NULL, rt_test_async_ready,
                                     &async_result);
  rt_test_wait_result (&async_result);
  regenerated = rt_client_regenerate_secret_finish (fixture->client, async_result, &secret, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (regenerated);
  g_assert_null (secret);
}

static void
test_create_key_per_call (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_CREATE });
  make_client (fixture, NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RtToken) token = NULL;
      g_autoptr(RtSecret) secret = NULL;
      g_autoptr(GError) error = NULL;

      rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                    NULL, rt_test_async_ready, &result);
      rt_test_wait_result (&result);
      token = rt_client_create_token_finish (fixture->client, result, &secret, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
      g_clear_object (&result);
    }

  /* Two user actions: two keys, two tokens. */
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpuint (fixture->n_created, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->idempotency_keys, 0), !=,
                   g_ptr_array_index (fixture->idempotency_keys, 1));
}

static void
test_post_status_not_retried (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain", "busy" });
  make_client (fixture, NULL);

  rt_client_regenerate_secret_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_regenerate_secret_finish (fixture->client, result, &secret, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_SERVER);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==,
                   "POST /api/v1/tokens/tok_1/regenerate-secret");
  g_assert_true (g_uuid_string_is_valid (g_ptr_array_index (fixture->idempotency_keys, 0)));
  g_clear_object (&result);
}

static void
test_post_dropped_twice (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_DROP });
  make_client (fixture, NULL);

  rt_client_resync_products_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_resync_products_finish (fixture->client, result, NULL, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_null (token);
  /* A POST is retried once only. */
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->idempotency_keys, 0), ==,
                   g_ptr_array_index (fixture->idempotency_keys, 1));
  g_clear_object (&result);
}

static void
test_delete_retried (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture,
          { ACTION_REPLY, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL, NULL },
          { ACTION_REPLY, SOUP_STATUS_NO_CONTENT, NULL, NULL });
  make_client (fixture, NULL);

  rt_client_delete_token_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==, "DELETE /api/v1/tokens/tok_1");
  g_clear_object (&result);
}

static void
test_delete_any_success (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Not the 204 the API promises, but the token is gone all the same. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "text/plain", "deleted" });
  make_client (fixture, NULL);

  rt_client_delete_token_async (fixture->client, "tok_1", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (fixture->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
}

static void
test_cancel_in_flight (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_HOLD });
  fixture->hold_ms = 500;
  make_client (fixture, NULL);

  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &result);

  rt_test_wait_until (fixture->n_requests > 0);

  /* The server holds the reply now. */
  g_assert_null (result);
  g_cancellable_cancel (cancellable);

  rt_test_wait_result (&result);
  account = rt_client_get_me_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (account);

  /* The held reply goes out after 500 ms: nothing more may happen. */
  rt_test_run_for (800);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
  /* The teardown checks that the client finalizes. */
}

static void
test_cancel_before (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", "{\"service_users\": []}" });
  make_client (fixture, NULL);

  g_cancellable_cancel (cancellable);
  rt_client_list_service_users_async (fixture->client, cancellable, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  users = rt_client_list_service_users_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (users);

  rt_test_run_for (100);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
  g_clear_object (&result);
}

static void
test_cancel_after_reply (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", me_json });
  make_client (fixture, NULL);

  /* The reply is in, and the caller cancelled before calling _finish: what
   * arrived is still handed out. */
  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_cancellable_cancel (cancellable);
  account = rt_client_get_me_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  assert_me (account);
  g_clear_object (&result);
}

static void
test_cancel_after_create_reply (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;

  SCRIPT (fixture, { ACTION_CREATE });
  make_client (fixture, NULL);

  /* The token exists once the server replied: cancelling then must not lose
   * its secret, which is never sent again. */
  rt_client_create_token_async (fixture->client, "laptop", RT_TOKEN_TYPE_USER, NULL,
                                cancellable, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  g_cancellable_cancel (cancellable);
  token = rt_client_create_token_finish (fixture->client, async_result, &secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_new");
  g_assert_nonnull (secret);
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, fixture->last_secret);
  g_assert_cmpuint (fixture->n_created, ==, 1);
}

static void
test_cancel_after_error_reply (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_FOUND, "application/problem+json", "{}" });
  make_client (fixture, NULL);

  /* A failure that arrived before the cancellation no longer matters. */
  rt_client_get_me_async (fixture->client, cancellable, rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  g_cancellable_cancel (cancellable);
  account = rt_client_get_me_finish (fixture->client, async_result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (account);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_UNAUTHORIZED, "application/problem+json", problem_401_json });
  make_client (fixture, NULL);

  account = get_me (fixture, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==,
                   "The access key was not accepted. Sign in again with a valid key. "
                   "The server said: The access key is unknown.");
  g_assert_cmpuint (fixture->n_requests, ==, 1);
}

static void
test_not_found_messages (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  /* Not problem+json: a plain 404 from something that is not the API. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_FOUND, "text/html", "<h1>Not Found</h1>" });
  make_client (fixture, NULL);

  rt_client_get_token_async (fixture->client, "tok_gone", NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_get_token_finish (fixture->client, result, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "token no longer exists"));
  g_clear_object (&result);

  account = get_me (fixture, &error2);
  g_assert_error (error2, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error2->message, "Check the server address"));
}

static void
test_invalid_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_UNPROCESSABLE_ENTITY, "application/problem+json", problem_422_json });
  make_client (fixture, NULL);

  rt_client_create_token_async (fixture->client, "-bad", RT_TOKEN_TYPE_USER, NULL,
                                NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (fixture->client, result, &secret, &problem, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_true (g_str_has_suffix (error->message,
                                   "The token name must start with a letter or a digit."));
  g_assert_nonnull (problem);
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 422);
  g_assert_cmpstr (rt_problem_get_field_error (problem, "name"), ==,
                   "must start with a letter or a digit");
  /* A status is not a transport failure: not retried, even for a POST. */
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_object (&result);
}

static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(RtTokenPage) again = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_OK, "application/json", page_json, NULL, "\"v1\"" });
  make_client (fixture, NULL);

  rt_client_list_tokens_page_async (fixture->client, NULL, 2, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (rt_token_page_get_not_modified (page));
  g_assert_cmpuint (rt_token_page_get_tokens (page)->len, ==, 2);
  g_assert_cmpuint (rt_token_page_get_total (page), ==, 3);
  g_assert_cmpstr (rt_token_page_get_next_page_token (page), ==, "cGFnZTI");
  g_assert_cmpstr (rt_token_page_get_etag (page), ==, "\"v1\"");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, "GET /api/v1/tokens?page_size=2");

  rt_client_list_tokens_page_async (fixture->client, "cGFnZTI", 2, rt_token_page_get_etag (page),
                                    NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  again = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (rt_token_page_get_not_modified (again));
  g_assert_cmpuint (rt_token_page_get_tokens (again)->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (fixture->if_none_matches, 1), ==, "\"v1\"");
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 1), ==,
                   "GET /api/v1/tokens?page_size=2&page_token=cGFnZTI");
}

static void
test_unsolicited_not_modified (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* A 304 to a request without If-None-Match makes no sense. */
  SCRIPT (fixture, { ACTION_REPLY, SOUP_STATUS_NOT_MODIFIED, NULL, NULL });
  make_client (fixture, NULL);

  rt_client_list_tokens_page_async (fixture->client, NULL, 0, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (fixture->client, result, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_null (page);
  g_assert_cmpstr (g_ptr_array_index (fixture->requests, 0), ==, "GET /api/v1/tokens");
  g_clear_object (&result);
}

/* The whole list, page after page ----------------------------------------- */

#define WALK_TOKEN(id) \
  "{\"id\":\"" id "\",\"name\":\"n-" id "\",\"type\":\"user\"," \
  "\"username\":\"acme+n-" id "\",\"status\":\"active\"," \
  "\"created_at\":\"2026-11-01T00:00:00Z\",\"subscription_end_date\":\"2027-01-01\"," \
  "\"products\":[],\"created_by\":\"Ada\",\"created_for\":\"Ada\",\"last_used_at\":null}"

typedef enum {
  WALK_LINKS,          /* Link headers that match the bodies */
  WALK_NO_LINKS,       /* no Link header: the client follows the bodies */
  WALK_WRONG_LINK,     /* page 1's Link names another page than its body */
} WalkServerMode;

typedef struct
{
  WalkServerMode  mode;
  GPtrArray      *requested;   /* page_token of each request, "" for the first */
  GPtrArray      *delivered;   /* ids of each delivered page's first token */
} WalkFixture;

static void
walk_server_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  WalkFixture *f = user_data;
  const char *page_token = query != NULL ? g_hash_table_lookup (query, "page_token") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *body;
  const char *next = NULL;

  g_ptr_array_add (f->requested, g_strdup (page_token != NULL ? page_token : ""));

  if (page_token == NULL)
    {
      body = "{\"tokens\":[" WALK_TOKEN ("tok_3") "],\"next_page_token\":\"p2\",\"total\":3}";
      next = f->mode == WALK_WRONG_LINK ? "p9" : "p2";
    }
  else if (g_str_equal (page_token, "p2"))
    {
      body = "{\"tokens\":[" WALK_TOKEN ("tok_2") "],\"next_page_token\":\"p3\",\"total\":3}";
      next = "p3";
    }
  else if (g_str_equal (page_token, "p3"))
    body = "{\"tokens\":[" WALK_TOKEN ("tok_1") "],\"next_page_token\":null,\"total\":3}";
  else
    body = "{\"tokens\":[],\"next_page_token\":null,\"total\":3}";

  if (next != NULL && f->mode != WALK_NO_LINKS)
    {
      g_autofree char *link = g_strdup_printf ("<https://example.org/elsewhere>; rel=\"help\", "
                                               "</api/v1/tokens?page_size=1&page_token=%s>; "
                                               "rel=\"next\"", next);

      soup_message_headers_replace (headers, "Link", link);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
walk_page_cb (RtTokenPage *page,
              gpointer     user_data)
{
  WalkFixture *f = user_data;
  GPtrArray *tokens = rt_token_page_get_tokens (page);

  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpint (rt_token_page_get_requested_at (page), >, 0);
  g_ptr_array_add (f->delivered, g_strdup (rt_token_get_id (g_ptr_array_index (tokens, 0))));
}

static gboolean
walk (WalkServerMode   mode,
      WalkFixture     *f,
      GError         **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RtSecret) key = rt_secret_new (TEST_KEY, -1);
  g_autoptr(RtClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  GSList *uris;
  gboolean walked;

  f->mode = mode;
  soup_server_add_handler (server, "/api/v1/tokens", walk_server_cb, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error);
  g_assert_no_error (local_error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = rt_client_new (url, key, NULL, &local_error);
  g_assert_no_error (local_error);

  rt_client_list_tokens_async (client, 1, 1, NULL, walk_page_cb, f, NULL, NULL,
                               rt_test_async_ready, &async_result);
  rt_test_wait_result (&async_result);
  walked = rt_client_list_tokens_finish (client, async_result, error);

  /* A page asked for early, and cancelled with the walk, lets go of the
   * client once its cancellation has run. */
  g_clear_object (&async_result);
  {
    gpointer weak = client;

    g_object_add_weak_pointer (G_OBJECT (client), &weak);
    g_clear_object (&client);
    rt_test_wait_until (weak == NULL);
  }

  return walked;
}

static void
walk_fixture_init (WalkFixture *f)
{
  f->requested = g_ptr_array_new_with_free_func (g_free);
  f->delivered = g_ptr_array_new_with_free_func (g_free);
}

static void
walk_fixture_clear (WalkFixture *f)
{
  g_clear_pointer (&f->requested, g_ptr_array_unref);
  g_clear_pointer (&f->delivered, g_ptr_array_unref);
}

static char *
join (GPtrArray *strings)
{
  g_ptr_array_add (strings, NULL);
  g_ptr_array_remove_index (strings, strings->len - 1);
  return g_strjoinv (",", (char **) strings->pdata);
}

/* Each page is asked for once, and delivered in order, whether the server
 * names the next page early in a Link header or only in the body. */
static void
test_walk (gconstpointer data)
{
  WalkServerMode mode = GPOINTER_TO_INT (data);
  WalkFixture f = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *delivered = NULL;

  walk_fixture_init (&f);
  g_assert_true (walk (mode, &f, &error));
  g_assert_no_error (error);

  requested = join (f.requested);
  delivered = join (f.delivered);
  g_assert_cmpstr (requested, ==, ",p2,p3");
  g_assert_cmpstr (delivered, ==, "tok_3,tok_2,tok_1");

  walk_fixture_clear (&f);
}

/* A Link header that names another page than the body is a broken server. */
static void
test_walk_wrong_link (void)
{
  WalkFixture f = { 0, };
  g_autoptr(GError) error = NULL;

  walk_fixture_init (&f);
  g_assert_false (walk (WALK_WRONG_LINK, &f, &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (f.delivered->len, ==, 1);

  walk_fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  RT_TEST_FAULTS_ADD ("lost-create-reply", test_lost_create_reply);
  RT_TEST_FAULTS_ADD ("create-secret-unavailable", test_create_secret_unavailable);
  RT_TEST_FAULTS_ADD ("token-without-secret", test_token_without_secret);
  RT_TEST_FAULTS_ADD ("create-key-per-call", test_create_key_per_call);
  RT_TEST_FAULTS_ADD ("post-status-not-retried", test_post_status_not_retried);
  RT_TEST_FAULTS_ADD ("post-dropped-twice", test_post_dropped_twice);
  RT_TEST_FAULTS_ADD ("delete-retried", test_delete_retried);
  RT_TEST_FAULTS_ADD ("delete-any-success", test_delete_any_success);
  RT_TEST_FAULTS_ADD ("cancel-in-flight", test_cancel_in_flight);
  RT_TEST_FAULTS_ADD ("cancel-before", test_cancel_before);
  RT_TEST_FAULTS_ADD ("cancel-after-reply", test_cancel_after_reply);
  RT_TEST_FAULTS_ADD ("cancel-after-create-reply", test_cancel_after_create_reply);
  RT_TEST_FAULTS_ADD ("cancel-after-error-reply", test_cancel_after_error_reply);
  RT_TEST_FAULTS_ADD ("unauthorized", test_unauthorized);
  RT_TEST_FAULTS_ADD ("not-found-messages", test_not_found_messages);
  RT_TEST_FAULTS_ADD ("invalid-fields", test_invalid_fields);
  RT_TEST_FAULTS_ADD ("not-modified", test_not_modified);
  RT_TEST_FAULTS_ADD ("unsolicited-not-modified", test_unsolicited_not_modified);
  g_test_add_data_func ("/client-faults/walk/links", GINT_TO_POINTER (WALK_LINKS), test_walk);
  g_test_add_data_func ("/client-faults/walk/no-links", GINT_TO_POINTER (WALK_NO_LINKS), test_walk);
  g_test_add_func ("/client-faults/walk/wrong-link", test_walk_wrong_link);

  return g_test_run ();
}
