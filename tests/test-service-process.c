/* test-service-process.c: the reference service as a process: restarts, CLI, clients, stdout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-test-api.h"
#include "rt-test-util.h"

/* Persistence and the command line */

static void
test_persistence (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(Reply) created = create_token (f, f->service->member_key, "{\"name\":\"survivor\"}");
  g_autoptr(Reply) service = create_token (f, f->service->admin_key,
                                           "{\"name\":\"svc-survivor\",\"type\":\"service\","
                                           "\"service_user\":\"svc_deploy\"}");
  g_autoptr(Reply) before = list_tokens (f, f->service->admin_key);
  g_autoptr(Reply) after = NULL;
  g_autoptr(Reply) old_member = NULL;
  g_autoptr(Reply) old_admin = NULL;
  g_autoptr(Reply) new_member = NULL;
  g_autoptr(Reply) deleted = NULL;
  g_autofree char *member_key = g_strdup (f->service->member_key);
  g_autofree char *admin_key = g_strdup (f->service->admin_key);
  g_autofree char *member_path = g_strconcat ("/tokens/", reply_token_id (created), NULL);

  rt_test_service_restart (f->service);

  /* fresh keys each start, and the old ones still work */
  g_assert_cmpstr (f->service->member_key, !=, member_key);
  g_assert_cmpstr (f->service->admin_key, !=, admin_key);

  old_member = api_get (f, "/me", member_key);
  assert_status (old_member, 200);
  g_assert_cmpstr (get_string (get_object (reply_object (old_member), "user"), "id"), ==, "u_mia");
  old_admin = api_get (f, "/me", admin_key);
  assert_status (old_admin, 200);
  g_assert_cmpstr (get_string (reply_object (old_admin), "role"), ==, "admin");
  new_member = api_get (f, "/me", f->service->member_key);
  assert_status (new_member, 200);
  g_assert_cmpstr (get_string (get_object (reply_object (new_member), "user"), "id"), ==, "u_mia");

  /* the tokens are as they were, and the demo was not seeded twice */
  after = list_tokens (f, admin_key);
  g_assert_true (json_node_equal (before->root, after->root));
  g_assert_cmpint (get_int (reply_object (after), "total"), ==, 8);

  /* and can be managed */
  deleted = send_request (f, "DELETE", member_path, member_key, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 7);
}

static void
test_add_key_member (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *key = rt_test_service_add_key (f->service, "member");
  g_autoptr(Reply) me = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) hidden = NULL;
  JsonObject *user;
  JsonObject *token;

  g_assert_true (g_str_has_prefix (key, "rtkey_"));
  g_assert_cmpuint (strlen (key), ==, 6 + 43);

  me = api_get (f, "/me", key);
  assert_status (me, 200);
  g_assert_cmpstr (get_string (reply_object (me), "role"), ==, "member");
  user = get_object (reply_object (me), "user");
  g_assert_cmpstr (get_string (user, "id"), !=, "u_mia");
  g_assert_cmpstr (get_string (user, "id"), !=, "u_ada");
  g_assert_cmpstr (get_string (user, "name"), !=, "");
  g_assert_cmpstr (get_string (get_object (reply_object (me), "project"), "id"), ==, "acme");

  list = list_tokens (f, key);
  g_assert_cmpuint (json_array_get_length (get_array (reply_object (list), "tokens")), ==, 0);
  g_assert_cmpint (get_int (reply_object (list), "total"), ==, 0);
  g_assert_null (get_nullable_string (reply_object (list), "next_page_token"));

  /* Mia's tokens are not theirs */
  hidden = api_get (f, "/tokens/tok_demo1", key);
  assert_problem (hidden, 404, "not-found");

  created = create_token (f, key, "{\"name\":\"second-member\"}");
  token = get_object (reply_object (created), "token");
  g_assert_cmpstr (get_string (token, "created_by"), ==, get_string (user, "name"));
  g_assert_cmpstr (get_string (token, "created_for"), ==, get_string (user, "name"));

  g_assert_cmpint (list_total (f, key), ==, 1);
  g_assert_cmpint (list_total (f, f->service->member_key), ==, 3);
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 7);
}

