/* test-client.c: RtClient against the reference registry-token-service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-client.h"
#include "rt-service-user.h"
#include "rt-subscription.h"
#include "rt-test-service.h"
#include "rt-test-util.h"

/* Every test starts its own service with the demo data, at a fixed time:
 * member Mia sees 3 tokens, admin Ada all 6. */

#define NOW "2026-11-18T12:00:00Z"

typedef struct
{
  RtTestService *service;
  RtClient      *member;
  RtClient      *admin;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->service = rt_test_service_start (NOW);
  g_assert_nonnull (fixture->service);
  g_assert_true (g_str_has_prefix (fixture->service->url, "http://127.0.0.1:"));

  fixture->member = rt_test_new_client (fixture->service->url, fixture->service->member_key);
  fixture->admin = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->member);
  g_assert_finalize_object (fixture->admin);
  g_clear_pointer (&fixture->service, rt_test_service_free);

  /* Let libsoup wind down what it still had going (closed connections). */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Synchronous wrappers, so that the tests read as a story. */

static RtAccount *
get_me (RtClient  *client,
        GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RtAccount *account;

  rt_client_get_me_async (client, NULL, rt_test_async_ready, &result);
  account = rt_client_get_me_finish (client, rt_test_wait_result (&result), error);
  g_clear_object (&result);

  return account;
}

static RtTokenPage *
list_page (RtClient    *client,
           const char  *page_token,
           guint        page_size,
           const char  *etag,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RtTokenPage *page;

  rt_client_list_tokens_page_async (client, page_token, page_size, etag, NULL, rt_test_async_ready, &result);
  page = rt_client_list_tokens_page_finish (client, rt_test_wait_result (&result), error);
  g_clear_object (&result);

  return page;
}

static RtToken *
get_token (RtClient    *client,
           const char  *id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RtToken *token;

  rt_client_get_token_async (client, id, NULL, rt_test_async_ready, &result);
  token = rt_client_get_token_finish (client, rt_test_wait_result (&result), error);
  g_clear_object (&result);

  return token;
}

static RtToken *
create_token (RtClient     *client,
              const char   *name,
              RtTokenType   type,
              const char   *service_user_id,
              RtSecret    **secret,
              RtProblem   **problem,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RtToken *token;

  rt_client_create_token_async (client, name, type, service_user_id, NULL, rt_test_async_ready, &result);
  token = rt_client_create_token_finish (client, rt_test_wait_result (&result), secret, problem, error);
  g_clear_object (&result);

  return token;
}

static gboolean
delete_token (RtClient    *client,
              const char  *id,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean deleted;

  rt_client_delete_token_async (client, id, NULL, rt_test_async_ready, &result);
  deleted = rt_client_delete_token_finish (client, rt_test_wait_result (&result), error);
  g_clear_object (&result);

  return deleted;
}

static const char *
token_name_at (RtTokenPage *page,
               guint        i)
{
  GPtrArray *tokens = rt_token_page_get_tokens (page);

  g_assert_cmpuint (i, <, tokens->len);

  return rt_token_get_name (g_ptr_array_index (tokens, i));
}

