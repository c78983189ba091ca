/* bench-json.c: how fast a page of tokens parses, and what a token costs in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints "bench: NAME VALUE UNIT" lines. Figures, not pass/fail: the only
 * failure is a parse error.
 */

#include "config.h"

#include <malloc.h>

#include "rt-json.h"

#define N_TOKENS 1000
#define N_ROUNDS 50

static GBytes *
build_page (guint n_tokens)
{
  GString *json = g_string_new ("{\"tokens\":[");

  for (guint i = 0; i < n_tokens; i++)
    g_string_append_printf (json,
                            "%s{\"id\":\"tok_%016x\",\"name\":\"token-%u\",\"type\":\"user\","
                            "\"username\":\"acme+token-%u\",\"status\":\"active\","
                            "\"created_at\":\"2026-11-%02uT09:30:00Z\","
                            "\"subscription_end_date\":\"2027-09-24\","
                            "\"products\":[{\"id\":\"data-lake\",\"name\":\"Data Lake\",\"version\":\"1.0\"},"
                            "{\"id\":\"motion-sdk\",\"name\":\"Motion SDK\",\"version\":\"5.2\"},"
                            "{\"id\":\"vision-kit\",\"name\":\"Vision Kit\",\"version\":\"3.0\"}],"
                            "\"created_by\":\"Mia Member\",\"created_for\":\"Mia Member\","
                            "\"last_used_at\":null}",
                            i == 0 ? "" : ",", i, i, i, 1 + i % 28);
  g_string_append_printf (json, "],\"next_page_token\":null,\"total\":%u}", n_tokens);

  return g_string_free_to_bytes (json);
}

static GPtrArray *
parse (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  GPtrArray *tokens = NULL;
  guint total = 0;

  if (!rt_json_parse_token_page (page, &tokens, &next, &total, &error))
    g_error ("parse failed: %s", error->message);
  g_assert_cmpuint (tokens->len, ==, total);

  return tokens;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) page = build_page (N_TOKENS);
  g_autoptr(GPtrArray) kept = NULL;
  gint64 start, elapsed;
  gsize heap_before, heap_after;

  /* Warm up the type system and the allocator. */
  g_ptr_array_unref (parse (page));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROUNDS; i++)
    g_ptr_array_unref (parse (page));
  elapsed = g_get_monotonic_time () - start;

  g_print ("bench: json-page-size %" G_GSIZE_FORMAT " bytes (%u tokens)\n",
           g_bytes_get_size (page), N_TOKENS);
  g_print ("bench: json-parse-page %.2f ms per page of %u tokens\n",
           elapsed / 1000.0 / N_ROUNDS, N_TOKENS);
  g_print ("bench: json-parse-token %.2f us per token\n",
           (double) elapsed / N_ROUNDS / N_TOKENS);

  /* What the parsed tokens keep on the heap once the parser is gone. */
  malloc_trim (0);
  heap_before = mallinfo2 ().uordblks;
  kept = parse (page);
  malloc_trim (0);
  heap_after = mallinfo2 ().uordblks;
  g_print ("bench: token-heap %.0f bytes per token (3 products)\n",
           (double) (heap_after - heap_before) / N_TOKENS);

  return 0;
}
