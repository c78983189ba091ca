/* test-service-errors.c: the reference service's errors, statuses and idempotency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-api.h"

/* Errors */

static void
test_error_400 (Fixture       *f,
                gconstpointer  user_data)
{
  const char *bodies[] = {
    "{\"name\": ",                 /* not JSON */
    "[\"name\", \"x-y-z\"]",       /* not an object */
    "\"just a string\"",
    "{\"name\":\"caf\xff\xfe\"}",  /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Reply) reply = api_post (f, "/tokens", f->service->member_key, bodies[i]);

      g_test_message ("body %u", i);
      assert_problem (reply, 400, "bad-request");
    }

  /* a query parameter that is not a number */
  {
    g_autoptr(Reply) reply = api_get (f, "/tokens?page_size=ten", f->service->member_key);

    assert_problem (reply, 400, "bad-request");
  }

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

/* Found by fuzz/: json-glib 1.6 takes the first of several values (and
 * leaks the rest, as it does the string it was reading at a short "\u"
 * escape), so these were created or answered 422. */
static void
test_error_400_json_glib (Fixture       *f,
                          gconstpointer  user_data)
{
  const char *bodies[] = {
    "{\"name\": \"fuzz-one\"}{\"name\": \"fuzz-two\"}",
    "{\"name\": \"fuzz-one\"} 1",
    "{\"name\": \"fuzz-one\"} /* note */",
    "{\"name\": \"fuzz-\\u12g4\"}",
    "{\"name\": \"fuzz\\ud80\"\\ud800\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Reply) reply = api_post (f, "/tokens", f->service->member_key, bodies[i]);

      g_test_message ("body %s", bodies[i]);
      assert_problem (reply, 400, "bad-request");
    }

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}


static void
assert_unauthorized (Reply *reply)
{
  assert_problem (reply, 401, "unauthorized");
  g_assert_cmpstr (reply_header (reply, "WWW-Authenticate"), ==,
                   "Bearer realm=\"registry-tokens\"");
}

static void
test_error_401 (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *basic = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(Reply) none = api_get (f, "/me", NULL);
  g_autoptr(Reply) unknown = api_get (f, "/tokens",
                                      "rtkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_autoptr(Reply) empty = api_get (f, "/tokens", "");
  g_autoptr(Reply) wrong_scheme = NULL;
  g_autoptr(Reply) secret_as_key = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) post = NULL;

  assert_unauthorized (none);
  assert_unauthorized (unknown);
  assert_unauthorized (empty);

  basic = g_strdup_printf ("Basic %s", f->service->member_key);
  wrong_scheme = send_request (f, "GET", "/me", NULL, NULL, "Authorization", basic, NULL);
  assert_unauthorized (wrong_scheme);

  /* a token secret is not an access key */
  created = create_token (f, f->service->member_key, "{\"name\":\"not-a-key\"}");
  secret_as_key = api_get (f, "/me", get_string (reply_object (created), "secret"));
  assert_unauthorized (secret_as_key);

  /* and nothing is made without a key */
  post = api_post (f, "/tokens", NULL, "{\"name\":\"sneaky\"}");
  assert_unauthorized (post);
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 7);
}

static void
test_error_403 (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(Reply) service_token = NULL;
  g_autoptr(Reply) service_users = NULL;

  service_token = api_post (f, "/tokens", f->service->member_key,
                            "{\"name\":\"member-svc\",\"type\":\"service\","
                            "\"service_user\":\"svc_ci\"}");
  assert_problem (service_token, 403, "forbidden");

  service_users = api_get (f, "/service-users", f->service->member_key);
  assert_problem (service_users, 403, "forbidden");

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

static void
test_error_404 (Fixture       *f,
                gconstpointer  user_data)
{
  const char *paths[] = {
    "/nope",
    "/tokens/tok_doesnotexist",
    "/tokens/tok_demo1/nope",
    "//api/v2/tokens",
    "//nope",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) reply = api_get (f, paths[i], f->service->admin_key);

      g_test_message ("GET %s", paths[i]);
      assert_problem (reply, 404, "not-found");
    }

  /* unknown ids for every call on one token */
  {
    g_autoptr(Reply) deleted = send_request (f, "DELETE", "/tokens/tok_doesnotexist",
                                             f->service->admin_key, NULL, NULL);
    g_autoptr(Reply) regenerated = api_post (f, "/tokens/tok_doesnotexist/regenerate-secret",
                                             f->service->admin_key, NULL);
    g_autoptr(Reply) resynced = api_post (f, "/tokens/tok_doesnotexist/resync-products",
                                          f->service->admin_key, NULL);

    assert_problem (deleted, 404, "not-found");
    assert_problem (regenerated, 404, "not-found");
    assert_problem (resynced, 404, "not-found");
  }

  /* another user's token, for a member */
  {
    g_autoptr(Reply) reply = api_get (f, "/tokens/tok_demo6", f->service->member_key);

    assert_problem (reply, 404, "not-found");
  }
}

