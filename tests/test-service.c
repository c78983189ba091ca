/* test-service.c: the reference service against docs/token-api.md: each call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-api.h"

/* GET /me */

static void
test_me_member (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(Reply) reply = api_get (f, "/me", f->service->member_key);
  JsonObject *me;
  JsonObject *user;
  JsonObject *project;

  /* access keys: rtkey_ and 43 characters of unpadded base64url */
  g_assert_true (g_str_has_prefix (f->service->member_key, "rtkey_"));
  g_assert_cmpuint (strlen (f->service->member_key), ==, 6 + 43);
  g_assert_true (g_str_has_prefix (f->service->admin_key, "rtkey_"));
  g_assert_cmpuint (strlen (f->service->admin_key), ==, 6 + 43);
  g_assert_cmpstr (f->service->member_key, !=, f->service->admin_key);

  assert_status (reply, 200);
  me = reply_object (reply);

  user = get_object (me, "user");
  g_assert_cmpstr (get_string (user, "id"), ==, "u_mia");
  g_assert_cmpstr (get_string (user, "name"), ==, "Mia Member");
  g_assert_nonnull (strchr (get_string (user, "email"), '@'));

  project = get_object (me, "project");
  g_assert_cmpstr (get_string (project, "id"), ==, "acme");
  g_assert_cmpstr (get_string (project, "name"), ==, "Acme Robotics");

  g_assert_cmpstr (get_string (me, "role"), ==, "member");
  g_assert_cmpstr (get_string (me, "registry"), ==, "registry.example.test");
}

static void
test_me_admin (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(Reply) reply = api_get (f, "/me", f->service->admin_key);
  JsonObject *me;
  JsonObject *user;
  JsonObject *project;

  assert_status (reply, 200);
  me = reply_object (reply);

  user = get_object (me, "user");
  g_assert_cmpstr (get_string (user, "id"), ==, "u_ada");
  g_assert_cmpstr (get_string (user, "name"), ==, "Ada Admin");
  g_assert_nonnull (strchr (get_string (user, "email"), '@'));

  project = get_object (me, "project");
  g_assert_cmpstr (get_string (project, "id"), ==, "acme");
  g_assert_cmpstr (get_string (project, "name"), ==, "Acme Robotics");

  g_assert_cmpstr (get_string (me, "role"), ==, "admin");
  g_assert_cmpstr (get_string (me, "registry"), ==, "registry.example.test");
}

/* GET /subscriptions */

static void
test_subscriptions (Fixture       *f,
                    gconstpointer  user_data)
{
  const struct {
    const char *id;
    const char *end_date;
    const char *products;  /* sorted ids: the contract does not order them */
  } expected[] = {
    { "sub_legacy", D_MINUS_45, "edge-os,fleet-manager" },
    { "sub_vision", D_PLUS_20, "vision-kit" },
    { "sub_platform", D_PLUS_300, "data-lake,fleet-manager,motion-sdk" },
  };
  const char *keys[] = { f->service->member_key, f->service->admin_key };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autoptr(Reply) reply = api_get (f, "/subscriptions", keys[k]);
      JsonArray *subscriptions;

      assert_status (reply, 200);
      subscriptions = get_array (reply_object (reply), "subscriptions");
      g_assert_cmpuint (json_array_get_length (subscriptions), ==, G_N_ELEMENTS (expected));

      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        {
          JsonObject *subscription = json_array_get_object_element (subscriptions, i);
          JsonArray *products = get_array (subscription, "products");
          g_autofree char *ids = join_sorted_ids (products);

          g_assert_cmpstr (get_string (subscription, "id"), ==, expected[i].id);
          g_assert_cmpstr (get_string (subscription, "end_date"), ==, expected[i].end_date);
          g_assert_cmpstr (ids, ==, expected[i].products);
          for (guint p = 0; p < json_array_get_length (products); p++)
            assert_product (json_array_get_object_element (products, p));
        }
    }
}

