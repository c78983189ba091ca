/* test-json.c: the pure JSON parsers and builders on good replies, from fixture files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rt-test-json.h"

#define FIXTURE_SECRET "rtsec_q0Yl0m7B0o0HcM3S9xg0vEo5v2l3q8QeQw7x1L4n0cA"

static void
assert_product_at (GPtrArray  *products,
                   guint       index,
                   const char *id,
                   const char *name,
                   const char *version)
{
  RtProduct *product;

  g_assert_cmpuint (index, <, products->len);
  product = g_ptr_array_index (products, index);
  g_assert_cmpstr (rt_product_get_id (product), ==, id);
  g_assert_cmpstr (rt_product_get_name (product), ==, name);
  g_assert_cmpstr (rt_product_get_version (product), ==, version);
}

/* --- good replies -------------------------------------------------------- */

static void
test_token (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token.json");
  g_autoptr(GError) error = NULL;
  RtToken *token;
  GListModel *products;

  token = rt_json_parse_token (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (RT_IS_TOKEN (token));

  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_3f9a0c1d2e4b5a69");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+ci-pipeline");
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  assert_date_time (rt_token_get_created_at (token), "2026-11-18T09:30:00Z");
  assert_date (rt_token_get_subscription_end_date (token), 2026, 12, 18);
  g_assert_cmpstr (rt_token_get_created_by (token), ==, "Mia Member");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "Mia Member");
  assert_date_time (rt_token_get_last_used_at (token), "2026-11-19T06:15:30.250Z");

  products = rt_token_get_products (token);
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 2);
  assert_product (products, 0, "motion-sdk", "Motion SDK", "5.2");
  assert_product (products, 1, "vision-kit", "Vision Kit", "3.0");
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "Motion SDK, Vision Kit");

  /* RT_FAKE_NOW is 2026-11-20. */
  g_assert_cmpint (rt_token_get_days_left (token), ==, 28);
  g_assert_true (rt_token_get_expiring_soon (token));

  g_assert_finalize_object (token);
}