/* Splits an Allow header into its methods */
static gboolean
allow_contains (const char *allow,
                const char *method)
{
  g_auto(GStrv) methods = g_strsplit (allow, ",", -1);

  for (guint i = 0; methods[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (g_strstrip (methods[i]), method) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_error_405 (Fixture       *f,
                gconstpointer  user_data)
{
  const struct {
    const char *method;
    const char *path;
    const char *allowed[3];
  } cases[] = {
    { "PUT", "/tokens", { "GET", "POST", NULL } },
    { "DELETE", "/tokens", { "GET", "POST", NULL } },
    { "POST", "/me", { "GET", NULL } },
    { "DELETE", "/subscriptions", { "GET", NULL } },
    { "PUT", "/tokens/tok_demo1", { "GET", "DELETE", NULL } },
    { "PATCH", "/tokens/tok_demo1", { "GET", "DELETE", NULL } },
    { "GET", "/tokens/tok_demo1/regenerate-secret", { "POST", NULL } },
    { "DELETE", "/tokens/tok_demo1/resync-products", { "POST", NULL } },
    { "POST", "/service-users", { "GET", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = NULL;
      const char *allow;

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      reply = send_request (f, cases[i].method, cases[i].path, f->service->admin_key,
                            g_str_equal (cases[i].method, "GET") ||
                            g_str_equal (cases[i].method, "DELETE") ? NULL : "{}",
                            NULL);
      assert_problem (reply, 405, "method-not-allowed");

      allow = reply_header (reply, "Allow");
      g_assert_nonnull (allow);
      for (guint m = 0; cases[i].allowed[m] != NULL; m++)
        g_assert_true (allow_contains (allow, cases[i].allowed[m]));
      g_assert_false (allow_contains (allow, cases[i].method));
    }

  /* nothing was deleted or changed */
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

static void
test_error_409 (Fixture       *f,
                gconstpointer  user_data)
{
  const struct {
    gboolean    admin;
    const char *body;
  } cases[] = {
    { FALSE, "{\"name\":\"ci-pipeline\"}" },
    { FALSE, "{\"name\":\"CI-PIPELINE\"}" },
    { TRUE, "{\"name\":\"Ci-Pipeline\"}" },
    /* unique in the project, even against tokens the caller cannot see */
    { FALSE, "{\"name\":\"old-build-farm\"}" },
    { FALSE, "{\"name\":\"PROD-cluster\"}" },
    { TRUE, "{\"name\":\"prod-cluster\",\"type\":\"service\",\"service_user\":\"svc_ci\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = NULL;

      g_test_message ("%s", cases[i].body);
      reply = api_post (f, "/tokens",
                        cases[i].admin ? f->service->admin_key : f->service->member_key,
                        cases[i].body);
      assert_problem (reply, 409, "conflict");
    }

  /* a name made here conflicts with its own case variant too */
  {
    g_autoptr(Reply) created = create_token (f, f->service->member_key,
                                             "{\"name\":\"Fresh.Name\"}");
    g_autoptr(Reply) duplicate = api_post (f, "/tokens", f->service->admin_key,
                                           "{\"name\":\"fresh.name\"}");

    assert_problem (duplicate, 409, "conflict");
  }

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 7);
}

static void
test_error_413 (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *padding = g_strnfill (64 * 1024, 'x');
  g_autofree char *body = g_strdup_printf ("{\"name\":\"too-big\",\"padding\":\"%s\"}", padding);
  g_autoptr(Reply) reply = NULL;

  g_assert_cmpuint (strlen (body), >, 64 * 1024);

  reply = api_post (f, "/tokens", f->service->member_key, body);
  assert_problem (reply, 413, "payload-too-large");

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

static void
test_error_422_name (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *too_long = g_strnfill (65, 'a');
  g_autofree char *too_long_body = g_strdup_printf ("{\"name\":\"%s\"}", too_long);
  const char *bodies[] = {
    "{\"name\":\"ab\"}",            /* too short */
    too_long_body,                  /* 65 characters */
    "{\"name\":\"bad name\"}",      /* a space */
    "{\"name\":\"bad/name\"}",
    "{\"name\":\"bad!\"}",
    "{\"name\":\"caf\xc3\xa9\"}",   /* not ASCII */
    "{\"name\":\"-leading\"}",      /* not a letter or a digit first */
    "{\"name\":\".leading\"}",
    "{\"name\":\"_leading\"}",
    "{\"name\":\"\"}",
    "{\"name\":42}",                /* not a string */
    "{\"name\":null}",
    "{}",                           /* missing */
    "{\"type\":\"user\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Reply) reply = api_post (f, "/tokens", f->service->member_key, bodies[i]);

      g_test_message ("%s", bodies[i]);
      assert_validation (reply, "name");
    }

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

static void
test_error_422_type (Fixture       *f,
                     gconstpointer  user_data)
{
  const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"name\":\"typed\",\"type\":\"robot\"}", "type" },
    { "{\"name\":\"typed\",\"type\":\"User\"}", "type" },
    { "{\"name\":\"typed\",\"type\":7}", "type" },
    /* a service token needs a known service user */
    { "{\"name\":\"typed\",\"type\":\"service\"}", "service_user" },
    { "{\"name\":\"typed\",\"type\":\"service\",\"service_user\":null}", "service_user" },
    { "{\"name\":\"typed\",\"type\":\"service\",\"service_user\":\"svc_nope\"}", "service_user" },
    { "{\"name\":\"typed\",\"type\":\"service\",\"service_user\":\"u_mia\"}", "service_user" },
    /* a user token must not name one */
    { "{\"name\":\"typed\",\"type\":\"user\",\"service_user\":\"svc_ci\"}", "service_user" },
    { "{\"name\":\"typed\",\"service_user\":\"svc_ci\"}", "service_user" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = api_post (f, "/tokens", f->service->admin_key, cases[i].body);

      g_test_message ("%s", cases[i].body);
      assert_validation (reply, cases[i].field);
    }

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
}

static void
test_error_422_paging (Fixture       *f,
                       gconstpointer  user_data)
{
  const struct {
    const char *path;
    const char *field;
  } cases[] = {
    { "/tokens?page_size=0", "page_size" },
    { "/tokens?page_size=1001", "page_size" },
    { "/tokens?page_size=-1", "page_size" },
    { "/tokens?page_token=bogus", "page_token" },
    { "/tokens?page_token=%21%21%21", "page_token" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = api_get (f, cases[i].path, f->service->admin_key);

      g_test_message ("%s", cases[i].path);
      assert_validation (reply, cases[i].field);
    }

  /* the bounds themselves are fine */
  {
    g_autoptr(Reply) one = api_get (f, "/tokens?page_size=1", f->service->admin_key);
    g_autoptr(Reply) most = api_get (f, "/tokens?page_size=1000", f->service->admin_key);

    assert_status (one, 200);
    assert_status (most, 200);
    g_assert_cmpuint (json_array_get_length (get_array (reply_object (one), "tokens")), ==, 1);
    g_assert_cmpuint (json_array_get_length (get_array (reply_object (most), "tokens")), ==, 6);
  }
}

static void
test_error_422_no_subscription (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) list = NULL;
  JsonArray *tokens;

  /* a day after sub_platform, the last subscription, ends */
  g_free (f->service->now);
  f->service->now = g_strdup ("2027-09-15T00:00:00Z");
  rt_test_service_restart (f->service);

  reply = api_post (f, "/tokens", f->service->member_key, "{\"name\":\"too-late\"}");
  assert_problem (reply, 422, "no-active-subscription");

  /* and every token has expired */
  list = list_tokens (f, f->service->admin_key);
  tokens = get_array (reply_object (list), "tokens");
  g_assert_cmpuint (json_array_get_length (tokens), ==, 6);
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = json_array_get_object_element (tokens, i);

      assert_token_shape (token);
      g_assert_cmpstr (get_string (token, "status"), ==, "expired");
    }
}

/* Status follows "today" */

static const char *
token_status (Fixture    *f,
              const char *id)
{
  g_autofree char *path = g_strconcat ("/tokens/", id, NULL);
  g_autoptr(Reply) reply = api_get (f, path, f->service->admin_key);

  assert_status (reply, 200);

  return g_intern_string (get_string (reply_object (reply), "status"));
}

static void
test_status_end_date (Fixture       *f,
                      gconstpointer  user_data)
{
  /* sub_vision ends on D+20: tok_demo3 is active through that whole day */
  g_free (f->service->now);
  f->service->now = g_strdup (D_PLUS_20 "T23:59:59Z");
  rt_test_service_restart (f->service);
  g_assert_cmpstr (token_status (f, "tok_demo3"), ==, "active");
  g_assert_cmpstr (token_status (f, "tok_demo1"), ==, "active");

  g_free (f->service->now);
  f->service->now = g_strdup ("2026-12-09T00:00:00Z");
  rt_test_service_restart (f->service);
  g_assert_cmpstr (token_status (f, "tok_demo3"), ==, "expired");
  g_assert_cmpstr (token_status (f, "tok_demo1"), ==, "active");

  /* a token made now lacks vision-kit, whose subscription has ended */
  {
    g_autoptr(Reply) created = create_token (f, f->service->member_key, "{\"name\":\"december\"}");
    JsonObject *token = get_object (reply_object (created), "token");
    g_autofree char *products = join_ids (get_array (token, "products"));

    g_assert_cmpstr (products, ==, "data-lake,fleet-manager,motion-sdk");
    g_assert_cmpstr (get_string (token, "created_at"), ==, "2026-12-09T00:00:00Z");
  }
}

/* Idempotency */

static void
test_idempotency_create (Fixture       *f,
                         gconstpointer  user_data)
{
  const char *key = "7c1f9a52-3e0b-4d8e-9a51-0f6f2b7c9d10";
  const char *body = "{\"name\":\"idem-token\"}";
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) reused = NULL;
  g_autoptr(Reply) other_path = NULL;
  gint64 before;

  before = list_total (f, f->service->member_key);

  first = send_request (f, "POST", "/tokens", f->service->member_key, body,
                        "Idempotency-Key", key, NULL);
  assert_status (first, 201);
  second = send_request (f, "POST", "/tokens", f->service->member_key, body,
                         "Idempotency-Key", key, NULL);
  assert_status (second, 201);

  g_assert_cmpstr (reply_token_id (first), ==, reply_token_id (second));
  g_assert_cmpstr (get_string (reply_object (first), "secret"), ==,
                   get_string (reply_object (second), "secret"));
  g_assert_cmpstr (reply_header (first, "Location"), ==, reply_header (second, "Location"));
  /* byte for byte */
  g_assert_true (g_bytes_equal (first->body, second->body));

  g_assert_cmpint (list_total (f, f->service->member_key), ==, before + 1);

  /* the same key with another body */
  reused = send_request (f, "POST", "/tokens", f->service->member_key,
                         "{\"name\":\"idem-other\"}",
                         "Idempotency-Key", key, NULL);
  assert_problem (reused, 422, "idempotency-key-reused");

  /* the same key with another path */
  other_path = send_request (f, "POST", "/tokens/tok_demo1/regenerate-secret",
                             f->service->member_key, NULL,
                             "Idempotency-Key", key, NULL);
  assert_problem (other_path, 422, "idempotency-key-reused");

  g_assert_cmpint (list_total (f, f->service->member_key), ==, before + 1);
}

static void
test_idempotency_regenerate (Fixture       *f,
                             gconstpointer  user_data)
{
  const char *path = "/tokens/tok_demo1/regenerate-secret";
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) fresh = NULL;

  first = send_request (f, "POST", path, f->service->member_key, NULL,
                        "Idempotency-Key", "regen-1", NULL);
  second = send_request (f, "POST", path, f->service->member_key, NULL,
                         "Idempotency-Key", "regen-1", NULL);
  fresh = send_request (f, "POST", path, f->service->member_key, NULL,
                        "Idempotency-Key", "regen-2", NULL);

  assert_status (first, 200);
  assert_status (second, 200);
  assert_status (fresh, 200);

  g_assert_cmpstr (get_string (reply_object (first), "secret"), ==,
                   get_string (reply_object (second), "secret"));
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_cmpstr (get_string (reply_object (fresh), "secret"), !=,
                   get_string (reply_object (first), "secret"));
}

static void
test_idempotency_per_user (Fixture       *f,
                           gconstpointer  user_data)
{
  const char *key = "shared-key";
  g_autoptr(Reply) by_member = NULL;
  g_autoptr(Reply) by_admin = NULL;
  g_autoptr(Reply) without_key = NULL;

  /* keys are scoped to the user: the admin's use is a request of its own */
  by_member = send_request (f, "POST", "/tokens", f->service->member_key,
                            "{\"name\":\"per-user-a\"}", "Idempotency-Key", key, NULL);
  by_admin = send_request (f, "POST", "/tokens", f->service->admin_key,
                           "{\"name\":\"per-user-b\"}", "Idempotency-Key", key, NULL);
  assert_status (by_member, 201);
  assert_status (by_admin, 201);
  g_assert_cmpstr (reply_token_id (by_member), !=, reply_token_id (by_admin));

  /* and a request without a key is never replayed */
  without_key = api_post (f, "/tokens", f->service->member_key, "{\"name\":\"per-user-a\"}");
  assert_problem (without_key, 409, "conflict");

  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 8);
}

static void
test_idempotency_error_replayed (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;

  /* A first reply is returned again whatever it was; after a 409 nothing
   * that could change it happens, so the second reply is the same 409.
   */
  first = send_request (f, "POST", "/tokens", f->service->member_key,
                        "{\"name\":\"ci-pipeline\"}", "Idempotency-Key", "dup-1", NULL);
  second = send_request (f, "POST", "/tokens", f->service->member_key,
                         "{\"name\":\"ci-pipeline\"}", "Idempotency-Key", "dup-1", NULL);
  assert_problem (first, 409, "conflict");
  assert_problem (second, 409, "conflict");
}

static void
test_idempotency_forgotten_on_restart (Fixture       *f,
                                       gconstpointer  user_data)
{
  const char *body = "{\"name\":\"restart-idem\"}";
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) after = NULL;

  first = send_request (f, "POST", "/tokens", f->service->member_key, body,
                        "Idempotency-Key", "restart-1", NULL);
  assert_status (first, 201);

  rt_test_service_restart (f->service);

  /* the reply (and its secret) was in memory only, but the key's token
   * is remembered: never a 409 for the caller's own token */
  after = send_request (f, "POST", "/tokens", f->service->member_key, body,
                        "Idempotency-Key", "restart-1", NULL);
  assert_problem (after, 409, "secret-unavailable");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  RT_TEST_API_ADD ("errors/400", test_error_400);
  RT_TEST_API_ADD ("errors/400-json-glib", test_error_400_json_glib);
  RT_TEST_API_ADD ("errors/401", test_error_401);
  RT_TEST_API_ADD ("errors/403", test_error_403);
  RT_TEST_API_ADD ("errors/404", test_error_404);
  RT_TEST_API_ADD ("errors/405", test_error_405);
  RT_TEST_API_ADD ("errors/409", test_error_409);
  RT_TEST_API_ADD ("errors/413", test_error_413);
  RT_TEST_API_ADD ("errors/422-name", test_error_422_name);
  RT_TEST_API_ADD ("errors/422-type", test_error_422_type);
  RT_TEST_API_ADD ("errors/422-paging", test_error_422_paging);
  RT_TEST_API_ADD ("errors/422-no-active-subscription", test_error_422_no_subscription);
  RT_TEST_API_ADD ("status/end-date", test_status_end_date);
  RT_TEST_API_ADD ("idempotency/create", test_idempotency_create);
  RT_TEST_API_ADD ("idempotency/regenerate", test_idempotency_regenerate);
  RT_TEST_API_ADD ("idempotency/per-user", test_idempotency_per_user);
  RT_TEST_API_ADD ("idempotency/error-replayed", test_idempotency_error_replayed);
  RT_TEST_API_ADD ("idempotency/forgotten-on-restart", test_idempotency_forgotten_on_restart);

  return g_test_run ();
}
