/* bench-token-store.c: loading and refreshing many tokens from the real service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts registry-token-service with a temporary database, creates
 * N_CREATED tokens through RtClient and the rest of RT_BENCH_TOKENS (default
 * 100,000) straight in its database, then measures what the window does:
 * the first page on screen, the whole list, the heap it holds per token, a
 * refresh when nothing changed (304) and a refresh after one change (every
 * page again, merged in place). Prints "bench: NAME VALUE UNIT" lines.
 */

#include "config.h"

#include <malloc.h>
#include <sqlite3.h>

#include "rt-client.h"
#include "rt-test-service.h"
#include "rt-test-util.h"
#include "rt-token-store.h"

/* Through the API, one connection each: well under the service's cap. */
#define N_CREATED 100
#define DEFAULT_TOKENS 100000

typedef struct
{
  gboolean done;
  gint64   first_items_at;
  GError  *error;
} Run;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Run        *run)
{
  if (run->first_items_at == 0 && added > 0)
    run->first_items_at = g_get_monotonic_time ();
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  rt_token_store_refresh_finish (RT_TOKEN_STORE (object), result, &run->error);
  run->done = TRUE;
}

/* One refresh; returns its duration in microseconds. */
static gint64
refresh (RtTokenStore *store,
         RtClient     *client,
         gint64       *first_items_after)
{
  Run run = { 0 };
  gulong handler;
  gint64 start = g_get_monotonic_time ();

  handler = g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &run);
  rt_token_store_refresh_async (store, client, NULL, on_refreshed, &run);
  rt_test_wait_until (run.done);
  g_signal_handler_disconnect (store, handler);

  if (run.error != NULL)
    g_error ("refresh failed: %s", run.error->message);
  if (first_items_after != NULL)
    *first_items_after = run.first_items_at - start;

  return g_get_monotonic_time () - start;
}

static void
on_created (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtToken) token = NULL;

  token = rt_client_create_token_finish (RT_CLIENT (object), result, &secret, NULL, &error);
  if (token == NULL)
    g_error ("create failed: %s", error->message);
  (*pending)--;
}

static void
create_tokens (RtClient *client,
               guint     n,
               guint     offset)
{
  guint pending = 0;

  /* A few requests in flight at once, as several users would. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-%05u", offset + i);

      pending++;
      rt_client_create_token_async (client, name, RT_TOKEN_TYPE_USER, NULL, NULL, on_created, &pending);
      rt_test_wait_until (pending < 8);
    }
  rt_test_wait_until (pending == 0);
}

/* @n tokens more in the demo project, as bench-window.py makes them. */
static void
insert_tokens (const char *db_path,
               guint       n)
{
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %u)"
    " INSERT INTO tokens (id, project_id, name, type, created_for_user, created_for_service,"
    "                     created_by, secret_hash, created_at, last_used_at)"
    " SELECT printf('tok_b%%015x', i), 'acme', printf('bulk-%%06d', i), 'user',"
    "        CASE i %% 2 WHEN 0 THEN 'u_mia' ELSE 'u_ada' END, NULL,"
    "        CASE i %% 2 WHEN 0 THEN 'u_mia' ELSE 'u_ada' END,"
    "        lower(hex(randomblob(32))),"
    "        strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', '2026-01-01T00:00:00Z', printf('-%%d seconds', i)),"
    "        NULL"
    " FROM seq;"
    "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %u),"
    " picks(k, product) AS (VALUES (0, 'vision-kit'), (1, 'motion-sdk'), (1, 'data-lake'),"
    "                              (2, 'data-lake'), (2, 'fleet-manager'), (2, 'motion-sdk'),"
    "                              (3, 'edge-os'))"
    " INSERT INTO token_products (token_id, product_id)"
    " SELECT printf('tok_b%%015x', i), product FROM seq JOIN picks"
    "   ON picks.k = CASE WHEN i %% 10 = 9 THEN 3 ELSE i %% 3 END;"
    "UPDATE projects SET revision = revision + 1;"
    "COMMIT;", n, n);
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sqlite3_open (db_path, &db) != SQLITE_OK ||
      sqlite3_busy_timeout (db, 10000) != SQLITE_OK ||
      sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("could not add tokens: %s", message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtTestService) service = NULL;
  g_autoptr(RtClient) client = NULL;
  g_autoptr(RtTokenStore) store = NULL;
  gint64 first_items, elapsed, start;
  gsize heap_before, heap_after;
  const char *n_text = g_getenv ("RT_BENCH_TOKENS");
  guint n_tokens = n_text != NULL ? (guint) g_ascii_strtoull (n_text, NULL, 10) : DEFAULT_TOKENS;
  guint n;

  g_assert_cmpuint (n_tokens, >=, N_CREATED);

  service = rt_test_service_start (NULL);
  client = rt_test_new_client (service->url, service->admin_key);

  start = g_get_monotonic_time ();
  create_tokens (client, N_CREATED, 0);
  elapsed = g_get_monotonic_time () - start;
  g_print ("bench: service-create %.2f ms per token (%u tokens, 8 in flight)\n",
           elapsed / 1000.0 / N_CREATED, N_CREATED);
  insert_tokens (service->db_path, n_tokens - N_CREATED);

  malloc_trim (0);
  heap_before = mallinfo2 ().uordblks;
  store = rt_token_store_new ();
  elapsed = refresh (store, client, &first_items);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, ==, n_tokens + 6);
  malloc_trim (0);
  heap_after = mallinfo2 ().uordblks;

  g_print ("bench: store-first-page %.1f ms until the first rows\n", first_items / 1000.0);
  g_print ("bench: store-full-load %.1f ms for %u tokens (%u pages)\n",
           elapsed / 1000.0, n,
           1 + (n - RT_TOKEN_STORE_FIRST_PAGE_SIZE + RT_TOKEN_STORE_PAGE_SIZE - 1) / RT_TOKEN_STORE_PAGE_SIZE);
  g_print ("bench: store-heap %.0f bytes per token held\n",
           (double) (heap_after - heap_before) / n);

  elapsed = refresh (store, client, NULL);
  g_print ("bench: store-refresh-unchanged %.1f ms (304)\n", elapsed / 1000.0);

  create_tokens (client, 1, N_CREATED);
  elapsed = refresh (store, client, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n_tokens + 7);
  g_print ("bench: store-refresh-changed %.1f ms (every page again, merged in place)\n",
           elapsed / 1000.0);

  return 0;
}
