/* bench-search.c: what a search costs a token, and a keystroke over 100,000
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints "bench: NAME VALUE UNIT" lines. Figures, not pass/fail. The
 * window's own figures (rows dropped and built, the frame) are
 * bench-window's; these are the model's part.
 */

#include "config.h"

#include "rt-filter-list.h"
#include "rt-product.h"
#include "rt-token-search.h"

#define N_TOKENS 100000
#define N_ROUNDS 5

static GListStore *
build_store (void)
{
  GListStore *store = g_list_store_new (RT_TYPE_TOKEN);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (products, rt_product_new ("motion-sdk", "Motion SDK", "5.2"));
  g_ptr_array_add (products, rt_product_new ("data-lake", "Data Lake", "1.0"));

  for (guint i = 0; i < N_TOKENS; i++)
    {
      g_autofree char *id = g_strdup_printf ("tok_b%015x", i);
      g_autofree char *name = g_strdup_printf ("bulk-%06u", i);
      RtToken *token = rt_token_new (id);

      rt_token_set_name (token, name);
      rt_token_set_products (token, products);
      g_ptr_array_add (tokens, token);
    }
  g_list_store_splice (store, 0, 0, tokens->pdata, tokens->len);

  return store;
}

static void
report (const char *name,
        double      value,
        const char *unit)
{
  g_print ("bench: %s %.2f %s\n", name, value, unit);
}

/* The best of N_ROUNDS of matching every token, in ns a token. */
static double
ns_per_token (GListModel *store,
              GtkFilter  *filter)
{
  gint64 best = G_MAXINT64;
  guint n_matched = 0;

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      gint64 start = g_get_monotonic_time ();

      n_matched = 0;
      for (guint i = 0; i < N_TOKENS; i++)
        {
          g_autoptr(RtToken) token = g_list_model_get_item (store, i);

          n_matched += gtk_filter_match (filter, token);
        }
      best = MIN (best, g_get_monotonic_time () - start);
    }
  g_assert_cmpuint (n_matched, ==, 1);

  return best * 1000.0 / N_TOKENS;
}

/* Main-thread time from a keystroke to the list told of its result. */
static void
keystroke (RtFilterList  *list,
           RtTokenSearch *search,
           const char    *text,
           const char    *name)
{
  gint64 start = g_get_monotonic_time ();
  gint64 longest = 0;

  rt_token_search_set_text (search, text);
  longest = g_get_monotonic_time () - start;
  while (rt_filter_list_get_pending (list) > 0)
    {
      gint64 step = g_get_monotonic_time ();

      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, g_get_monotonic_time () - step);
    }

  report (name, (g_get_monotonic_time () - start) / 1000.0, "ms");
  g_autofree char *longest_name = g_strconcat (name, "-longest-step", NULL);
  report (longest_name, longest / 1000.0, "ms");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GListStore) store = build_store ();
  g_autoptr(RtTokenSearch) search = rt_token_search_new ();
  g_autoptr(GtkAnyFilter) string_filters = gtk_any_filter_new ();
  g_autoptr(RtFilterList) list = NULL;
  GtkStringFilter *by_name, *by_products;

  /* The table's search before: two GtkStringFilters. */
  by_name = gtk_string_filter_new (gtk_property_expression_new (RT_TYPE_TOKEN, NULL, "name"));
  by_products = gtk_string_filter_new (gtk_property_expression_new (RT_TYPE_TOKEN, NULL, "products-label"));
  gtk_string_filter_set_search (by_name, "bulk-000123");
  gtk_string_filter_set_search (by_products, "bulk-000123");
  gtk_multi_filter_append (GTK_MULTI_FILTER (string_filters), GTK_FILTER (by_name));
  gtk_multi_filter_append (GTK_MULTI_FILTER (string_filters), GTK_FILTER (by_products));
  report ("search-string-filters-per-token", ns_per_token (G_LIST_MODEL (store), GTK_FILTER (string_filters)), "ns");

  rt_token_search_set_text (search, "bulk-000123");
  report ("search-per-token", ns_per_token (G_LIST_MODEL (store), GTK_FILTER (search)), "ns");
  rt_token_search_set_text (search, NULL);

  /* Typed, as a user would, then pasted whole, then cleared. */
  list = rt_filter_list_new (G_LIST_MODEL (g_object_ref (store)), GTK_FILTER (g_object_ref (search)));
  keystroke (list, search, "b", "keystroke-100000-b");
  keystroke (list, search, "bulk-0001", "keystroke-100000-bulk-0001");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
  keystroke (list, search, "bulk-00012", "keystroke-100000-bulk-00012");
  keystroke (list, search, NULL, "keystroke-100000-cleared");
  keystroke (list, search, "bulk-000123", "keystroke-100000-pasted");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  keystroke (list, search, "motion", "keystroke-100000-other-text");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_TOKENS);

  return 0;
}