static gboolean
has_product (GListModel *products,
             const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(RtProduct) product = g_list_model_get_item (products, i);

      if (g_strcmp0 (rt_product_get_id (product), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_me (Fixture       *fixture,
         gconstpointer  data)
{
  g_autoptr(RtAccount) member = NULL;
  g_autoptr(RtAccount) admin = NULL;
  g_autoptr(GError) error = NULL;

  member = get_me (fixture->member, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_account_get_user_id (member), ==, "u_mia");
  g_assert_cmpstr (rt_account_get_user_name (member), ==, "Mia Member");
  g_assert_cmpstr (rt_account_get_user_email (member), ==, "mia@acme.example");
  g_assert_cmpstr (rt_account_get_project_id (member), ==, "acme");
  g_assert_cmpstr (rt_account_get_project_name (member), ==, "Acme Robotics");
  g_assert_cmpint (rt_account_get_role (member), ==, RT_ROLE_MEMBER);
  g_assert_cmpstr (rt_account_get_registry (member), ==, "registry.example.test");

  admin = get_me (fixture->admin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_account_get_user_id (admin), ==, "u_ada");
  g_assert_cmpint (rt_account_get_role (admin), ==, RT_ROLE_ADMIN);
  g_assert_cmpstr (rt_account_get_project_id (admin), ==, "acme");
}

static void
test_added_key (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *key = rt_test_service_add_key (fixture->service, "admin");
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RtClient *client;

  g_assert_true (g_str_has_prefix (key, "rtkey_"));
  client = rt_test_new_client (fixture->service->url, key);
  account = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rt_account_get_role (account), ==, RT_ROLE_ADMIN);
  g_assert_finalize_object (client);
}

static void
test_subscriptions (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  g_autoptr(GError) error = NULL;
  RtSubscription *platform;

  rt_client_list_subscriptions_async (fixture->member, NULL, rt_test_async_ready, &result);
  subscriptions = rt_client_list_subscriptions_finish (fixture->member, rt_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  /* Expired ones included, ordered by end date. */
  g_assert_cmpuint (subscriptions->len, ==, 3);
  g_assert_cmpstr (rt_subscription_get_id (g_ptr_array_index (subscriptions, 0)), ==, "sub_legacy");
  g_assert_cmpstr (rt_subscription_get_id (g_ptr_array_index (subscriptions, 1)), ==, "sub_vision");
  platform = g_ptr_array_index (subscriptions, 2);
  g_assert_cmpstr (rt_subscription_get_id (platform), ==, "sub_platform");
  g_assert_cmpuint (g_list_model_get_n_items (rt_subscription_get_products (platform)), ==, 3);
  g_assert_true (has_product (rt_subscription_get_products (platform), "data-lake"));
}

static void
test_service_users (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_deploy = FALSE;
  gboolean saw_ci = FALSE;

  rt_client_list_service_users_async (fixture->admin, NULL, rt_test_async_ready, &result);
  users = rt_client_list_service_users_finish (fixture->admin, rt_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);

  for (guint i = 0; i < users->len; i++)
    {
      RtServiceUser *user = g_ptr_array_index (users, i);

      if (g_str_equal (rt_service_user_get_id (user), "svc_deploy"))
        {
          g_assert_cmpstr (rt_service_user_get_name (user), ==, "deploy-bot");
          saw_deploy = TRUE;
        }
      else if (g_str_equal (rt_service_user_get_id (user), "svc_ci"))
        {
          g_assert_cmpstr (rt_service_user_get_name (user), ==, "ci-bot");
          saw_ci = TRUE;
        }
    }
  g_assert_true (saw_deploy && saw_ci);

  /* Members may not see them. */
  rt_client_list_service_users_async (fixture->member, NULL, rt_test_async_ready, &result);
  refused = rt_client_list_service_users_finish (fixture->member, rt_test_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_FORBIDDEN);
  g_assert_null (refused);
  g_assert_true (g_str_has_prefix (error->message, "Your role in this project does not allow this."));
}

static void
test_list_pages (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RtTokenPage) first = NULL;
  g_autoptr(RtTokenPage) second = NULL;
  g_autoptr(RtTokenPage) all = NULL;
  g_autoptr(GError) error = NULL;

  first = list_page (fixture->member, NULL, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rt_token_page_get_not_modified (first));
  g_assert_cmpuint (rt_token_page_get_total (first), ==, 3);
  g_assert_cmpuint (rt_token_page_get_tokens (first)->len, ==, 2);
  /* Newest first. */
  g_assert_cmpstr (token_name_at (first, 0), ==, "ci-pipeline");
  g_assert_cmpstr (token_name_at (first, 1), ==, "staging-pull");
  g_assert_nonnull (rt_token_page_get_next_page_token (first));
  g_assert_nonnull (rt_token_page_get_etag (first));

  second = list_page (fixture->member, rt_token_page_get_next_page_token (first), 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rt_token_page_get_total (second), ==, 3);
  g_assert_cmpuint (rt_token_page_get_tokens (second)->len, ==, 1);
  g_assert_cmpstr (token_name_at (second, 0), ==, "laptop-mia");
  g_assert_null (rt_token_page_get_next_page_token (second));

  all = list_page (fixture->admin, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rt_token_page_get_total (all), ==, 6);
  g_assert_cmpuint (rt_token_page_get_tokens (all)->len, ==, 6);
  g_assert_null (rt_token_page_get_next_page_token (all));
}

static void
test_list_invalid_page_size (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = list_page (fixture->member, NULL, 1001, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID);
  g_assert_null (page);
}

static void
test_etag (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(RtTokenPage) unchanged = NULL;
  g_autoptr(RtTokenPage) changed = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag;

  page = list_page (fixture->member, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  etag = rt_token_page_get_etag (page);
  g_assert_nonnull (etag);

  unchanged = list_page (fixture->member, NULL, 0, etag, &error);
  g_assert_no_error (error);
  g_assert_true (rt_token_page_get_not_modified (unchanged));
  g_assert_cmpuint (rt_token_page_get_tokens (unchanged)->len, ==, 0);

  token = create_token (fixture->member, "etag-probe", RT_TOKEN_TYPE_USER, NULL, &secret, NULL, &error);
  g_assert_no_error (error);

  changed = list_page (fixture->member, NULL, 0, etag, &error);
  g_assert_no_error (error);
  g_assert_false (rt_token_page_get_not_modified (changed));
  g_assert_cmpuint (rt_token_page_get_total (changed), ==, 4);
  g_assert_cmpstr (token_name_at (changed, 0), ==, "etag-probe");
  g_assert_cmpstr (rt_token_page_get_etag (changed), !=, etag);
}

static void
test_get_token (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) hidden = NULL;
  g_autoptr(RtToken) seen_by_admin = NULL;
  g_autoptr(GError) error = NULL;

  token = get_token (fixture->member, "tok_demo1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_demo1");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+ci-pipeline");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 4);
  g_assert_nonnull (rt_token_get_last_used_at (token));

  /* Ada's service token is not Mia's to see: 404, not 403. */
  hidden = get_token (fixture->member, "tok_demo4", &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (hidden);
  g_clear_error (&error);

  seen_by_admin = get_token (fixture->admin, "tok_demo4", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rt_token_get_token_type (seen_by_admin), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpstr (rt_token_get_created_for (seen_by_admin), ==, "deploy-bot");
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) fetched = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->member, "build-agent", RT_TOKEN_TYPE_USER, NULL,
                        &secret, &problem, &error);
  g_assert_no_error (error);
  g_assert_null (problem);
  g_assert_cmpstr (rt_token_get_name (token), ==, "build-agent");
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+build-agent");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "Mia Member");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  g_assert_nonnull (secret);
  g_assert_true (g_str_has_prefix (rt_secret_get (secret, NULL), "rtsec_"));
  g_assert_cmpuint (rt_secret_get_len (secret), ==, strlen ("rtsec_") + 43);

  fetched = get_token (fixture->member, rt_token_get_id (token), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_name (fetched), ==, "build-agent");
}

static void
count_connection_cb (SoupMessage        *message,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  guint *n_connections = user_data;

  if (event == G_SOCKET_CLIENT_COMPLETE)
    (*n_connections)++;
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  g_signal_connect (message, "network-event", G_CALLBACK (count_connection_cb), user_data);
}

/* Many creates in a row all succeed (the service used to count every
 * connection a client had closed against its cap of 256 and answer 503),
 * and they share a kept-alive connection rather than making one each. */
static void
test_create_many (Fixture       *fixture,
                  gconstpointer  data)
{
  enum { N_TOKENS = 300 };
  SoupSession *session = rt_client_get_session (fixture->member);
  guint n_connections = 0;
  gulong queued_id = g_signal_connect (session, "request-queued",
                                       G_CALLBACK (request_queued_cb), &n_connections);

  for (guint i = 0; i < N_TOKENS; i++)
    {
      g_autofree char *name = g_strdup_printf ("bulk-%03u", i);
      g_autoptr(RtToken) token = NULL;
      g_autoptr(RtSecret) secret = NULL;
      g_autoptr(RtProblem) problem = NULL;
      g_autoptr(GError) error = NULL;

      token = create_token (fixture->member, name, RT_TOKEN_TYPE_USER, NULL,
                            &secret, &problem, &error);
      g_assert_no_error (error);
      g_assert_null (problem);
      g_assert_cmpstr (rt_token_get_name (token), ==, name);
      g_assert_nonnull (secret);
    }

  g_signal_handler_disconnect (session, queued_id);
  g_test_message ("create-many: %u tokens created over %u connections", N_TOKENS, n_connections);
  g_assert_cmpuint (n_connections, >=, 1);
  g_assert_cmpuint (n_connections, <=, 2);
}

/* After the service has closed the kept-alive connection (here after 1 s
 * idle), the next create makes a new one and succeeds. */
static void
test_create_after_idle_close (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *args[] = { "--request-timeout", "1", NULL };
  g_autoptr(RtTestService) service = rt_test_service_start_full (NOW, args, 0);
  g_autoptr(RtClient) client = rt_test_new_client (service->url, service->member_key);
  guint n_connections = 0;
  guint n_idle_descriptors;

  g_signal_connect (rt_client_get_session (client), "request-queued",
                    G_CALLBACK (request_queued_cb), &n_connections);
  n_idle_descriptors = rt_test_service_count_descriptors (service);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("after-idle-%u", i);
      g_autoptr(RtToken) token = NULL;
      g_autoptr(RtSecret) secret = NULL;
      g_autoptr(GError) error = NULL;

      token = create_token (client, name, RT_TOKEN_TYPE_USER, NULL, &secret, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (secret);

      rt_test_wait_until (rt_test_service_count_descriptors (service) == n_idle_descriptors);
    }

  g_assert_cmpuint (n_connections, ==, 2);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_create_service_token (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) refused = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtSecret) no_secret = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->admin, "ci-deployer", RT_TOKEN_TYPE_SERVICE, "svc_ci",
                        &secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "ci-bot");
  g_assert_true (g_str_has_prefix (rt_secret_get (secret, NULL), "rtsec_"));

  refused = create_token (fixture->member, "mia-deployer", RT_TOKEN_TYPE_SERVICE, "svc_ci",
                          &no_secret, NULL, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_FORBIDDEN);
  g_assert_null (refused);
  g_assert_null (no_secret);
}