static void
test_subscriptions_subscribe (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;
  g_autofree char *ids = NULL;
  JsonArray *subscriptions;
  JsonObject *added;
  g_autofree char *products = NULL;

  rt_test_service_subscribe (f->service, "robot-arm", "Robot Arm", "1.0", "2027-01-01");

  reply = api_get (f, "/subscriptions", f->service->member_key);
  assert_status (reply, 200);
  subscriptions = get_array (reply_object (reply), "subscriptions");
  g_assert_cmpuint (json_array_get_length (subscriptions), ==, 4);

  /* ordered by end_date: between sub_vision and sub_platform */
  added = json_array_get_object_element (subscriptions, 2);
  g_assert_cmpstr (get_string (added, "end_date"), ==, "2027-01-01");
  products = join_ids (get_array (added, "products"));
  g_assert_cmpstr (products, ==, "robot-arm");
  assert_product (json_array_get_object_element (get_array (added, "products"), 0));
  ids = join_ids (subscriptions);
  g_assert_true (g_str_has_prefix (ids, "sub_legacy,sub_vision,"));
  g_assert_true (g_str_has_suffix (ids, ",sub_platform"));
}

/* GET /tokens */

static void
test_tokens_list_member (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(Reply) reply = list_tokens (f, f->service->member_key);
  JsonObject *list = reply_object (reply);
  JsonArray *tokens = get_array (list, "tokens");
  g_autofree char *ids = join_ids (tokens);

  g_assert_cmpstr (ids, ==, "tok_demo1,tok_demo3,tok_demo2");
  g_assert_cmpint (get_int (list, "total"), ==, 3);
  g_assert_null (get_nullable_string (list, "next_page_token"));

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = json_array_get_object_element (tokens, i);

      assert_token (token, find_demo_token (get_string (token, "id")));
    }
}

static void
test_tokens_list_admin (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(Reply) reply = list_tokens (f, f->service->admin_key);
  JsonObject *list = reply_object (reply);
  JsonArray *tokens = get_array (list, "tokens");

  g_assert_cmpuint (json_array_get_length (tokens), ==, G_N_ELEMENTS (demo_tokens));
  g_assert_cmpint (get_int (list, "total"), ==, 6);
  g_assert_null (get_nullable_string (list, "next_page_token"));

  for (guint i = 0; i < G_N_ELEMENTS (demo_tokens); i++)
    assert_token (json_array_get_object_element (tokens, i), &demo_tokens[i]);
}

static void
test_tokens_get (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(Reply) list = list_tokens (f, f->service->admin_key);
  JsonArray *tokens = get_array (reply_object (list), "tokens");

  for (guint i = 0; i < G_N_ELEMENTS (demo_tokens); i++)
    {
      g_autofree char *path = g_strconcat ("/tokens/", demo_tokens[i].id, NULL);
      g_autoptr(Reply) reply = api_get (f, path, f->service->admin_key);

      assert_status (reply, 200);
      assert_token (reply_object (reply), &demo_tokens[i]);
      /* the same Token as in the list */
      g_assert_true (json_node_equal (reply->root, json_array_get_element (tokens, i)));
    }

  /* and a member gets their own */
  {
    g_autoptr(Reply) reply = api_get (f, "/tokens/tok_demo3", f->service->member_key);

    assert_status (reply, 200);
    assert_token (reply_object (reply), find_demo_token ("tok_demo3"));
  }
}

/* POST /tokens */

static void
test_tokens_create_user (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(Reply) reply = create_token (f, f->service->member_key, "{\"name\":\"new-laptop\"}");
  g_autoptr(Reply) got = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected_ids = NULL;
  JsonObject *token = get_object (reply_object (reply), "token");
  const ExpectedToken expected = {
    get_string (token, "id"), "new-laptop", "user", "active", NOW, D_PLUS_300,
    ACTIVE_PRODUCTS, "Mia Member", "Mia Member"
  };

  assert_token (token, &expected);
  g_assert_null (get_nullable_string (token, "last_used_at"));

  /* the new token reads back the same, without its secret */
  path = g_strconcat ("/tokens/", expected.id, NULL);
  got = api_get (f, path, f->service->member_key);
  assert_status (got, 200);
  g_assert_true (json_node_equal (got->root,
                                  json_object_get_member (reply_object (reply), "token")));

  /* and is listed first */
  ids = list_token_ids (f, f->service->member_key);
  expected_ids = g_strconcat (expected.id, ",tok_demo1,tok_demo3,tok_demo2", NULL);
  g_assert_cmpstr (ids, ==, expected_ids);
}

