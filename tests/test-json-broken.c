/* test-json-broken.c: the JSON parsers on broken replies, odd dates and the limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rt-test-json.h"

/* --- broken replies ------------------------------------------------------ */

static void
test_product_bad_repositories (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("product-bad-repositories.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_subscriptions (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE,
                     "subscriptions[0].products[0].repositories");
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("malformed.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
}

static void
test_truncated_page (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("truncated-page.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  g_assert_false (rt_json_parse_token_page (bytes, &tokens, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
  g_assert_null (tokens);
}

static void
test_empty_body (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) blank = bytes_from_string ("  \n");
  g_autoptr(GBytes) nul = g_bytes_new ("{}\0", 3);
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_account (empty, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_account (blank, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_account (nul, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
}

static void
test_token_wrong_type (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-wrong-type.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "products");
  g_assert_nonnull (strstr (error->message, "expected an array, got a string"));
}

static void
test_token_missing_id (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-missing-id.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_MISSING_FIELD, "id");
}

static void
test_token_bad_date (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-bad-date.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "created_at");
  g_assert_cmpstr (error->message, ==, "created_at: not an RFC 3339 date-time");
}

static void
test_token_bad_end_date (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-bad-end-date.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "subscription_end_date");
}

static void
test_token_bad_status (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-bad-status.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "status");
}

static void
test_page_bad_token (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("page-bad-token.json");
  g_autoptr(GError) error = NULL;

  g_assert_false (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "tokens[2].created_at");
  g_assert_cmpstr (error->message, ==, "tokens[2].created_at: not an RFC 3339 date-time");
}