static void
test_create_conflict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  /* Names compare case-insensitively. */
  token = create_token (fixture->member, "CI-Pipeline", RT_TOKEN_TYPE_USER, NULL,
                        &secret, &problem, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_CONFLICT);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_true (g_str_has_prefix (error->message,
                                   "A token with this name already exists in the project. "
                                   "Choose another name. The server said: "));
  g_assert_nonnull (problem);
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 409);
  g_assert_true (rt_problem_has_kind (problem, "conflict"));
}

static void
test_create_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->member, "-bad", RT_TOKEN_TYPE_USER, NULL,
                        &secret, &problem, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_INVALID);
  g_assert_null (token);
  g_assert_null (secret);
  g_assert_true (g_str_has_prefix (error->message, "The server did not accept the request."));
  g_assert_nonnull (problem);
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 422);
  g_assert_nonnull (rt_problem_get_field_error (problem, "name"));
  /* The detail the message ends with is the server's. */
  g_assert_nonnull (rt_problem_get_detail (problem));
  g_assert_true (g_str_has_suffix (error->message, rt_problem_get_detail (problem)));
}

static void
test_regenerate (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) regenerated = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtSecret) new_secret = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->member, "rotating", RT_TOKEN_TYPE_USER, NULL, &secret, NULL, &error);
  g_assert_no_error (error);

  rt_client_regenerate_secret_async (fixture->member, rt_token_get_id (token), NULL, rt_test_async_ready, &result);
  regenerated = rt_client_regenerate_secret_finish (fixture->member, rt_test_wait_result (&result),
                                                    &new_secret, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (regenerated), ==, rt_token_get_id (token));
  g_assert_true (g_str_has_prefix (rt_secret_get (new_secret, NULL), "rtsec_"));
  g_assert_false (rt_secret_equal (secret, new_secret));
}