static void
test_tokens_create_explicit_user (Fixture       *f,
                                  gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;
  JsonObject *token;

  reply = create_token (f, f->service->admin_key,
                        "{\"name\":\"abc\",\"type\":\"user\",\"service_user\":null}");
  token = get_object (reply_object (reply), "token");
  g_assert_cmpstr (get_string (token, "type"), ==, "user");
  g_assert_cmpstr (get_string (token, "created_by"), ==, "Ada Admin");
  g_assert_cmpstr (get_string (token, "created_for"), ==, "Ada Admin");
  g_assert_cmpstr (get_string (token, "username"), ==, "acme+abc");
}

static void
test_tokens_create_name_limits (Fixture       *f,
                                gconstpointer  user_data)
{
  /* 3 and 64 characters, every allowed character, a digit first */
  g_autofree char *long_name = g_strnfill (64, 'a');
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", long_name);
  g_autoptr(Reply) shortest = create_token (f, f->service->member_key, "{\"name\":\"a_1\"}");
  g_autoptr(Reply) longest = create_token (f, f->service->member_key, body);
  g_autoptr(Reply) mixed = create_token (f, f->service->member_key, "{\"name\":\"9Zz.a_b-c\"}");

  g_assert_cmpstr (get_string (get_object (reply_object (longest), "token"), "name"), ==,
                   long_name);
  g_assert_cmpstr (get_string (get_object (reply_object (mixed), "token"), "username"), ==,
                   "acme+9Zz.a_b-c");
}

static void
test_tokens_create_service (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;
  JsonObject *token;
  const char *id;

  reply = create_token (f, f->service->admin_key,
                        "{\"name\":\"backup-job\",\"type\":\"service\","
                        "\"service_user\":\"svc_ci\"}");
  token = get_object (reply_object (reply), "token");
  id = get_string (token, "id");
  {
    const ExpectedToken expected = {
      id, "backup-job", "service", "active", NOW, D_PLUS_300, ACTIVE_PRODUCTS,
      "Ada Admin", "ci-bot"
    };
    assert_token (token, &expected);
  }

  /* a member does not see service tokens */
  {
    g_autofree char *path = g_strconcat ("/tokens/", id, NULL);
    g_autoptr(Reply) hidden = api_get (f, path, f->service->member_key);

    assert_problem (hidden, 404, "not-found");
    g_assert_cmpint (list_total (f, f->service->member_key), ==, 3);
    g_assert_cmpint (list_total (f, f->service->admin_key), ==, 7);
  }
}

/* POST /tokens/{id}/regenerate-secret */

static void
test_tokens_regenerate (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(Reply) created = create_token (f, f->service->member_key, "{\"name\":\"regen-me\"}");
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autofree char *path = NULL;
  const char *id = reply_token_id (created);
  const char *secret0 = get_string (reply_object (created), "secret");
  const char *secret1;
  const char *secret2;

  path = g_strconcat ("/tokens/", id, "/regenerate-secret", NULL);

  /* no body */
  first = api_post (f, path, f->service->member_key, NULL);
  assert_status (first, 200);
  g_assert_cmpstr (reply_token_id (first), ==, id);
  assert_token_shape (get_object (reply_object (first), "token"));
  secret1 = get_string (reply_object (first), "secret");
  assert_secret (secret1);

  /* "{}" as the body */
  second = api_post (f, path, f->service->member_key, "{}");
  assert_status (second, 200);
  g_assert_cmpstr (reply_token_id (second), ==, id);
  secret2 = get_string (reply_object (second), "secret");
  assert_secret (secret2);

  g_assert_cmpstr (secret0, !=, secret1);
  g_assert_cmpstr (secret1, !=, secret2);
  g_assert_cmpstr (secret0, !=, secret2);

  /* the token itself is unchanged */
  g_assert_true (json_node_equal (json_object_get_member (reply_object (created), "token"),
                                  json_object_get_member (reply_object (second), "token")));
}

