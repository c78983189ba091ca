/* test-token-store.c: RtTokenStore against the reference registry-token-service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libglib-testing/signal-logger.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rt-client.h"
#include "rt-token-store.h"
#include "rt-test-service.h"
#include "rt-test-util.h"

/* Every test starts its own service with the demo data at a fixed time; the
 * admin sees the six demo tokens. */

#define NOW "2026-11-18T12:00:00Z"
#define N_DEMO_TOKENS 6

typedef struct
{
  RtTestService *service;
  RtClient      *client;    /* the store's */
  RtClient      *other;     /* "another computer" changing things on the server */
  RtTokenStore  *store;
} Fixture;

static gboolean
refresh (RtTokenStore  *store,
         RtClient      *client,
         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_token_store_refresh_async (store, client, NULL, rt_test_async_ready, &result);

  return rt_token_store_refresh_finish (store, rt_test_wait_result (&result), error);
}

static void
refresh_ok (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (refresh (fixture->store, fixture->client, &error));
  g_assert_no_error (error);
}

static RtToken *
create_token (RtClient   *client,
              const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token;

  rt_client_create_token_async (client, name, RT_TOKEN_TYPE_USER, NULL, NULL, rt_test_async_ready, &result);
  token = rt_client_create_token_finish (client, rt_test_wait_result (&result), &secret, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  return token;
}

static void
delete_token (RtClient   *client,
              const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_client_delete_token_async (client, id, NULL, rt_test_async_ready, &result);
  g_assert_true (rt_client_delete_token_finish (client, rt_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
resync_token (RtClient   *client,
              const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtToken) token = NULL;

  rt_client_resync_products_async (client, id, NULL, rt_test_async_ready, &result);
  token = rt_client_resync_products_finish (client, rt_test_wait_result (&result), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
}

/* Pops the next emission, which must be items-changed of @model with these
 * arguments. */
#define assert_items_changed(logger, model, position, removed, added) \
  G_STMT_START { \
    guint aic_position = G_MAXUINT, aic_removed = G_MAXUINT, aic_added = G_MAXUINT; \
    gt_signal_logger_assert_emission_pop (logger, model, "items-changed", \
                                          &aic_position, &aic_removed, &aic_added); \
    g_assert_cmpuint (aic_position, ==, (position)); \
    g_assert_cmpuint (aic_removed, ==, (removed)); \
    g_assert_cmpuint (aic_added, ==, (added)); \
  } G_STMT_END

/* Pops the next emission, which must be a notify of @object. */
#define assert_notify(logger, object, detailed_signal) \
  G_STMT_START { \
    GParamSpec *an_pspec = NULL; \
    gt_signal_logger_assert_emission_pop (logger, object, detailed_signal, &an_pspec); \
    g_clear_pointer (&an_pspec, g_param_spec_unref); \
  } G_STMT_END

/* Logs items-changed of the store and every notify of every token in it. */
static GtSignalLogger *
log_store (RtTokenStore *store)
{
  GtSignalLogger *logger = gt_signal_logger_new ();
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  gt_signal_logger_connect (logger, store, "items-changed");
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (store), i);

      gt_signal_logger_connect (logger, token, "notify");
    }

  return logger;
}

/* The tokens must be in the API's order: newest first, then by id. */
static void
assert_api_order (RtTokenStore *store)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 1; i < n_items; i++)
    {
      g_autoptr(RtToken) a = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
      g_autoptr(RtToken) b = g_list_model_get_item (G_LIST_MODEL (store), i);
      int cmp = g_date_time_compare (rt_token_get_created_at (a), rt_token_get_created_at (b));

      g_assert_cmpint (cmp, >=, 0);
      if (cmp == 0)
        g_assert_cmpstr (rt_token_get_id (a), >, rt_token_get_id (b));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->service = rt_test_service_start (NOW);
  fixture->client = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  fixture->other = rt_test_new_client (fixture->service->url, fixture->service->admin_key);
  fixture->store = rt_token_store_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->other);
  rt_test_service_stop (fixture->service);
  g_clear_pointer (&fixture->service, rt_test_service_free);
}