static void
test_token_page (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-page.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *next = NULL;
  guint total = 0;
  RtToken *token;
  gboolean ok;

  ok = rt_json_parse_token_page (bytes, &tokens, &next, &total, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (next, ==, "MjAyNS0wMS0wMlQwMzowNDowNVp8dG9rXzAwMDAwMDAwMDAwMDAwYTE");
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (tokens->len, ==, 3);

  token = g_ptr_array_index (tokens, 0);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_00000000000000c3");
  g_assert_cmpstr (rt_token_get_name (token), ==, "laptop");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+laptop");
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  assert_date_time (rt_token_get_created_at (token), "2026-11-19T10:00:00Z");
  assert_date (rt_token_get_subscription_end_date (token), 2026, 12, 18);
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 1);
  assert_product (rt_token_get_products (token), 0, "vision-kit", "Vision Kit", "3.0");
  g_assert_cmpstr (rt_token_get_created_by (token), ==, "Ada Admin");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "Mia Member");
  g_assert_null (rt_token_get_last_used_at (token));

  token = g_ptr_array_index (tokens, 1);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_00000000000000b2");
  g_assert_cmpstr (rt_token_get_name (token), ==, "deploy");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_EXPIRED);
  g_assert_null (rt_token_get_subscription_end_date (token));
  g_assert_cmpint (rt_token_get_days_left (token), ==, RT_TOKEN_DAYS_LEFT_NONE);
  g_assert_false (rt_token_get_expiring_soon (token));
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 0);
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "deploy-bot");
  assert_date_time (rt_token_get_last_used_at (token), "2026-11-18T23:59:59Z");

  token = g_ptr_array_index (tokens, 2);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_00000000000000a1");
  g_assert_cmpstr (rt_token_get_name (token), ==, "build.farm_2");
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_EXPIRED);
  assert_date_time (rt_token_get_created_at (token), "2025-01-02T03:04:05Z");
  assert_date (rt_token_get_subscription_end_date (token), 2026, 1, 31);
  g_assert_cmpint (rt_token_get_days_left (token), <, 0);
  g_assert_false (rt_token_get_expiring_soon (token));
  assert_product (rt_token_get_products (token), 0, "motion-sdk", "Motion SDK", "5.1");

  /* The out arguments are optional. */
  g_assert_true (rt_json_parse_token_page (bytes, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_token_page_last (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("token-page-last.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  char *next = (char *) "unset";
  guint total = 0;
  RtToken *token;

  g_assert_true (rt_json_parse_token_page (bytes, &tokens, &next, &total, &error));
  g_assert_no_error (error);
  g_assert_null (next);
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (tokens->len, ==, 1);

  token = g_ptr_array_index (tokens, 0);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_0000000000000099");
  g_assert_cmpstr (rt_token_get_name (token), ==, "old-ci");
  assert_date (rt_token_get_subscription_end_date (token), 2024, 12, 31);
  /* last_used_at is absent altogether. */
  g_assert_null (rt_token_get_last_used_at (token));
}

static void
test_account (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("account.json");
  g_autoptr(GError) error = NULL;
  RtAccount *account;

  account = rt_json_parse_account (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (RT_IS_ACCOUNT (account));
  g_assert_cmpstr (rt_account_get_user_id (account), ==, "u_mia");
  g_assert_cmpstr (rt_account_get_user_name (account), ==, "Mia Member");
  g_assert_cmpstr (rt_account_get_user_email (account), ==, "mia@acme.example");
  g_assert_cmpstr (rt_account_get_project_id (account), ==, "acme");
  g_assert_cmpstr (rt_account_get_project_name (account), ==, "Acme Robotics");
  g_assert_cmpint (rt_account_get_role (account), ==, RT_ROLE_MEMBER);
  g_assert_cmpstr (rt_account_get_registry (account), ==, "registry.example.test:5000");
  g_assert_finalize_object (account);
}

static void
test_subscriptions (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("subscriptions.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) subscriptions = NULL;
  RtSubscription *subscription;
  GListModel *products;

  subscriptions = rt_json_parse_subscriptions (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subscriptions->len, ==, 2);

  subscription = g_ptr_array_index (subscriptions, 0);
  g_assert_cmpstr (rt_subscription_get_id (subscription), ==, "sub_legacy");
  assert_date (rt_subscription_get_end_date (subscription), 2025, 12, 31);
  g_assert_cmpuint (g_list_model_get_n_items (rt_subscription_get_products (subscription)), ==, 0);

  subscription = g_ptr_array_index (subscriptions, 1);
  g_assert_cmpstr (rt_subscription_get_id (subscription), ==, "sub_vision");
  assert_date (rt_subscription_get_end_date (subscription), 2026, 12, 18);
  g_assert_cmpuint (g_list_model_get_n_items (rt_subscription_get_products (subscription)), ==, 2);
  products = rt_subscription_get_products (subscription);
  assert_product (products, 0, "motion-sdk", "Motion SDK", "5.2");
  assert_product (products, 1, "vision-kit", "Vision Kit", "3.0");

  /* Servers before registry logins send no repositories: empty, not NULL. */
  {
    g_autoptr(RtProduct) motion = g_list_model_get_item (products, 0);
    g_autoptr(RtProduct) vision = g_list_model_get_item (products, 1);
    const char * const expected[] = { "vision-kit/camera", "vision-kit/tools", NULL };

    g_assert_cmpstrv (rt_product_get_repositories (motion), ((const char * const[]) { NULL }));
    g_assert_cmpstrv (rt_product_get_repositories (vision), expected);
  }
}

static void
test_service_users (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("service-users.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;

  users = rt_json_parse_service_users (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_cmpstr (rt_service_user_get_id (g_ptr_array_index (users, 0)), ==, "svc_deploy");
  g_assert_cmpstr (rt_service_user_get_name (g_ptr_array_index (users, 0)), ==, "deploy-bot");
  g_assert_cmpstr (rt_service_user_get_id (g_ptr_array_index (users, 1)), ==, "svc_nightly");
  g_assert_cmpstr (rt_service_user_get_name (g_ptr_array_index (users, 1)), ==, "nightly-builds");
}

static void
test_create_reply (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("create-reply.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(RtSecret) expected = rt_secret_new (FIXTURE_SECRET, -1);
  RtToken *token;

  token = rt_json_parse_token_with_secret (bytes, &secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_true (rt_secret_equal (secret, expected));
  g_assert_cmpstr (rt_secret_get (secret, NULL), ==, FIXTURE_SECRET);
  g_assert_cmpuint (rt_secret_get_len (secret), ==, strlen (FIXTURE_SECRET));

  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_5b7c9d1e3f5a7b9c");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  assert_date_time (rt_token_get_created_at (token), "2026-11-20T12:00:00Z");
  g_assert_cmpstr (rt_token_get_created_by (token), ==, "Ada Admin");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "deploy-bot");
  g_assert_null (rt_token_get_last_used_at (token));
  g_assert_finalize_object (token);

  /* The secret is optional for the caller, and is still wiped. */
  token = rt_json_parse_token_with_secret (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (token);
}

static void
test_create_secret_errors (void)
{
  static const struct {
    const char *body;
    RtJsonError code;
    const char *path;
  } cases[] = {
    { "{\"token\": {}, \"secret\": 42}", RT_JSON_ERROR_WRONG_TYPE, "secret" },
    { "{\"token\": {}, \"secret\": null}", RT_JSON_ERROR_WRONG_TYPE, "secret" },
    { "{\"token\": {}, \"secret\": \"\"}", RT_JSON_ERROR_INVALID_VALUE, "secret" },
    { "{\"token\": {}, \"secret\": \"rtsec_a b\"}", RT_JSON_ERROR_INVALID_VALUE, "secret" },
    { "{\"secret\": \"rtsec_abc\"}", RT_JSON_ERROR_MISSING_FIELD, "token" },
    { "{\"token\": [], \"secret\": \"rtsec_abc\"}", RT_JSON_ERROR_WRONG_TYPE, "token" },
    { "{\"token\": {}, \"secret\": \"rtsec_abc\"}", RT_JSON_ERROR_MISSING_FIELD, "token.id" },
    /* json-glib would cut the secret short at an escaped NUL. */
    { "{\"token\": {}, \"secret\": \"rtsec_abc\\u0000def\"}", RT_JSON_ERROR_MALFORMED, "(root)" },
    /* json-glib's own message would quote the secret around a lone surrogate. */
    { "{\"token\": {}, \"secret\": \"rtsec_abc\\ud800\"}", RT_JSON_ERROR_MALFORMED, "(root)" },
    { "{\"token\": {}, \"secret\": \"rtsec_abc\\udc00x\"}", RT_JSON_ERROR_MALFORMED, "(root)" },
    { "{\"token\": {}, \"secret\": \"rtsec_abc\" \"rtsec_def\"}", RT_JSON_ERROR_MALFORMED, "(root)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(RtSecret) secret = NULL;
      g_autoptr(RtToken) token = NULL;

      token = rt_json_parse_token_with_secret (bytes, &secret, &error);
      assert_json_error (error, cases[i].code, cases[i].path);
      g_assert_null (token);
      g_assert_null (secret);
      /* The secret never reaches a log through the message. */
      g_assert_null (strstr (error->message, "rtsec_"));
    }
}

static void
test_resync_reply (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("resync-reply.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  RtToken *token;

  token = rt_json_parse_resync (bytes, &added, &removed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_3f9a0c1d2e4b5a69");
  assert_date (rt_token_get_subscription_end_date (token), 2027, 3, 31);
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 2);
  g_assert_null (rt_token_get_last_used_at (token));

  g_assert_cmpuint (added->len, ==, 1);
  assert_product_at (added, 0, "motion-sdk", "Motion SDK", "5.2");
  g_assert_cmpuint (removed->len, ==, 2);
  assert_product_at (removed, 0, "legacy-tools", "Legacy Tools", "1.0");
  assert_product_at (removed, 1, "old-sdk", "Old SDK", "0.9");
  g_assert_finalize_object (token);
}

static void
test_problem_validation (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("problem-validation.json");
  g_autoptr(GError) error = NULL;
  RtProblem *problem;
  const char * const *fields;

  problem = rt_json_parse_problem (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_problem_get_type_uri (problem), ==, "urn:registry-tokens:problem:validation");
  g_assert_cmpstr (rt_problem_get_kind (problem), ==, "validation");
  g_assert_true (rt_problem_has_kind (problem, "validation"));
  g_assert_false (rt_problem_has_kind (problem, "conflict"));
  g_assert_cmpstr (rt_problem_get_title (problem), ==, "Invalid request");
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 422);
  g_assert_cmpstr (rt_problem_get_detail (problem), ==,
                   "The token name must start with a letter or a digit.");

  fields = rt_problem_get_fields (problem);
  g_assert_cmpuint (g_strv_length ((char **) fields), ==, 2);
  g_assert_cmpstr (fields[0], ==, "name");
  g_assert_cmpstr (fields[1], ==, "service_user");
  g_assert_cmpstr (rt_problem_get_field_error (problem, "name"), ==,
                   "must start with a letter or a digit");
  g_assert_cmpstr (rt_problem_get_field_error (problem, "service_user"), ==,
                   "must be absent or null for a user token");
  g_assert_null (rt_problem_get_field_error (problem, "type"));
  g_assert_finalize_object (problem);
}

static void
test_problem_conflict (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("problem-conflict.json");
  g_autoptr(GError) error = NULL;
  RtProblem *problem;

  problem = rt_json_parse_problem (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_problem_get_kind (problem), ==, "conflict");
  g_assert_cmpstr (rt_problem_get_title (problem), ==, "Conflict");
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 409);
  g_assert_cmpstr (rt_problem_get_detail (problem), ==,
                   "A token named \"ci-pipeline\" already exists in this project.");
  g_assert_cmpuint (g_strv_length ((char **) rt_problem_get_fields (problem)), ==, 0);
  g_assert_null (rt_problem_get_field_error (problem, "name"));
  g_assert_finalize_object (problem);
}

static void
test_problem_errors (void)
{
  static const struct {
    const char *body;
    RtJsonError code;
    const char *path;
  } cases[] = {
    { "{\"title\": \"t\", \"status\": 400}", RT_JSON_ERROR_MISSING_FIELD, "type" },
#define PROBLEM_HEAD "{\"type\": \"urn:x\", \"title\": \"t\", "
    { PROBLEM_HEAD "\"status\": \"400\"}", RT_JSON_ERROR_WRONG_TYPE, "status" },
    { PROBLEM_HEAD "\"status\": 4.5}", RT_JSON_ERROR_WRONG_TYPE, "status" },
    { PROBLEM_HEAD "\"status\": 99}", RT_JSON_ERROR_INVALID_VALUE, "status" },
    { PROBLEM_HEAD "\"status\": 422, \"errors\": []}", RT_JSON_ERROR_WRONG_TYPE, "errors" },
    { PROBLEM_HEAD "\"status\": 422, \"errors\": {\"name\": 1}}",
      RT_JSON_ERROR_WRONG_TYPE, "errors.name" },
    { PROBLEM_HEAD "\"status\": 422, \"detail\": false}", RT_JSON_ERROR_WRONG_TYPE, "detail" },
#undef PROBLEM_HEAD
  };
  g_autoptr(GBytes) minimal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtProblem) problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from_string (cases[i].body);
      g_autoptr(GError) case_error = NULL;

      g_assert_null (rt_json_parse_problem (bytes, &case_error));
      assert_json_error (case_error, cases[i].code, cases[i].path);
      /* Failing is not a matter of the caller asking for the error. */
      g_assert_null (rt_json_parse_problem (bytes, NULL));
    }

  /* detail and errors are optional, and null counts as absent. */
  minimal = bytes_from_string ("{\"type\": \"about:blank\", \"title\": \"Teapot\", "
                               "\"status\": 418, \"detail\": null, \"errors\": null}");
  problem = rt_json_parse_problem (minimal, &error);
  g_assert_no_error (error);
  g_assert_null (rt_problem_get_detail (problem));
  g_assert_null (rt_problem_get_kind (problem));
  g_assert_cmpuint (g_strv_length ((char **) rt_problem_get_fields (problem)), ==, 0);
}

/* --- requests and names ---------------------------------------------------- */

static void
assert_create_request (GBytes     *bytes,
                       const char *name,
                       const char *type,
                       const char *service_user)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *node;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_utf8_validate (data, len, NULL));
  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);

  node = json_object_get_member (object, "service_user");
  g_assert_nonnull (node);
  if (service_user == NULL)
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  else
    g_assert_cmpstr (json_node_get_string (node), ==, service_user);
}

static void
test_build_create_request (void)
{
  g_autoptr(GBytes) user = NULL;
  g_autoptr(GBytes) service = NULL;
  g_autoptr(GBytes) quoted = NULL;

  user = rt_json_build_create_request ("ci-pipeline", RT_TOKEN_TYPE_USER, NULL);
  assert_create_request (user, "ci-pipeline", "user", NULL);

  service = rt_json_build_create_request ("deploy", RT_TOKEN_TYPE_SERVICE, "svc_deploy");
  assert_create_request (service, "deploy", "service", "svc_deploy");

  /* Escaping survives the round trip, even for names the service refuses. */
  quoted = rt_json_build_create_request ("a\"b\\c\n✓", RT_TOKEN_TYPE_USER, NULL);
  assert_create_request (quoted, "a\"b\\c\n✓", "user", NULL);
}

static void
test_validate_token_name (void)
{
  static const struct {
    const char *name;
    const char *reason;  /* NULL when valid */
  } cases[] = {
    { "ci-pipeline", NULL },
    { "abc", NULL },
    { "A.b_c-9", NULL },
    { "9lives", NULL },
    { "0123456789012345678901234567890123456789012345678901234567890123", NULL },
    { "", "Enter a name." },
    { "ab", "A name must be at least 3 characters long." },
    { "-abc", "A name must start with a letter or a digit." },
    { ".abc", "A name must start with a letter or a digit." },
    { "_a", "A name must start with a letter or a digit." },
    { "01234567890123456789012345678901234567890123456789012345678901234",
      "A name must be at most 64 characters long." },
    { "my token", "A name cannot contain spaces. Use only letters, digits, “.”, “_” and “-”." },
    { "a/b/c", "A name cannot contain “/”. Use only letters, digits, “.”, “_” and “-”." },
    { "tab\there", "A name can contain only letters, digits, “.”, “_” and “-”." },
    { "café", "A name can contain only letters, digits, “.”, “_” and “-”." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = NULL;
      gboolean valid;

      g_test_message ("name “%s”", cases[i].name);
      valid = rt_json_validate_token_name (cases[i].name, &reason);
      g_assert_cmpint (valid, ==, cases[i].reason == NULL);
      g_assert_cmpstr (reason, ==, cases[i].reason);

      /* The reason is optional. */
      g_assert_cmpint (rt_json_validate_token_name (cases[i].name, NULL), ==, valid);
    }
}

#define SHARED_TOKEN(id, product_version) \
  "{\"id\":\"" id "\",\"name\":\"n-" id "\",\"type\":\"user\"," \
  "\"username\":\"acme+n-" id "\",\"status\":\"active\"," \
  "\"created_at\":\"2026-11-01T00:00:00Z\",\"subscription_end_date\":\"2027-01-01\"," \
  "\"products\":[{\"id\":\"vision-kit\",\"name\":\"Vision Kit\",\"version\":\"" product_version "\"}]," \
  "\"created_by\":\"Ada Admin\",\"created_for\":\"Ada Admin\",\"last_used_at\":null}"

/* The tokens of a page share one object per product, and one copy of each
 * person's name and of each products label. */
static void
test_token_page_shares (void)
{
  static const char json[] =
    "{\"tokens\":[" SHARED_TOKEN ("tok_a", "3.0") "," SHARED_TOKEN ("tok_b", "3.0") ","
                      SHARED_TOKEN ("tok_c", "3.1") "],"
    "\"next_page_token\":null,\"total\":3}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtProduct) a = NULL, b = NULL, c = NULL;
  guint total = 0;

  g_assert_true (rt_json_parse_token_page (bytes, &tokens, NULL, &total, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 3);

  a = g_list_model_get_item (rt_token_get_products (g_ptr_array_index (tokens, 0)), 0);
  b = g_list_model_get_item (rt_token_get_products (g_ptr_array_index (tokens, 1)), 0);
  c = g_list_model_get_item (rt_token_get_products (g_ptr_array_index (tokens, 2)), 0);
  g_assert_true (a == b);
  g_assert_true (a != c);
  g_assert_cmpstr (rt_product_get_version (c), ==, "3.1");

  g_assert_true (rt_token_get_created_by (g_ptr_array_index (tokens, 0)) ==
                 rt_token_get_created_by (g_ptr_array_index (tokens, 1)));
  g_assert_true (rt_token_get_created_by (g_ptr_array_index (tokens, 0)) ==
                 rt_token_get_created_for (g_ptr_array_index (tokens, 2)));

  /* Products of different versions have the same label. */
  g_assert_cmpstr (rt_token_get_products_label (g_ptr_array_index (tokens, 0)), ==, "Vision Kit");
  g_assert_true (rt_token_get_products_label (g_ptr_array_index (tokens, 0)) ==
                 rt_token_get_products_label (g_ptr_array_index (tokens, 2)));
}

/* A page of a few hundred tokens, with whitespace between them, as the
 * service and other servers may write it. */
static GBytes *
build_long_page (guint        n_tokens,
                 const char  *tokens_member,
                 const char  *extra_member)
{
  g_autoptr(GString) json = g_string_new ("{ ");

  if (extra_member != NULL)
    g_string_append_printf (json, "%s,\n", extra_member);
  g_string_append_printf (json, "\"%s\" : [\n", tokens_member);
  for (guint i = 0; i < n_tokens; i++)
    {
      g_autofree char *id = g_strdup_printf ("tok_%04u", i);

      g_string_append_printf (json, "%s  " SHARED_TOKEN ("%s", "3.%u"),
                              i > 0 ? " ,\n" : "", id, id, id, i % 3);
    }
  g_string_append (json, "\n] , \"next_page_token\" : \"p2\", \"total\" : 5000 }\n");

  return g_string_free_to_bytes (g_steal_pointer (&json));
}

/* A long page is read in pieces (rt-json.c); the tokens come out whole, in
 * order, sharing their products across the pieces. */
static void
test_token_page_long (void)
{
  g_autoptr(GBytes) bytes = build_long_page (300, "tokens", "\"ignored\":{\"tokens\":[1]}");
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  guint total = 0;

  g_assert_true (rt_json_parse_token_page (bytes, &tokens, &next, &total, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 300);
  g_assert_cmpstr (next, ==, "p2");
  g_assert_cmpuint (total, ==, 5000);

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);
      g_autofree char *id = g_strdup_printf ("tok_%04u", i);
      g_autofree char *version = g_strdup_printf ("3.%u", i % 3);
      g_autoptr(RtProduct) product = g_list_model_get_item (rt_token_get_products (token), 0);
      g_autoptr(RtProduct) first = g_list_model_get_item (rt_token_get_products (g_ptr_array_index (tokens, i % 3)), 0);

      g_assert_cmpstr (rt_token_get_id (token), ==, id);
      g_assert_cmpstr (rt_product_get_version (product), ==, version);
      g_assert_true (product == first);
    }
}

/* What the pieces cannot vouch for is read as json-glib reads it: an
 * escaped member name, a second "tokens" (the last one counts), and an
 * error in a late token, which names that token. */
static void
test_token_page_long_odd (void)
{
  g_autoptr(GBytes) escaped = build_long_page (100, "tok\\u0065ns", NULL);
  g_autoptr(GBytes) twice = build_long_page (100, "tokens", "\"tokens\":[]");
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) bad = NULL;
  g_autoptr(GBytes) bad_bytes = NULL;
  const char *data;
  gsize len;

  g_assert_true (rt_json_parse_token_page (escaped, &tokens, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 100);
  g_clear_pointer (&tokens, g_ptr_array_unref);

  g_assert_true (rt_json_parse_token_page (twice, &tokens, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, ==, 100);

  /* Token 90's date made invalid, and a syntax error after the array: the
   * syntax error is reported, as when the page is read whole. */
  data = g_bytes_get_data (twice, &len);
  bad = g_string_new_len (data, len);
  g_string_replace (bad, "\"tok_0090\",\"name\":\"n-tok_0090\",\"type\":\"user\"",
                    "\"tok_0090\",\"name\":\"n-tok_0090\",\"type\":\"robot\"", 1);
  bad_bytes = g_bytes_new (bad->str, bad->len);
  g_assert_false (rt_json_parse_token_page (bad_bytes, NULL, NULL, NULL, &error));
  g_assert_error (error, RT_JSON_ERROR, RT_JSON_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "tokens[90].type: "));
  g_clear_error (&error);
  g_clear_pointer (&bad_bytes, g_bytes_unref);

  g_string_replace (bad, "\"total\" : 5000", "\"total\" : 5000,", 1);
  bad_bytes = g_bytes_new (bad->str, bad->len);
  g_assert_false (rt_json_parse_token_page (bad_bytes, NULL, NULL, NULL, &error));
  g_assert_error (error, RT_JSON_ERROR, RT_JSON_ERROR_MALFORMED);
}

int
main (int   argc,
      char *argv[])
{
  rt_test_json_init (&argc, &argv);

  g_test_add_func ("/json/token", test_token);
  g_test_add_func ("/json/token-page", test_token_page);
  g_test_add_func ("/json/token-page-last", test_token_page_last);
  g_test_add_func ("/json/token-page-shares", test_token_page_shares);
  g_test_add_func ("/json/token-page-long", test_token_page_long);
  g_test_add_func ("/json/token-page-long-odd", test_token_page_long_odd);
  g_test_add_func ("/json/account", test_account);
  g_test_add_func ("/json/subscriptions", test_subscriptions);
  g_test_add_func ("/json/service-users", test_service_users);
  g_test_add_func ("/json/create-reply", test_create_reply);
  g_test_add_func ("/json/create-secret-errors", test_create_secret_errors);
  g_test_add_func ("/json/resync-reply", test_resync_reply);
  g_test_add_func ("/json/problem-validation", test_problem_validation);
  g_test_add_func ("/json/problem-conflict", test_problem_conflict);
  g_test_add_func ("/json/problem-errors", test_problem_errors);
  g_test_add_func ("/json/build-create-request", test_build_create_request);
  g_test_add_func ("/json/validate-token-name", test_validate_token_name);

  return g_test_run ();
}