static void
test_tokens_regenerate_demo (Fixture       *f,
                             gconstpointer  user_data)
{
  /* an admin may regenerate anybody's token, a member their own */
  g_autoptr(Reply) by_admin = api_post (f, "/tokens/tok_demo1/regenerate-secret",
                                        f->service->admin_key, NULL);
  g_autoptr(Reply) by_member = api_post (f, "/tokens/tok_demo1/regenerate-secret",
                                         f->service->member_key, NULL);

  assert_status (by_admin, 200);
  assert_status (by_member, 200);
  assert_token (get_object (reply_object (by_admin), "token"), find_demo_token ("tok_demo1"));
  assert_secret (get_string (reply_object (by_admin), "secret"));
  assert_secret (get_string (reply_object (by_member), "secret"));
  g_assert_cmpstr (get_string (reply_object (by_admin), "secret"), !=,
                   get_string (reply_object (by_member), "secret"));
}

/* POST /tokens/{id}/resync-products */

static void
test_tokens_resync_added (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(Reply) unchanged = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) other = NULL;
  g_autoptr(Reply) created = NULL;
  g_autofree char *added = NULL;
  g_autofree char *products = NULL;
  g_autofree char *other_products = NULL;
  g_autofree char *created_products = NULL;
  JsonObject *object;
  JsonObject *token;

  /* nothing new yet */
  unchanged = api_post (f, "/tokens/tok_demo1/resync-products", f->service->member_key, NULL);
  assert_status (unchanged, 200);
  g_assert_cmpuint (json_array_get_length (get_array (reply_object (unchanged), "added")), ==, 0);
  g_assert_cmpuint (json_array_get_length (get_array (reply_object (unchanged), "removed")), ==, 0);
  assert_token (get_object (reply_object (unchanged), "token"), find_demo_token ("tok_demo1"));

  rt_test_service_subscribe (f->service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");

  /* products added later reach a token only through re-sync */
  other = api_get (f, "/tokens/tok_demo3", f->service->member_key);
  assert_status (other, 200);
  other_products = join_ids (get_array (reply_object (other), "products"));
  g_assert_cmpstr (other_products, ==, "vision-kit");

  reply = api_post (f, "/tokens/tok_demo1/resync-products", f->service->member_key, NULL);
  assert_status (reply, 200);
  object = reply_object (reply);

  added = check_products (get_array (object, "added"));
  g_assert_cmpstr (added, ==, "robot-arm");
  g_assert_cmpuint (json_array_get_length (get_array (object, "removed")), ==, 0);

  token = get_object (object, "token");
  assert_token_shape (token);
  g_assert_cmpstr (get_string (token, "id"), ==, "tok_demo1");
  products = join_ids (get_array (token, "products"));
  g_assert_cmpstr (products, ==, "data-lake,fleet-manager,motion-sdk,robot-arm,vision-kit");
  g_assert_cmpstr (get_nullable_string (token, "subscription_end_date"), ==, D_PLUS_300);
  g_assert_cmpstr (get_string (token, "status"), ==, "active");

  /* the change persists */
  {
    g_autoptr(Reply) got = api_get (f, "/tokens/tok_demo1", f->service->member_key);

    assert_status (got, 200);
    g_assert_true (json_node_equal (got->root, json_object_get_member (object, "token")));
  }

  /* a new token gets the new product straight away */
  created = create_token (f, f->service->member_key, "{\"name\":\"after-subscribe\"}");
  token = get_object (reply_object (created), "token");
  created_products = join_ids (get_array (token, "products"));
  g_assert_cmpstr (created_products, ==, "data-lake,fleet-manager,motion-sdk,robot-arm,vision-kit");
}

static void
test_tokens_resync_removed (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(Reply) reply = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *added = NULL;
  g_autofree char *products = NULL;
  JsonObject *object;
  JsonObject *token;

  /* tok_demo2's only product, edge-os, is in the expired sub_legacy only */
  reply = api_post (f, "/tokens/tok_demo2/resync-products", f->service->member_key, NULL);
  assert_status (reply, 200);
  object = reply_object (reply);

  removed = check_products (get_array (object, "removed"));
  g_assert_cmpstr (removed, ==, "edge-os");
  added = check_products (get_array (object, "added"));
  g_assert_cmpstr (added, ==, ACTIVE_PRODUCTS);

  token = get_object (object, "token");
  assert_token_shape (token);
  g_assert_cmpstr (get_string (token, "id"), ==, "tok_demo2");
  products = join_ids (get_array (token, "products"));
  g_assert_cmpstr (products, ==, ACTIVE_PRODUCTS);
  g_assert_cmpstr (get_nullable_string (token, "subscription_end_date"), ==, D_PLUS_300);
  g_assert_cmpstr (get_string (token, "status"), ==, "active");
  g_assert_cmpstr (get_string (token, "created_at"), ==, "2026-05-02T09:30:00Z");
}