static void
test_page_too_deep (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("page-too-deep.json");
  g_autoptr(GError) error = NULL;

  g_assert_false (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_TOO_DEEP, "(root)");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("invalid-utf8.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_account (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_account_bad_role (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("account-bad-role.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_account (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "role");
}

static void
test_account_errors (void)
{
  static const struct {
    const char *body;
    RtJsonError code;
    const char *path;
  } cases[] = {
    { "{\"project\": {\"id\": \"p\", \"name\": \"P\"}, \"role\": \"admin\", \"registry\": \"r\"}",
      RT_JSON_ERROR_MISSING_FIELD, "user" },
    { "{\"user\": {\"id\": \"u\", \"name\": \"U\"}, \"project\": {\"id\": \"p\", \"name\": \"P\"}, "
      "\"role\": \"admin\", \"registry\": \"r\"}",
      RT_JSON_ERROR_MISSING_FIELD, "user.email" },
    { "{\"user\": {\"id\": \"u\", \"name\": \"U\", \"email\": \"e\"}, "
      "\"project\": {\"id\": 7, \"name\": \"P\"}, "
      "\"role\": \"admin\", \"registry\": \"r\"}",
      RT_JSON_ERROR_WRONG_TYPE, "project.id" },
    { "{\"user\": {\"id\": \"u\", \"name\": \"U\", \"email\": \"e\"}, "
      "\"project\": {\"id\": \"p\", \"name\": \"P\"}, "
      "\"role\": \"admin\", \"registry\": \"https://r/\"}",
      RT_JSON_ERROR_INVALID_VALUE, "registry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) error = NULL;

      g_assert_null (rt_json_parse_account (bytes, &error));
      assert_json_error (error, cases[i].code, cases[i].path);
    }
}

static void
test_token_unknown_fields (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-unknown-fields.json");
  g_autoptr(GError) error = NULL;
  RtToken *token;

  token = rt_json_parse_token (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_3f9a0c1d2e4b5a69");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
  g_assert_null (rt_token_get_subscription_end_date (token));
  g_assert_null (rt_token_get_last_used_at (token));
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 2);
  assert_product (rt_token_get_products (token), 0, "motion-sdk", "Motion SDK", "5.2");
  g_assert_finalize_object (token);
}

static void
test_create_no_secret (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("create-no-secret.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) secret = NULL;

  g_assert_null (rt_json_parse_token_with_secret (bytes, &secret, &error));
  assert_json_error (error, RT_JSON_ERROR_MISSING_FIELD, "secret");
  g_assert_null (secret);
}

static void
test_not_an_object (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("not-an-object.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) secret = NULL;

  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_false (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_account (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_subscriptions (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_service_users (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_token_with_secret (bytes, &secret, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_resync (bytes, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
  g_clear_error (&error);

  g_assert_null (rt_json_parse_problem (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_WRONG_TYPE, "(root)");
}

static void
test_array_element_errors (void)
{
  static const struct {
    const char *body;
    RtJsonError code;
    const char *path;
  } cases[] = {
    { "{\"subscriptions\": [{\"id\": \"s\", \"end_date\": \"2026-01-01\", \"products\": [42]}]}",
      RT_JSON_ERROR_WRONG_TYPE, "subscriptions[0].products[0]" },
    { "{\"subscriptions\": [{\"id\": \"s\", \"end_date\": null, \"products\": []}]}",
      RT_JSON_ERROR_WRONG_TYPE, "subscriptions[0].end_date" },
    { "{\"subscriptions\": [{\"id\": \"s\", \"products\": []}]}",
      RT_JSON_ERROR_MISSING_FIELD, "subscriptions[0].end_date" },
    { "{\"subscriptions\": {}}",
      RT_JSON_ERROR_WRONG_TYPE, "subscriptions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) error = NULL;

      g_assert_null (rt_json_parse_subscriptions (bytes, &error));
      assert_json_error (error, cases[i].code, cases[i].path);
    }
}

static void
test_page_total (void)
{
  static const struct {
    const char *body;
    RtJsonError code;
  } cases[] = {
    { "{\"tokens\": [], \"next_page_token\": null}", RT_JSON_ERROR_MISSING_FIELD },
    { "{\"tokens\": [], \"total\": -1}", RT_JSON_ERROR_INVALID_VALUE },
    { "{\"tokens\": [], \"total\": 4294967296}", RT_JSON_ERROR_INVALID_VALUE },
    { "{\"tokens\": [], \"total\": 2.0}", RT_JSON_ERROR_WRONG_TYPE },
    { "{\"tokens\": [], \"total\": \"3\"}", RT_JSON_ERROR_WRONG_TYPE },
  };
  g_autoptr(GBytes) good = bytes_from_string ("{\"tokens\": [], \"total\": 0}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *next = NULL;
  guint total = 99;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) case_error = NULL;

      g_assert_false (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &case_error));
      assert_json_error (case_error, cases[i].code, "total");
    }

  /* next_page_token may be absent as well as null. */
  g_assert_true (rt_json_parse_token_page (good, &tokens, &next, &total, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 0);
  g_assert_null (next);
  g_assert_cmpuint (total, ==, 0);
}

/* --- dates ----------------------------------------------------------------- */

static RtToken *
parse_token_with_dates (const char  *created_at,
                        const char  *end_date,
                        GError     **error)
{
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;

  body = g_strdup_printf ("{\"id\": \"tok_1\", \"name\": \"n\", \"type\": \"user\", "
                          "\"username\": \"p+n\", \"status\": \"active\", "
                          "\"created_at\": \"%s\", \"subscription_end_date\": \"%s\", "
                          "\"products\": [], \"created_by\": \"A\", \"created_for\": \"A\"}",
                          created_at, end_date);
  bytes = bytes_from_string (body);

  return rt_json_parse_token (bytes, error);
}

static void
test_date_time_formats (void)
{
  static const struct {
    const char *text;
    const char *utc;  /* NULL when invalid */
  } cases[] = {
    { "2026-11-18T09:30:00Z", "2026-11-18T09:30:00Z" },
    { "2026-11-18t09:30:00z", "2026-11-18T09:30:00Z" },
    { "2026-11-18T09:30:00.123456+01:00", "2026-11-18T08:30:00.123456Z" },
    { "2026-11-18T23:30:00-05:30", "2026-11-19T05:00:00Z" },
    { "2026-11-18T09:30:00", NULL },
    { "2026-11-18 09:30:00Z", NULL },
    { "2026-11-18T09:30Z", NULL },
    { "2026-13-18T09:30:00Z", NULL },
    { "2026-11-18T25:30:00Z", NULL },
    { "20261118T093000Z", NULL },
    { "2026-11-18T09:30:00+0100", NULL },
    { "2026-11-18T09:30:00.Z", NULL },
    { "2026-11-18T09:30:00Z trailing", NULL },
    { "", NULL },
    /* Valid text, but outside GDateTime's range once moved to UTC. */
    { "9999-12-31T23:59:59-01:00", NULL },
    { "0001-01-01T00:00:00+01:00", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RtToken) token = parse_token_with_dates (cases[i].text, "2026-12-01", &error);

      g_test_message ("created_at “%s”", cases[i].text);
      if (cases[i].utc != NULL)
        {
          g_assert_no_error (error);
          assert_date_time (rt_token_get_created_at (token), cases[i].utc);
        }
      else
        {
          g_assert_null (token);
          assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "created_at");
        }
    }
}

static void
test_date_formats (void)
{
  static const struct {
    const char *text;
    gboolean valid;
  } cases[] = {
    { "2026-02-28", TRUE },
    { "2028-02-29", TRUE },
    { "2026-12-31", TRUE },
    { "2026-02-29", FALSE },
    { "2026-02-30", FALSE },
    { "2026-00-10", FALSE },
    { "2026-2-28", FALSE },
    { "2026-02-28T00:00:00Z", FALSE },
    { " 2026-02-28", FALSE },
    { "0000-01-01", FALSE },
    { "2026/02/28", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RtToken) token = NULL;

      token = parse_token_with_dates ("2026-01-01T00:00:00Z", cases[i].text, &error);

      g_test_message ("subscription_end_date “%s”", cases[i].text);
      if (cases[i].valid)
        {
          char buffer[16];

          g_assert_no_error (error);
          g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d",
                           rt_token_get_subscription_end_date (token));
          g_assert_cmpstr (buffer, ==, cases[i].text);
        }
      else
        {
          g_assert_null (token);
          assert_json_error (error, RT_JSON_ERROR_INVALID_VALUE, "subscription_end_date");
        }
    }
}

/* --- limits ---------------------------------------------------------------- */

static GBytes *
padded_body (gsize size)
{
  static const char head[] = "{\"service_users\": [], \"padding\": \"";
  static const char tail[] = "\"}";
  char *data = g_malloc (size);

  g_assert_cmpuint (size, >, strlen (head) + strlen (tail));
  memcpy (data, head, strlen (head));
  memset (data + strlen (head), 'x', size - strlen (head) - strlen (tail));
  memcpy (data + size - strlen (tail), tail, strlen (tail));

  return g_bytes_new_take (data, size);
}

static void
test_oversized (void)
{
  g_autoptr(GBytes) at_limit = padded_body (RT_JSON_MAX_BYTES);
  g_autoptr(GBytes) over_limit = padded_body (RT_JSON_MAX_BYTES + 1);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = rt_json_parse_service_users (at_limit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 0);

  g_assert_null (rt_json_parse_service_users (over_limit, &error));
  assert_json_error (error, RT_JSON_ERROR_TOO_LARGE, "(root)");
}

static void
test_depth (void)
{
  static const struct {
    const char *body;
    gboolean valid;
  } cases[] = {
    /* The root object is level 1. */
    { "{\"service_users\": [], \"x\": [[[[[[[]]]]]]]}", TRUE },
    { "{\"service_users\": [], \"x\": [[[[[[[[]]]]]]]]}", FALSE },
    { "{\"service_users\": [], \"x\": [{\"a\": [{\"b\": [{\"c\": {}}]}]}]}", TRUE },
    { "{\"service_users\": [], \"x\": [{\"a\": [{\"b\": [{\"c\": {\"d\": []}}]}]}]}", FALSE },
    /* Brackets inside strings, with escaped quotes, do not count. */
    { "{\"service_users\": [], \"x\": \"[[[[[[[[[[{{{{{{{{{{\"}", TRUE },
    { "{\"service_users\": [], \"x\": \"\\\"[[[[[[[[[[\\\\\", \"y\": [[]]}", TRUE },
    /* An escaped backslash before "u0000" is not a NUL escape. */
    { "{\"service_users\": [], \"x\": \"\\\\u0000\"}", TRUE },
    /* A surrogate pair is fine; only an unpaired surrogate is refused. */
    { "{\"service_users\": [], \"x\": \"\\ud83d\\ude00\"}", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) users = NULL;

      g_test_message ("%s", cases[i].body);
      users = rt_json_parse_service_users (bytes, &error);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_nonnull (users);
        }
      else
        {
          g_assert_null (users);
          assert_json_error (error, RT_JSON_ERROR_TOO_DEEP, "(root)");
        }
    }
}

/* Found by fuzz/: json-glib 1.6 takes the first of several top-level
 * values, and skips comments, leaking what follows. */
#define EMPTY_PAGE "{ \"tokens\": [], \"next_page_token\": null, \"total\": 0 }"

static void
test_trailing_values (void)
{
  static const char * const bodies[] = {
    EMPTY_PAGE " 1", EMPTY_PAGE "[]", "1 " EMPTY_PAGE, "\"x\"" EMPTY_PAGE,
    EMPTY_PAGE " /* note */", EMPTY_PAGE " // note\n",
  };
  g_autoptr(GBytes) fixture = load_fixture ("fuzz-two-values.json");
  g_autoptr(GBytes) quoted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rt_json_parse_token_page (fixture, NULL, NULL, NULL, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (bodies[i]);

      g_clear_error (&error);
      g_test_message ("body %s", bodies[i]);
      g_assert_false (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &error));
      assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
    }

  /* Brackets, quotes and slashes inside strings are not structure. */
  g_clear_error (&error);
  quoted = bytes_from_string ("{ \"tokens\": [], \"next_page_token\": \"}{'/\\\"\", "
                              "\"total\": 0 }\n");
  g_assert_true (rt_json_parse_token_page (quoted, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Found by fuzz/: a "\u" escape short of four hex digits makes json-glib
 * leak the string it was reading, or take the escape in part. */
static void
test_short_unicode_escape (void)
{
  static const char * const names[] = { "n\\u12g4", "n\\u00e", "n\\u" };
  g_autoptr(GBytes) fixture = load_fixture ("fuzz-short-unicode-escape.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (rt_json_parse_account (fixture, &error));
  assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
  g_assert_nonnull (strstr (error->message, "four hex digits"));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *body = g_strdup_printf ("{ \"service_users\": [ { \"id\": \"svc_1\", "
                                               "\"name\": \"%s\" } ] }", names[i]);
      g_autoptr(GBytes) bytes = bytes_from_string (body);
      g_autoptr(GPtrArray) users = NULL;

      g_clear_error (&error);
      g_test_message ("name %s", names[i]);
      users = rt_json_parse_service_users (bytes, &error);
      g_assert_null (users);
      assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
    }
}


/* json-glib 1.6 lets some unpaired surrogates through as invalid UTF-8,
 * which GTK, GVariant and D-Bus would trip over later; they are refused. */
static void
test_unpaired_surrogate (void)
{
  static const char * const names[] = { "n\\udc00x", "n\\ud800x", "\\udfff!!", "n\\ud800\\u0041" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(RtToken) token = NULL;
      g_autofree char *body = NULL;

      body = g_strdup_printf ("{\"id\": \"tok_1\", \"name\": \"%s\", \"type\": \"user\", "
                              "\"username\": \"p+n\", \"status\": \"active\", "
                              "\"created_at\": \"2026-11-18T09:30:00Z\", "
                              "\"subscription_end_date\": null, \"products\": [], "
                              "\"created_by\": \"A\", \"created_for\": \"A\"}", names[i]);
      bytes = bytes_from_string (body);

      g_test_message ("name %s", names[i]);
      token = rt_json_parse_token (bytes, &error);
      g_assert_null (token);
      assert_json_error (error, RT_JSON_ERROR_MALFORMED, "(root)");
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_stack_bomb (void)
{
  /* Far too deep for a recursive parser: refused before json-glib sees it. */
  gsize size = 1024 * 1024;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, '[', size);
  bytes = g_bytes_new_take (data, size);
  g_assert_null (rt_json_parse_token (bytes, &error));
  assert_json_error (error, RT_JSON_ERROR_TOO_DEEP, "(root)");
}

int
main (int   argc,
      char *argv[])
{
  rt_test_json_init (&argc, &argv);

  g_test_add_func ("/json/broken/malformed", test_malformed);
  g_test_add_func ("/json/broken/truncated-page", test_truncated_page);
  g_test_add_func ("/json/broken/empty-body", test_empty_body);
  g_test_add_func ("/json/broken/token-wrong-type", test_token_wrong_type);
  g_test_add_func ("/json/broken/product-bad-repositories", test_product_bad_repositories);
  g_test_add_func ("/json/broken/token-missing-id", test_token_missing_id);
  g_test_add_func ("/json/broken/token-bad-date", test_token_bad_date);
  g_test_add_func ("/json/broken/token-bad-end-date", test_token_bad_end_date);
  g_test_add_func ("/json/broken/token-bad-status", test_token_bad_status);
  g_test_add_func ("/json/broken/page-bad-token", test_page_bad_token);
  g_test_add_func ("/json/broken/page-too-deep", test_page_too_deep);
  g_test_add_func ("/json/broken/unpaired-surrogate", test_unpaired_surrogate);
  g_test_add_func ("/json/broken/trailing-values", test_trailing_values);
  g_test_add_func ("/json/broken/short-unicode-escape", test_short_unicode_escape);
  g_test_add_func ("/json/broken/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json/broken/account-bad-role", test_account_bad_role);
  g_test_add_func ("/json/broken/account-errors", test_account_errors);
  g_test_add_func ("/json/broken/create-no-secret", test_create_no_secret);
  g_test_add_func ("/json/broken/not-an-object", test_not_an_object);
  g_test_add_func ("/json/broken/array-element-errors", test_array_element_errors);
  g_test_add_func ("/json/broken/page-total", test_page_total);
  g_test_add_func ("/json/token-unknown-fields", test_token_unknown_fields);
  g_test_add_func ("/json/dates/date-time", test_date_time_formats);
  g_test_add_func ("/json/dates/date", test_date_formats);
  g_test_add_func ("/json/limits/oversized", test_oversized);
  g_test_add_func ("/json/limits/depth", test_depth);
  g_test_add_func ("/json/limits/stack-bomb", test_stack_bomb);

  return g_test_run ();
}