static void
test_first_load (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint position = G_MAXUINT;
  RtToken *token;

  g_assert_false (rt_token_store_get_loading (fixture->store));
  g_assert_false (rt_token_store_get_loaded (fixture->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->store)) == RT_TYPE_TOKEN);

  gt_signal_logger_connect (logger, fixture->store, "items-changed");
  gt_signal_logger_connect (logger, fixture->store, "notify::loading");
  gt_signal_logger_connect (logger, fixture->store, "notify::loaded");

  rt_token_store_refresh_async (fixture->store, fixture->client, NULL, rt_test_async_ready, &result);
  g_assert_true (rt_token_store_get_loading (fixture->store));
  assert_notify (logger, fixture->store, "notify::loading");

  g_assert_true (rt_token_store_refresh_finish (fixture->store, rt_test_wait_result (&result), &error));
  g_assert_no_error (error);

  /* One page: one splice, then loaded, then no longer loading. */
  assert_items_changed (logger, fixture->store, 0, 0, N_DEMO_TOKENS);
  assert_notify (logger, fixture->store, "notify::loaded");
  assert_notify (logger, fixture->store, "notify::loading");
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_false (rt_token_store_get_loading (fixture->store));
  g_assert_true (rt_token_store_get_loaded (fixture->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
  assert_api_order (fixture->store);

  /* The newest demo token is ada-workstation (5 days old). */
  token = rt_token_store_find (fixture->store, "tok_demo6", &position);
  g_assert_nonnull (token);
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpstr (rt_token_get_name (token), ==, "ada-workstation");

  token = rt_token_store_find (fixture->store, "tok_demo5", &position);
  g_assert_nonnull (token);
  g_assert_cmpuint (position, ==, N_DEMO_TOKENS - 1);

  g_assert_null (rt_token_store_find (fixture->store, "tok_nope", &position));
}

/* A second refresh with nothing changed is a 304: nothing happens at all. */
static void
test_unchanged_not_modified (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = NULL;

  refresh_ok (fixture);

  logger = log_store (fixture->store);
  refresh_ok (fixture);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_true (rt_token_store_get_loaded (fixture->store));
}

/* A change on the server that no token shows (a subscription to a product no
 * token has) changes the ETag, so the whole list is read again; merging it
 * must still emit nothing. */
static void
test_unchanged_full_walk (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = NULL;

  refresh_ok (fixture);

  rt_test_service_subscribe (fixture->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");

  logger = log_store (fixture->store);
  refresh_ok (fixture);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
}

/* The API cannot rename a token; a re-sync elsewhere changes its products.
 * Only that token notifies, and the list itself does not change. */
static void
test_changed_on_server (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = NULL;
  gboolean saw_products_label = FALSE;
  RtToken *changed;

  refresh_ok (fixture);
  changed = rt_token_store_find (fixture->store, "tok_demo3", NULL);
  g_assert_cmpstr (rt_token_get_products_label (changed), ==, "Vision Kit");

  rt_test_service_subscribe (fixture->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");
  resync_token (fixture->other, "tok_demo3");

  logger = log_store (fixture->store);
  refresh_ok (fixture);

  g_assert_cmpuint (gt_signal_logger_get_n_emissions (logger), >, 0);
  while (gt_signal_logger_get_n_emissions (logger) > 0)
    {
      gpointer object = NULL;
      g_autofree char *type_name = NULL;
      g_autofree char *signal_name = NULL;
      g_autoptr(GtSignalLoggerEmission) emission = NULL;
      GParamSpec *pspec = NULL;

      g_assert_true (gt_signal_logger_pop_emission (logger, &object, &type_name,
                                                    &signal_name, &emission));
      g_assert_true (object == (gpointer) changed);
      g_assert_cmpstr (signal_name, ==, "notify");
      gt_signal_logger_emission_get_params (emission, &pspec);
      if (g_strcmp0 (pspec->name, "products-label") == 0)
        saw_products_label = TRUE;
      g_param_spec_unref (pspec);
    }
  g_assert_true (saw_products_label);

  /* Re-synced now: every active product, sorted by name. */
  g_assert_cmpstr (rt_token_get_products_label (changed), ==,
                   "Data Lake, Fleet Manager, Motion SDK, Robot Arm, Vision Kit");
  g_assert_true (rt_token_store_find (fixture->store, "tok_demo3", NULL) == changed);
}

static void
test_added_and_deleted_on_server (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = NULL;
  g_autoptr(RtToken) created = NULL;
  RtToken *kept;
  guint position = G_MAXUINT;

  refresh_ok (fixture);
  kept = rt_token_store_find (fixture->store, "tok_demo1", NULL);

  /* Added elsewhere: the newest, so first. */
  created = create_token (fixture->other, "added-elsewhere");
  logger = log_store (fixture->store);
  refresh_ok (fixture);
  assert_items_changed (logger, fixture->store, 0, 0, 1);
  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&logger, gt_signal_logger_free);

  g_assert_nonnull (rt_token_store_find (fixture->store, rt_token_get_id (created), &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS + 1);

  /* Deleted elsewhere: exactly that row goes. */
  g_assert_nonnull (rt_token_store_find (fixture->store, "tok_demo2", &position));
  delete_token (fixture->other, "tok_demo2");
  logger = log_store (fixture->store);
  refresh_ok (fixture);
  assert_items_changed (logger, fixture->store, position, 1, 0);
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_null (rt_token_store_find (fixture->store, "tok_demo2", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
  /* The others are the same objects as before. */
  g_assert_true (rt_token_store_find (fixture->store, "tok_demo1", NULL) == kept);
  assert_api_order (fixture->store);
}

#define N_CREATED 120

static void
test_pagination (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GHashTable) created_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RtTokenStore) fresh_store = rt_token_store_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  guint n_total = N_DEMO_TOKENS + N_CREATED;

  refresh_ok (fixture);

  for (guint i = 0; i < N_CREATED; i++)
    {
      g_autofree char *name = g_strdup_printf ("paged-%03u", i);
      g_autoptr(RtToken) token = create_token (fixture->other, name);

      g_hash_table_add (created_ids, g_strdup (rt_token_get_id (token)));
    }

  /* An empty store reads two pages, each one splice at the end. */
  gt_signal_logger_connect (logger, fresh_store, "items-changed");
  g_assert_true (refresh (fresh_store, fixture->client, &error));
  g_assert_no_error (error);
  assert_items_changed (logger, fresh_store, 0, 0, RT_TOKEN_STORE_FIRST_PAGE_SIZE);
  assert_items_changed (logger, fresh_store, RT_TOKEN_STORE_FIRST_PAGE_SIZE, 0,
                        n_total - RT_TOKEN_STORE_FIRST_PAGE_SIZE);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh_store)), ==, n_total);
  assert_api_order (fresh_store);

  /* The store that had the demo tokens gets the new ones before them. */
  refresh_ok (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, n_total);
  assert_api_order (fixture->store);

  for (guint i = 0; i < n_total; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (fixture->store), i);

      if (i < N_CREATED)
        g_assert_true (g_hash_table_contains (created_ids, rt_token_get_id (token)));
      else
        g_assert_true (g_str_has_prefix (rt_token_get_id (token), "tok_demo"));
      g_assert_nonnull (rt_token_store_find (fresh_store, rt_token_get_id (token), NULL));
    }
}