/* DELETE /tokens/{id} */

static void
test_tokens_delete (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(Reply) deleted = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) got = NULL;
  g_autoptr(Reply) list = NULL;
  g_autofree char *ids = NULL;

  deleted = send_request (f, "DELETE", "/tokens/tok_demo3", f->service->member_key, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);

  got = api_get (f, "/tokens/tok_demo3", f->service->member_key);
  assert_problem (got, 404, "not-found");

  again = send_request (f, "DELETE", "/tokens/tok_demo3", f->service->member_key, NULL, NULL);
  assert_problem (again, 404, "not-found");

  list = list_tokens (f, f->service->member_key);
  ids = join_ids (get_array (reply_object (list), "tokens"));
  g_assert_cmpstr (ids, ==, "tok_demo1,tok_demo2");
  g_assert_cmpint (get_int (reply_object (list), "total"), ==, 2);
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 5);
}

static void
test_tokens_delete_frees_name (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(Reply) deleted = NULL;
  g_autoptr(Reply) created = NULL;

  deleted = send_request (f, "DELETE", "/tokens/tok_demo1", f->service->member_key, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);

  created = create_token (f, f->service->member_key, "{\"name\":\"ci-pipeline\"}");
  g_assert_cmpstr (reply_token_id (created), !=, "tok_demo1");
}

/* GET /service-users */

static void
test_service_users (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(Reply) reply = api_get (f, "/service-users", f->service->admin_key);
  g_autoptr(Reply) denied = api_get (f, "/service-users", f->service->member_key);
  JsonArray *users;
  g_autofree char *ids = NULL;

  assert_status (reply, 200);
  users = get_array (reply_object (reply), "service_users");
  ids = join_sorted_ids (users);
  g_assert_cmpstr (ids, ==, "svc_ci,svc_deploy");

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *id = get_string (user, "id");

      g_assert_cmpstr (get_string (user, "name"), ==,
                       g_str_equal (id, "svc_ci") ? "ci-bot" : "deploy-bot");
    }

  assert_problem (denied, 403, "forbidden");
}

int
main (int   argc,
      char *argv[])
{
  /* tests/rt-test-session.sh already gives the program private XDG dirs */
  g_test_init (&argc, &argv, NULL);

  RT_TEST_API_ADD ("me/member", test_me_member);
  RT_TEST_API_ADD ("me/admin", test_me_admin);
  RT_TEST_API_ADD ("subscriptions/list", test_subscriptions);
  RT_TEST_API_ADD ("subscriptions/subscribe", test_subscriptions_subscribe);
  RT_TEST_API_ADD ("tokens/list-member", test_tokens_list_member);
  RT_TEST_API_ADD ("tokens/list-admin", test_tokens_list_admin);
  RT_TEST_API_ADD ("tokens/get", test_tokens_get);
  RT_TEST_API_ADD ("tokens/create-user", test_tokens_create_user);
  RT_TEST_API_ADD ("tokens/create-explicit-user", test_tokens_create_explicit_user);
  RT_TEST_API_ADD ("tokens/create-name-limits", test_tokens_create_name_limits);
  RT_TEST_API_ADD ("tokens/create-service", test_tokens_create_service);
  RT_TEST_API_ADD ("tokens/regenerate", test_tokens_regenerate);
  RT_TEST_API_ADD ("tokens/regenerate-demo", test_tokens_regenerate_demo);
  RT_TEST_API_ADD ("tokens/resync-added", test_tokens_resync_added);
  RT_TEST_API_ADD ("tokens/resync-removed", test_tokens_resync_removed);
  RT_TEST_API_ADD ("tokens/delete", test_tokens_delete);
  RT_TEST_API_ADD ("tokens/delete-frees-name", test_tokens_delete_frees_name);
  RT_TEST_API_ADD ("service-users", test_service_users);

  return g_test_run ();
}