static void
test_resync (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) before = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;

  /* A new subscription reaches the token only through re-sync. */
  rt_test_service_subscribe (fixture->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");
  before = get_token (fixture->member, "tok_demo1", &error);
  g_assert_no_error (error);
  g_assert_false (has_product (rt_token_get_products (before), "robot-arm"));

  rt_client_resync_products_async (fixture->member, "tok_demo1", NULL, rt_test_async_ready, &result);
  token = rt_client_resync_products_finish (fixture->member, rt_test_wait_result (&result),
                                            &added, &removed, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_demo1");
  g_assert_true (has_product (rt_token_get_products (token), "robot-arm"));

  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpstr (rt_product_get_id (g_ptr_array_index (added, 0)), ==, "robot-arm");
  g_assert_cmpstr (rt_product_get_name (g_ptr_array_index (added, 0)), ==, "Robot Arm");
  g_assert_cmpuint (removed->len, ==, 0);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) gone = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;

  token = create_token (fixture->member, "short-lived", RT_TOKEN_TYPE_USER, NULL, &secret, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (delete_token (fixture->member, rt_token_get_id (token), &error));
  g_assert_no_error (error);

  gone = get_token (fixture->member, rt_token_get_id (token), &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);

  g_assert_false (delete_token (fixture->member, rt_token_get_id (token), &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RtClient *client;

  client = rt_test_new_client (fixture->service->url, "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  account = get_me (client, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (account);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The access key was not accepted. "
                                   "Sign in again with a valid key."));
  g_assert_finalize_object (client);
}

static void
test_service_stopped (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(RtAccount) again = NULL;
  g_autoptr(GError) error = NULL;

  rt_test_service_stop (fixture->service);
  rt_client_set_retry_base_ms (fixture->member, 10);

  account = get_me (fixture->member, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NETWORK);
  g_assert_null (account);
  g_clear_error (&error);

  /* Back again, on a new port with new keys. */
  rt_test_service_restart (fixture->service);
  g_assert_finalize_object (fixture->member);
  fixture->member = rt_test_new_client (fixture->service->url, fixture->service->member_key);
  again = get_me (fixture->member, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_account_get_user_id (again), ==, "u_mia");
}

/* Every log line the client writes, at every level, debug included. */
static GLogWriterOutput
capture_log (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  GString *captured = user_data;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        g_string_append_printf (captured, "%s\n", (const char *) fields[i].value);
    }

  return G_LOG_WRITER_HANDLED;
}

static void
test_logs_hold_no_secret (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) captured = g_string_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtToken) regenerated = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtSecret) new_secret = NULL;
  g_autoptr(RtClient) intruder = NULL;
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* The writer sees every message, whatever G_MESSAGES_DEBUG says. A writer
   * can be set once per process, which is why this test runs in a subprocess. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_log_set_writer_func (capture_log, captured, NULL);

  token = create_token (fixture->member, "log-probe", RT_TOKEN_TYPE_USER, NULL, &secret, NULL, &error);
  g_assert_no_error (error);
  rt_client_regenerate_secret_async (fixture->member, rt_token_get_id (token), NULL, rt_test_async_ready, &result);
  regenerated = rt_client_regenerate_secret_finish (fixture->member, rt_test_wait_result (&result),
                                                    &new_secret, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  page = list_page (fixture->member, NULL, 0, NULL, &error);
  g_assert_no_error (error);

  intruder = rt_test_new_client (fixture->service->url, "rtkey_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
  account = get_me (intruder, &error);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (account);

  /* The client did log these requests... */
  g_assert_nonnull (strstr (captured->str, "POST"));
  g_assert_nonnull (strstr (captured->str, "regenerate-secret"));
  /* ...and none of the keys or secrets. */
  g_assert_null (strstr (captured->str, fixture->service->member_key));
  g_assert_null (strstr (captured->str, "rtkey_BBBB"));
  g_assert_null (strstr (captured->str, rt_secret_get (secret, NULL)));
  g_assert_null (strstr (captured->str, rt_secret_get (new_secret, NULL)));
  g_assert_null (strstr (captured->str, "rtsec_"));
  g_assert_null (strstr (captured->str, "Bearer"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("me", test_me);
  ADD ("added-key", test_added_key);
  ADD ("subscriptions", test_subscriptions);
  ADD ("service-users", test_service_users);
  ADD ("list-pages", test_list_pages);
  ADD ("list-invalid-page-size", test_list_invalid_page_size);
  ADD ("etag", test_etag);
  ADD ("get-token", test_get_token);
  ADD ("create", test_create);
  ADD ("create-many", test_create_many);
  ADD ("create-after-idle-close", test_create_after_idle_close);
  ADD ("create-service-token", test_create_service_token);
  ADD ("create-conflict", test_create_conflict);
  ADD ("create-invalid", test_create_invalid);
  ADD ("regenerate", test_regenerate);
  ADD ("resync", test_resync);
  ADD ("delete", test_delete);
  ADD ("unauthorized", test_unauthorized);
  ADD ("service-stopped", test_service_stopped);
  ADD ("logs-hold-no-secret", test_logs_hold_no_secret);

#undef ADD

  return g_test_run ();
}