static void
test_add_key_admin (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *key = rt_test_service_add_key (f->service, "admin");
  g_autoptr(Reply) me = api_get (f, "/me", key);
  g_autoptr(Reply) users = api_get (f, "/service-users", key);

  assert_status (me, 200);
  g_assert_cmpstr (get_string (reply_object (me), "role"), ==, "admin");
  g_assert_cmpstr (get_string (get_object (reply_object (me), "user"), "id"), !=, "u_ada");
  assert_status (users, 200);
  g_assert_cmpint (list_total (f, key), ==, 6);
}

/* Concurrency */

typedef struct
{
  guint pending;
  guint succeeded;
} Concurrent;

static void
on_concurrent_reply (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  Concurrent *state = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);

  {
    g_autoptr(Reply) reply = finish_reply (msg, body);
    guint expected = g_str_equal (soup_message_get_method (msg), "POST") ? 201 : 200;

    assert_status (reply, expected);
    if (g_str_equal (g_uri_get_path (soup_message_get_uri (msg)), "/api/v1/tokens") &&
        expected == 200)
      g_assert_cmpint (get_int (reply_object (reply), "total"), >=, 3);
    else if (expected == 200)
      g_assert_cmpstr (get_string (get_object (reply_object (reply), "project"), "id"), ==, "acme");
  }

  state->succeeded++;
  state->pending--;
}

static void
send_concurrently (Fixture    *f,
                   GPtrArray  *messages)
{
  Concurrent state = { 0, };

  for (guint i = 0; i < messages->len; i++)
    {
      soup_session_send_and_read_async (f->session, g_ptr_array_index (messages, i),
                                        G_PRIORITY_DEFAULT, NULL,
                                        on_concurrent_reply, &state);
      state.pending++;
    }

  rt_test_wait_until (state.pending == 0);

  g_assert_cmpuint (state.succeeded, ==, messages->len);
}

static SoupMessage *new_message (Fixture    *f,
                                 const char *method,
                                 const char *path,
                                 const char *key,
                                 const char *body,
                                 ...) G_GNUC_NULL_TERMINATED;

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *key,
             const char *body,
             ...)
{
  SoupMessage *msg;
  va_list headers;

  va_start (headers, body);
  msg = build_message (f, method, path, key, body, headers);
  va_end (headers);

  return msg;
}

static void
test_concurrency_reads (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 20; i++)
    {
      const char *key = i % 2 ? f->service->member_key : f->service->admin_key;

      if (i % 2)
        g_ptr_array_add (messages, new_message (f, "GET", "/me", key, NULL, NULL));
      else
        g_ptr_array_add (messages, new_message (f, "GET", "/tokens", key, NULL, NULL));
    }

  send_concurrently (f, messages);
}

/* Fifty clients walk the list at once, each on its own connection: every
 * page is answered, none refused or cut short. */
static void
test_concurrency_fifty_lists (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autofree char *page_token = NULL;

  for (guint page = 0; page < 3; page++)
    {
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *path = NULL;

      if (page_token == NULL)
        path = g_strdup ("/tokens?page_size=2");
      else
        path = g_strdup_printf ("/tokens?page_size=2&page_token=%s", page_token);

      for (guint i = 0; i < 50; i++)
        g_ptr_array_add (messages, new_message (f, "GET", path, f->service->admin_key,
                                                NULL, NULL));
      send_concurrently (f, messages);

      /* The next page, as every client was told. */
      {
        g_autoptr(Reply) reply = api_get (f, path, f->service->admin_key);

        g_clear_pointer (&page_token, g_free);
        page_token = g_strdup (get_nullable_string (reply_object (reply), "next_page_token"));
      }
    }

  g_assert_null (page_token);
}