static RtToken *
new_local_token (const char *id,
                 const char *name,
                 const char *created_at)
{
  RtToken *token = rt_token_new (id);
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (created_at, NULL);

  rt_token_set_name (token, name);
  rt_token_set_created_at (token, created);

  return token;
}

/* What the window does after its own actions. */
static void
test_update_and_remove (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = NULL;
  g_autoptr(RtToken) newest = new_local_token ("tok_local1", "brand-new", "2026-11-18T11:00:00Z");
  g_autoptr(RtToken) middle = new_local_token ("tok_local2", "in-between", "2026-11-10T00:00:00Z");
  g_autoptr(RtToken) copy = NULL;
  RtToken *existing;
  guint position = G_MAXUINT;

  refresh_ok (fixture);
  rt_token_store_set_expiring_soon_days (fixture->store, 7);

  logger = log_store (fixture->store);

  /* Inserted where its creation time puts it, and given the store's setting. */
  g_assert_true (rt_token_store_update (fixture->store, newest) == newest);
  assert_items_changed (logger, fixture->store, 0, 0, 1);
  g_assert_cmpuint (rt_token_get_expiring_soon_days (newest), ==, 7);

  /* Between ci-pipeline (10 days old) and ada-workstation (5 days old). */
  g_assert_true (rt_token_store_update (fixture->store, middle) == middle);
  g_assert_nonnull (rt_token_store_find (fixture->store, "tok_local2", &position));
  g_assert_cmpuint (position, ==, 2);
  assert_items_changed (logger, fixture->store, 2, 0, 1);

  /* A newer copy of a known token updates it in place. */
  existing = rt_token_store_find (fixture->store, "tok_demo1", &position);
  copy = rt_token_new ("tok_demo1");
  rt_token_update_from (copy, existing);
  rt_token_set_created_for (copy, "Someone Else");
  g_assert_true (rt_token_store_update (fixture->store, copy) == existing);
  assert_notify (logger, existing, "notify");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpstr (rt_token_get_created_for (existing), ==, "Someone Else");

  g_assert_true (rt_token_store_remove (fixture->store, "tok_local1"));
  assert_items_changed (logger, fixture->store, 0, 1, 0);
  g_assert_false (rt_token_store_remove (fixture->store, "tok_local1"));
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_null (rt_token_store_find (fixture->store, "tok_local1", NULL));

  /* The server knows no tokens of the local ones: a full walk (forced with a
   * change on the server, or the reply would be 304) removes the one left
   * and brings back the server's copy of the edited one. */
  rt_test_service_subscribe (fixture->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");
  refresh_ok (fixture);
  g_assert_null (rt_token_store_find (fixture->store, "tok_local2", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
  g_assert_cmpstr (rt_token_get_created_for (existing), ==, "Mia Member");

  rt_token_store_clear (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  g_assert_false (rt_token_store_get_loaded (fixture->store));
  g_assert_null (rt_token_store_find (fixture->store, "tok_demo1", NULL));

  /* After a clear the list is read in full again, not answered with 304. */
  refresh_ok (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
}

/* A refresh started while one runs supersedes it. */
static void
test_superseded (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  rt_token_store_refresh_async (fixture->store, fixture->client, NULL, rt_test_async_ready, &first);
  rt_token_store_refresh_async (fixture->store, fixture->client, NULL, rt_test_async_ready, &second);

  g_assert_false (rt_token_store_refresh_finish (fixture->store, rt_test_wait_result (&first), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (rt_token_store_get_loading (fixture->store));

  g_assert_true (rt_token_store_refresh_finish (fixture->store, rt_test_wait_result (&second), &error));
  g_assert_no_error (error);
  g_assert_false (rt_token_store_get_loading (fixture->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
}

/* Cancelling from outside ends the refresh; the store stays usable. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rt_token_store_refresh_async (fixture->store, fixture->client, cancellable, rt_test_async_ready, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (rt_token_store_refresh_finish (fixture->store, rt_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (rt_token_store_get_loading (fixture->store));
  g_assert_false (rt_token_store_get_loaded (fixture->store));

  refresh_ok (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
}

static void
test_error (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(RtClient) revoked = rt_test_new_client (fixture->service->url,
                                            "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_autoptr(GError) error = NULL;

  refresh_ok (fixture);

  /* A failed refresh keeps what the store had. */
  g_assert_false (refresh (fixture->store, revoked, &error));
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_false (rt_token_store_get_loading (fixture->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
}

/* An action's result that lands while a page is on its way is newer than
 * that page: the page must not bring back the older state. */
static void
test_action_during_refresh (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtToken) acted = new_local_token ("tok_demo1", "ci-pipeline", "2026-11-08T00:00:00Z");
  RtToken *stored;

  rt_token_store_refresh_async (fixture->store, fixture->client, NULL, rt_test_async_ready, &result);
  rt_token_set_created_for (acted, "Someone Else");
  stored = rt_token_store_update (fixture->store, acted);

  g_assert_true (rt_token_store_refresh_finish (fixture->store, rt_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, N_DEMO_TOKENS);
  g_assert_true (rt_token_store_find (fixture->store, "tok_demo1", NULL) == stored);
  g_assert_cmpstr (rt_token_get_created_for (stored), ==, "Someone Else");

  /* A refresh asked for after the action shows the server's state again. */
  rt_test_service_subscribe (fixture->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");
  refresh_ok (fixture);
  g_assert_cmpstr (rt_token_get_created_for (stored), ==, "Mia Member");
}

#define PAGE_TOKEN(id, created) \
  "{\"id\":\"" id "\",\"name\":\"n-" id "\",\"type\":\"user\"," \
  "\"username\":\"acme+n-" id "\",\"status\":\"active\"," \
  "\"created_at\":\"" created "\",\"subscription_end_date\":\"2027-01-01\"," \
  "\"products\":[],\"created_by\":\"Ada\",\"created_for\":\"Ada\"," \
  "\"last_used_at\":null}"

/* Two pages from a server that repeats ids within and across pages, which
 * the reference service never does. */
static void
duplicate_pages_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  const char *page_token = query != NULL ? g_hash_table_lookup (query, "page_token") : NULL;
  const char *body;

  if (page_token == NULL)
    body = "{\"tokens\":[" PAGE_TOKEN ("tok_c", "2026-11-03T00:00:00Z") ","
                             PAGE_TOKEN ("tok_c", "2026-11-03T00:00:00Z") ","
                             PAGE_TOKEN ("tok_b", "2026-11-02T00:00:00Z") "],"
           "\"next_page_token\":\"p2\",\"total\":3}";
  else
    body = "{\"tokens\":[" PAGE_TOKEN ("tok_b", "2026-11-02T00:00:00Z") ","
                             PAGE_TOKEN ("tok_a", "2026-11-01T00:00:00Z") "],"
           "\"next_page_token\":null,\"total\":3}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
test_duplicate_ids (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RtTokenStore) store = rt_token_store_new ();
  g_autoptr(RtClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/api/v1/tokens", duplicate_pages_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  client = rt_test_new_client (url, "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  g_assert_true (refresh (store, client, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  assert_api_order (store);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (store), i);
      guint position = G_MAXUINT;

      g_assert_true (rt_token_store_find (store, rt_token_get_id (token), &position) == token);
      g_assert_cmpuint (position, ==, i);
    }

  /* Removing one removes its only row. */
  g_assert_true (rt_token_store_remove (store, "tok_c"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_null (rt_token_store_find (store, "tok_c", NULL));

  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_setenv ("RT_FAKE_NOW", NOW, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/token-store/first-load", test_first_load);
  ADD ("/token-store/unchanged/not-modified", test_unchanged_not_modified);
  ADD ("/token-store/unchanged/full-walk", test_unchanged_full_walk);
  ADD ("/token-store/changed-on-server", test_changed_on_server);
  ADD ("/token-store/added-and-deleted-on-server", test_added_and_deleted_on_server);
  ADD ("/token-store/pagination", test_pagination);
  ADD ("/token-store/update-and-remove", test_update_and_remove);
  ADD ("/token-store/superseded", test_superseded);
  ADD ("/token-store/cancelled", test_cancelled);
  ADD ("/token-store/error", test_error);
  ADD ("/token-store/action-during-refresh", test_action_during_refresh);
  g_test_add_func ("/token-store/duplicate-ids", test_duplicate_ids);

#undef ADD

  return g_test_run ();
}
