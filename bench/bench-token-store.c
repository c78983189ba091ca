/* bench-token-store.c: loading and refreshing many tokens from the real service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts registry-token-service with a temporary database, creates
 * N_TOKENS tokens through RtClient, then measures what the window does:
 * the first page on screen, the whole list, a refresh when nothing changed
 * (304) and a refresh after one change (every page again, merged in place).
 * Prints "bench: NAME VALUE UNIT" lines.
 */

#include "config.h"

#include <malloc.h>

#include "rt-client.h"
#include "rt-test-service.h"
#include "rt-test-util.h"
#include "rt-token-store.h"

#define N_TOKENS 1000

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtTestService) service = NULL;
  g_autoptr(RtClient) client = NULL;
  g_autoptr(RtTokenStore) store = NULL;
  gint64 first_items, elapsed, start;
  gsize heap_before, heap_after;
  guint n;

  service = rt_test_service_start (NULL);
  client = rt_test_new_client (service->url, service->admin_key);

  start = g_get_monotonic_time ();
  create_tokens (client, N_TOKENS, 0);
  elapsed = g_get_monotonic_time () - start;
  g_print ("bench: service-create %.2f ms per token (%u tokens, 8 in flight)\n",
           elapsed / 1000.0 / N_TOKENS, N_TOKENS);

  malloc_trim (0);
  heap_before = mallinfo2 ().uordblks;
  store = rt_token_store_new ();
  elapsed = refresh (store, client, &first_items);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, ==, N_TOKENS + 6);
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

  create_tokens (client, 1, N_TOKENS);
  elapsed = refresh (store, client, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_TOKENS + 7);
  g_print ("bench: store-refresh-changed %.1f ms (every page again, merged in place)\n",
           elapsed / 1000.0);

  return 0;
}