static void
test_concurrency_writes (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(Reply) list = NULL;
  JsonArray *tokens;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"parallel-%02u\"}", i);

      g_ptr_array_add (messages, new_message (f, "POST", "/tokens", f->service->admin_key,
                                              body, NULL));
      g_ptr_array_add (messages, new_message (f, "GET", "/tokens", f->service->member_key,
                                              NULL, NULL));
    }

  send_concurrently (f, messages);

  list = list_tokens (f, f->service->admin_key);
  tokens = get_array (reply_object (list), "tokens");
  g_assert_cmpint (get_int (reply_object (list), "total"), ==, 16);
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = json_array_get_object_element (tokens, i);

      g_hash_table_add (names, (gpointer) get_string (token, "id"));
    }
  g_assert_cmpuint (g_hash_table_size (names), ==, 16);
}

/* Standard output */

static void
test_stdout_only_keys (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  const char * const *lines;
  guint url_lines = 0;

  /* make the service handle secrets and keys, across a restart */
  for (guint run = 0; run < 2; run++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"quiet-%u\"}", run);
      g_autofree char *path = NULL;
      g_autoptr(Reply) created = create_token (f, f->service->member_key, body);
      g_autoptr(Reply) regenerated = NULL;

      g_ptr_array_add (secrets, g_strdup (get_string (reply_object (created), "secret")));
      path = g_strconcat ("/tokens/", reply_token_id (created), "/regenerate-secret", NULL);
      regenerated = api_post (f, path, f->service->member_key, NULL);
      assert_status (regenerated, 200);
      g_ptr_array_add (secrets, g_strdup (get_string (reply_object (regenerated), "secret")));

      if (run == 0)
        rt_test_service_restart (f->service);
    }

  rt_test_service_stop (f->service);

  lines = rt_test_service_get_stdout_lines (f->service);
  g_assert_nonnull (lines);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* never log a key, not even in the test log */
      g_test_message ("stdout: %s",
                      g_str_has_prefix (lines[i], "url: ") ? lines[i] : "(another line)");
      g_assert_true (g_str_has_prefix (lines[i], "member-key: ") ||
                     g_str_has_prefix (lines[i], "admin-key: ") ||
                     g_str_has_prefix (lines[i], "url: "));
      if (g_str_has_prefix (lines[i], "url: "))
        url_lines++;

      for (guint s = 0; s < secrets->len; s++)
        g_assert_null (strstr (lines[i], g_ptr_array_index (secrets, s)));
    }

  /* one url line per start, and it is each start's last line */
  g_assert_cmpuint (url_lines, ==, 2);
  g_assert_cmpuint (g_strv_length ((char **) lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[2], "url: "));
  g_assert_true (g_str_has_prefix (lines[5], "url: "));
}

/* Without --now the service runs on the real clock */
static void
test_real_clock (void)
{
  g_autoptr(RtTestService) service = rt_test_service_start (NULL);
  Fixture fixture = { service, create_session () };
  Fixture *f = &fixture;
  g_autoptr(Reply) me = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *token;

  g_assert_null (service->now);

  me = api_get (f, "/me", service->member_key);
  assert_status (me, 200);

  created = create_token (f, service->member_key, "{\"name\":\"real-clock\"}");
  token = get_object (reply_object (created), "token");
  created_at = g_date_time_new_from_iso8601 (get_string (token, "created_at"), NULL);
  g_assert_nonnull (created_at);
  g_assert_cmpint (ABS (g_date_time_difference (created_at, now)), <, 5 * G_TIME_SPAN_MINUTE);

  g_clear_object (&fixture.session);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  RT_TEST_API_ADD ("persistence/restart", test_persistence);
  RT_TEST_API_ADD ("cli/add-key-member", test_add_key_member);
  RT_TEST_API_ADD ("cli/add-key-admin", test_add_key_admin);
  RT_TEST_API_ADD ("concurrency/reads", test_concurrency_reads);
  RT_TEST_API_ADD ("concurrency/fifty-lists", test_concurrency_fifty_lists);
  RT_TEST_API_ADD ("concurrency/writes", test_concurrency_writes);
  RT_TEST_API_ADD ("stdout/only-keys", test_stdout_only_keys);
  g_test_add_func ("/service/real-clock", test_real_clock);

  return g_test_run ();
}
