/* test-token-search.c: RtTokenSearch finds tokens by name and product as GtkStringFilter would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-product.h"
#include "rt-token-search.h"

static RtToken *
make_token (const char *name,
            ...)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  RtToken *token = rt_token_new ("tok_search");
  va_list args;

  va_start (args, name);
  for (const char *product = va_arg (args, const char *); product != NULL; product = va_arg (args, const char *))
    g_ptr_array_add (products, rt_product_new (product, product, "1.0"));
  va_end (args);

  rt_token_set_name (token, name);
  rt_token_set_products (token, products);
  return token;
}

/* What GtkStringFilter, which the table used before, finds. */
static gboolean
string_filter_matches (RtToken    *token,
                       const char *text)
{
  g_autoptr(GtkStringFilter) by_name = gtk_string_filter_new (gtk_property_expression_new (RT_TYPE_TOKEN, NULL, "name"));
  g_autoptr(GtkStringFilter) by_products = gtk_string_filter_new (gtk_property_expression_new (RT_TYPE_TOKEN, NULL, "products-label"));

  gtk_string_filter_set_search (by_name, text);
  gtk_string_filter_set_search (by_products, text);

  /* GTK 4.8's GtkStringFilter leaks an empty string it is given (it returns
   * before unsetting its GValue): a token with no products, in the table
   * before, at every keystroke. An empty string holds no text anyway. */
  return gtk_filter_match (GTK_FILTER (by_name), token) ||
         (rt_token_get_products_label (token)[0] != '\0' &&
          gtk_filter_match (GTK_FILTER (by_products), token));
}

static void
test_matches (void)
{
  g_autoptr(RtTokenSearch) search = rt_token_search_new ();
  g_autoptr(RtToken) pipeline = make_token ("ci-pipeline", "Vision Kit", "Motion SDK", NULL);
  g_autoptr(RtToken) cafe = make_token ("Café-Ünit", "Ｅｄｇｅ OS", NULL);
  g_autoptr(RtToken) ligature = make_token ("ﬁle-server", NULL);
  RtToken *tokens[] = { pipeline, cafe, ligature };
  const struct
  {
    const char *text;
    gboolean    matches[G_N_ELEMENTS (tokens)];
  } cases[] = {
    { NULL, { TRUE, TRUE, TRUE } },
    { "", { TRUE, TRUE, TRUE } },
    { "PIPE", { TRUE, FALSE, FALSE } },
    { "vision", { TRUE, FALSE, FALSE } },
    /* Across two products, as the Products column shows them. */
    { "kit, mot", { TRUE, FALSE, FALSE } },
    { "-", { TRUE, TRUE, TRUE } },
    /* Decomposed: é is e and an accent, Ü is u and a diaeresis. */
    { "CAFÉ", { FALSE, TRUE, FALSE } },
    { "cafe", { FALSE, TRUE, FALSE } },
    { "ünit", { FALSE, TRUE, FALSE } },
    /* Compatibility forms: full-width letters, the ﬁ ligature. */
    { "edge os", { FALSE, TRUE, FALSE } },
    { "file", { FALSE, FALSE, TRUE } },
    { "ﬁle", { FALSE, FALSE, TRUE } },
    /* More than ASCII is never in ASCII text. */
    { "pipé", { FALSE, FALSE, FALSE } },
    { "no such token", { FALSE, FALSE, FALSE } },
  };

  /* A token with no name (the API always gives one) matches by product. */
  {
    g_autoptr(RtToken) nameless = rt_token_new ("tok_nameless");

    rt_token_search_set_text (search, "kit");
    g_assert_false (gtk_filter_match (GTK_FILTER (search), nameless));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rt_token_search_set_text (search, cases[i].text);
      g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (search)), ==,
                       cases[i].text != NULL && cases[i].text[0] != '\0' ? GTK_FILTER_MATCH_SOME
                                                                         : GTK_FILTER_MATCH_ALL);
      for (guint j = 0; j < G_N_ELEMENTS (tokens); j++)
        {
          g_test_message ("“%s” in %s", cases[i].text, rt_token_get_name (tokens[j]));
          g_assert_cmpint (gtk_filter_match (GTK_FILTER (search), tokens[j]), ==, cases[i].matches[j]);
          if (cases[i].text != NULL)
            g_assert_cmpint (string_filter_matches (tokens[j], cases[i].text), ==, cases[i].matches[j]);
        }
    }
}

static void
changed_cb (GtkFilter       *filter,
            GtkFilterChange  change,
            GArray          *changes)
{
  g_array_append_val (changes, change);
}

/* Text that holds the old finds fewer, and the reverse: a filtered list
 * then looks only at the tokens shown, or only at those hidden. */
static void
test_changes (void)
{
  g_autoptr(RtTokenSearch) search = rt_token_search_new ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (GtkFilterChange));
  const struct
  {
    const char      *text;
    GtkFilterChange  change;
  } cases[] = {
    { "pi", GTK_FILTER_CHANGE_MORE_STRICT },
    { "PIPE", GTK_FILTER_CHANGE_MORE_STRICT },
    { "ipe", GTK_FILTER_CHANGE_LESS_STRICT },
    { "vision", GTK_FILTER_CHANGE_DIFFERENT },
    { "", GTK_FILTER_CHANGE_LESS_STRICT },
    { "kit", GTK_FILTER_CHANGE_MORE_STRICT },
    { NULL, GTK_FILTER_CHANGE_LESS_STRICT },
  };

  g_signal_connect (search, "changed", G_CALLBACK (changed_cb), changes);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rt_token_search_set_text (search, cases[i].text);
      g_assert_cmpuint (changes->len, ==, 1);
      g_assert_cmpint (g_array_index (changes, GtkFilterChange, 0), ==, cases[i].change);
      g_array_set_size (changes, 0);
    }

  /* Text that folds the same finds the same tokens: no change. */
  rt_token_search_set_text (search, "kit");
  g_array_set_size (changes, 0);
  rt_token_search_set_text (search, "KIT");
  g_assert_cmpstr (rt_token_search_get_text (search), ==, "KIT");
  g_assert_cmpuint (changes->len, ==, 0);
  rt_token_search_set_text (search, NULL);
  g_array_set_size (changes, 0);

  /* The same text again, or "" for none: no change. */
  rt_token_search_set_text (search, "");
  g_assert_null (rt_token_search_get_text (search));
  g_assert_cmpuint (changes->len, ==, 0);
  rt_token_search_set_text (search, "kit");
  g_array_set_size (changes, 0);
  g_object_set (search, "text", "kit", NULL);
  g_assert_cmpstr (rt_token_search_get_text (search), ==, "kit");
  g_assert_cmpuint (changes->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-search/matches", test_matches);
  g_test_add_func ("/token-search/changes", test_changes);

  return g_test_run ();
}
