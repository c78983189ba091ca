/* test-service-paging.c: the reference service's pages, ETags and visibility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rt-test-api.h"

/* Pagination */

typedef struct
{
  char   *ids;
  char   *next;
  gint64  total;
} Page;

static void
fetch_page (Fixture    *f,
            const char *key,
            guint       page_size,
            const char *page_token,
            Page       *page)
{
  g_autofree char *path = NULL;
  g_autoptr(Reply) reply = NULL;
  JsonObject *list;
  JsonArray *tokens;

  if (page_token != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (page_token, NULL, FALSE);
      path = g_strdup_printf ("/tokens?page_size=%u&page_token=%s", page_size, escaped);
    }
  else
    {
      path = g_strdup_printf ("/tokens?page_size=%u", page_size);
    }

  reply = api_get (f, path, key);
  assert_status (reply, 200);
  list = reply_object (reply);
  tokens = get_array (list, "tokens");
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    assert_token_shape (json_array_get_object_element (tokens, i));

  page->ids = join_ids (tokens);
  page->next = g_strdup (get_nullable_string (list, "next_page_token"));
  page->total = get_int (list, "total");
  if (page->next != NULL)
    g_assert_cmpstr (page->next, !=, "");
}

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->ids, g_free);
  g_clear_pointer (&page->next, g_free);
}

static void
test_pagination_walk (Fixture       *f,
                      gconstpointer  user_data)
{
  Page pages[3] = { { 0, } };

  fetch_page (f, f->service->admin_key, 2, NULL, &pages[0]);
  g_assert_cmpstr (pages[0].ids, ==, "tok_demo6,tok_demo1");
  g_assert_nonnull (pages[0].next);
  g_assert_cmpint (pages[0].total, ==, 6);

  fetch_page (f, f->service->admin_key, 2, pages[0].next, &pages[1]);
  g_assert_cmpstr (pages[1].ids, ==, "tok_demo4,tok_demo3");
  g_assert_nonnull (pages[1].next);
  g_assert_cmpint (pages[1].total, ==, 6);

  fetch_page (f, f->service->admin_key, 2, pages[1].next, &pages[2]);
  g_assert_cmpstr (pages[2].ids, ==, "tok_demo2,tok_demo5");
  g_assert_null (pages[2].next);
  g_assert_cmpint (pages[2].total, ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    page_clear (&pages[i]);
}

static void
test_pagination_member (Fixture       *f,
                        gconstpointer  user_data)
{
  Page pages[3] = { { 0, } };

  fetch_page (f, f->service->member_key, 1, NULL, &pages[0]);
  fetch_page (f, f->service->member_key, 1, pages[0].next, &pages[1]);
  fetch_page (f, f->service->member_key, 1, pages[1].next, &pages[2]);

  g_assert_cmpstr (pages[0].ids, ==, "tok_demo1");
  g_assert_cmpstr (pages[1].ids, ==, "tok_demo3");
  g_assert_cmpstr (pages[2].ids, ==, "tok_demo2");
  g_assert_null (pages[2].next);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_cmpint (pages[i].total, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    page_clear (&pages[i]);
}

static void
test_pagination_delete_between (Fixture       *f,
                                gconstpointer  user_data)
{
  Page pages[3] = { { 0, } };

  fetch_page (f, f->service->admin_key, 2, NULL, &pages[0]);
  g_assert_cmpstr (pages[0].ids, ==, "tok_demo6,tok_demo1");

  /* delete one already seen and the one that would have come next */
  {
    g_autoptr(Reply) seen = send_request (f, "DELETE", "/tokens/tok_demo6",
                                          f->service->admin_key, NULL, NULL);
    g_autoptr(Reply) unseen = send_request (f, "DELETE", "/tokens/tok_demo4",
                                            f->service->admin_key, NULL, NULL);

    g_assert_cmpuint (seen->status, ==, 204);
    g_assert_cmpuint (unseen->status, ==, 204);
  }

  /* and add a new one, which sorts first */
  {
    g_autoptr(Reply) created = create_token (f, f->service->admin_key, "{\"name\":\"mid-walk\"}");
  }

  fetch_page (f, f->service->admin_key, 2, pages[0].next, &pages[1]);
  g_assert_cmpstr (pages[1].ids, ==, "tok_demo3,tok_demo2");
  g_assert_nonnull (pages[1].next);
  g_assert_cmpint (pages[1].total, ==, 5);

  fetch_page (f, f->service->admin_key, 2, pages[1].next, &pages[2]);
  g_assert_cmpstr (pages[2].ids, ==, "tok_demo5");
  g_assert_null (pages[2].next);
  g_assert_cmpint (pages[2].total, ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    page_clear (&pages[i]);
}

/* Page tokens carry the walk's count while nothing changes; one without it
 * (as made before) still continues the walk, counting again. */
static void
test_pagination_position_only (Fixture       *f,
                               gconstpointer  user_data)
{
  Page first = { 0, }, second = { 0, };
  g_autofree guchar *plain = NULL;
  g_autofree char *encoded = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *position = NULL;
  g_autoptr(GString) padded = NULL;
  gsize length = 0;

  fetch_page (f, f->service->admin_key, 2, NULL, &first);
  padded = g_string_new (first.next);
  g_strdelimit (g_strdelimit (padded->str, "-", '+'), "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  plain = g_base64_decode (padded->str, &length);
  plain = g_realloc (plain, length + 1);
  plain[length] = '\0';
  fields = g_strsplit ((const char *) plain, "|", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 4);
  g_assert_cmpstr (fields[3], ==, "6");

  position = g_strconcat (fields[0], "|", fields[1], NULL);
  encoded = g_base64_encode ((const guchar *) position, strlen (position));
  g_strdelimit (g_strdelimit (encoded, "+", '-'), "/", '_');
  while (g_str_has_suffix (encoded, "="))
    encoded[strlen (encoded) - 1] = '\0';

  fetch_page (f, f->service->admin_key, 2, encoded, &second);
  g_assert_cmpstr (second.ids, ==, "tok_demo4,tok_demo3");
  g_assert_cmpint (second.total, ==, 6);

  page_clear (&first);
  page_clear (&second);
}

/* Every page but the last names the next one in a Link header, so that a
 * client can ask for it before it has parsed the body. */
/* A client that walks the whole list again and again with a valid key is
 * never rate-limited: only access keys that are not valid count. */
static void
test_pagination_no_rate_limit (Fixture       *f,
                               gconstpointer  user_data)
{
  for (guint walk = 0; walk < 30; walk++)
    {
      g_autofree char *page_token = NULL;
      guint n_pages = 0;

      do
        {
          Page page = { 0, };

          fetch_page (f, f->service->admin_key, 1, page_token, &page);
          g_assert_cmpint (page.total, ==, 6);
          g_clear_pointer (&page_token, g_free);
          page_token = g_steal_pointer (&page.next);
          page_clear (&page);
          n_pages++;
        }
      while (page_token != NULL);

      g_assert_cmpuint (n_pages, ==, 6);
    }
}

static void
test_pagination_link (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autofree char *expected = NULL;
  g_autoptr(Reply) first = api_get (f, "/tokens?page_size=4", f->service->admin_key);
  g_autoptr(Reply) last = NULL;
  const char *next_page_token;
  const char *link;
  const char *start;

  assert_status (first, 200);
  next_page_token = get_nullable_string (reply_object (first), "next_page_token");
  g_assert_nonnull (next_page_token);
  expected = g_strdup_printf ("</api/v1/tokens?page_size=4&page_token=%s>; rel=\"next\"",
                              next_page_token);
  g_assert_cmpstr (reply_header (first, "Link"), ==, expected);

  /* The link, followed as it is, gives the last page, which has none. */
  link = reply_header (first, "Link");
  start = link + strlen ("</api/v1");
  {
    g_autofree char *path = g_strndup (start, strchr (start, '>') - start);

    last = api_get (f, path, f->service->admin_key);
  }
  assert_status (last, 200);
  g_assert_cmpuint (json_array_get_length (get_array (reply_object (last), "tokens")), ==, 2);
  g_assert_null (get_nullable_string (reply_object (last), "next_page_token"));
  g_assert_null (reply_header (last, "Link"));
}

static void
test_pagination_same_time (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) created_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) walked = g_string_new (NULL);
  g_autofree char *token = NULL;
  g_autofree char *all = NULL;
  guint pages = 0;

  /* with a fixed clock all these share created_at: the id breaks the tie */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"same-time-%u\"}", i);
      g_autoptr(Reply) created = create_token (f, f->service->admin_key, body);

      g_ptr_array_add (created_ids, g_strdup (reply_token_id (created)));
    }

  do
    {
      Page page = { 0, };

      fetch_page (f, f->service->admin_key, 2, token, &page);
      if (walked->len > 0 && page.ids[0] != '\0')
        g_string_append_c (walked, ',');
      g_string_append (walked, page.ids);
      g_free (token);
      token = g_steal_pointer (&page.next);
      page_clear (&page);
      pages++;
      g_assert_cmpuint (pages, <=, 6);
    }
  while (token != NULL);

  all = list_token_ids (f, f->service->admin_key);
  g_assert_cmpstr (walked->str, ==, all);

  /* the five new ones first, ids descending */
  g_ptr_array_sort (created_ids, compare_strings);
  {
    g_auto(GStrv) listed = g_strsplit (all, ",", -1);

    g_assert_cmpuint (g_strv_length (listed), ==, 11);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpstr (listed[i], ==, g_ptr_array_index (created_ids, 4 - i));
  }
}

/* ETag */

static void
test_etag (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr(Reply) first = list_tokens (f, f->service->member_key);
  g_autoptr(Reply) cached = NULL;
  g_autoptr(Reply) after_create = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) after_delete = NULL;
  g_autoptr(Reply) deleted = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *etag2 = NULL;

  etag = g_strdup (reply_header (first, "ETag"));
  g_assert_nonnull (etag);
  g_assert_cmpstr (etag, !=, "");

  cached = send_request (f, "GET", "/tokens", f->service->member_key, NULL,
                         "If-None-Match", etag, NULL);
  g_assert_cmpuint (cached->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);

  created = create_token (f, f->service->member_key, "{\"name\":\"etag-change\"}");

  after_create = send_request (f, "GET", "/tokens", f->service->member_key, NULL,
                               "If-None-Match", etag, NULL);
  assert_status (after_create, 200);
  etag2 = g_strdup (reply_header (after_create, "ETag"));
  g_assert_nonnull (etag2);
  g_assert_cmpstr (etag2, !=, etag);
  g_assert_cmpint (get_int (reply_object (after_create), "total"), ==, 4);

  /* a deletion changes it too */
  deleted = send_request (f, "DELETE", "/tokens/tok_demo2", f->service->member_key, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  after_delete = send_request (f, "GET", "/tokens", f->service->member_key, NULL,
                               "If-None-Match", etag2, NULL);
  assert_status (after_delete, 200);
  g_assert_cmpstr (reply_header (after_delete, "ETag"), !=, etag2);
}

static void
test_etag_other_changes (Fixture       *f,
                         gconstpointer  user_data)
{
  const char *paths[] = {
    "/tokens/tok_demo1/regenerate-secret",
    "/tokens/tok_demo2/resync-products",
  };
  g_autofree char *etag = NULL;

  {
    g_autoptr(Reply) first = list_tokens (f, f->service->member_key);
    etag = g_strdup (reply_header (first, "ETag"));
    g_assert_nonnull (etag);
  }

  /* regenerating a secret shows nowhere in the list; a resync does */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) changed = api_post (f, paths[i], f->service->member_key, NULL);
      g_autoptr(Reply) reply = NULL;

      assert_status (changed, 200);
      reply = send_request (f, "GET", "/tokens", f->service->member_key, NULL,
                            "If-None-Match", etag, NULL);
      if (i == 1)
        {
          assert_status (reply, 200);
          g_assert_cmpstr (reply_header (reply, "ETag"), !=, etag);
        }
      else
        {
          /* 304 or 200 are both right ("may have changed") */
          g_assert_true (reply->status == 304 || reply->status == 200);
        }
    }
}

/* Visibility */

static void
test_visibility_member (Fixture       *f,
                        gconstpointer  user_data)
{
  const char *hidden[] = { "tok_demo4", "tok_demo5", "tok_demo6" };

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *path = g_strconcat ("/tokens/", hidden[i], NULL);
      g_autofree char *regenerate = g_strconcat (path, "/regenerate-secret", NULL);
      g_autofree char *resync = g_strconcat (path, "/resync-products", NULL);
      g_autoptr(Reply) got = api_get (f, path, f->service->member_key);
      g_autoptr(Reply) deleted = send_request (f, "DELETE", path, f->service->member_key,
                                               NULL, NULL);
      g_autoptr(Reply) regenerated = api_post (f, regenerate, f->service->member_key, NULL);
      g_autoptr(Reply) resynced = api_post (f, resync, f->service->member_key, NULL);

      g_test_message ("%s", hidden[i]);
      assert_problem (got, 404, "not-found");
      assert_problem (deleted, 404, "not-found");
      assert_problem (regenerated, 404, "not-found");
      assert_problem (resynced, 404, "not-found");
    }

  /* nothing happened to them */
  g_assert_cmpint (list_total (f, f->service->admin_key), ==, 6);
  {
    g_autoptr(Reply) got = api_get (f, "/tokens/tok_demo5", f->service->admin_key);

    assert_status (got, 200);
    assert_token (reply_object (got), find_demo_token ("tok_demo5"));
  }
}

static void
test_visibility_admin (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(Reply) got = api_get (f, "/tokens/tok_demo1", f->service->admin_key);
  g_autoptr(Reply) deleted = NULL;
  g_autofree char *ids = NULL;

  assert_status (got, 200);
  assert_token (reply_object (got), find_demo_token ("tok_demo1"));

  deleted = send_request (f, "DELETE", "/tokens/tok_demo1", f->service->admin_key, NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 204);

  ids = list_token_ids (f, f->service->member_key);
  g_assert_cmpstr (ids, ==, "tok_demo3,tok_demo2");
}

/* Text the API would refuse, written straight into the database: lists
 * and single tokens stay valid JSON and read it back, with each byte of
 * invalid UTF-8 as U+FFFD. */
static void
test_hostile_text (Fixture       *f,
                   gconstpointer  user_data)
{
  static const char hostile[] =
    "q\"b\\s\n\001\037\177 </script> \342\200\250 \360\237\230\200 \355\240\200 \377 end";
  g_autofree char *expected = g_utf8_make_valid (hostile, -1);
  g_autofree char *username = g_strconcat ("acme+", expected, NULL);
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) single = NULL;
  JsonArray *tokens;
  JsonNode *demo1_node = NULL;
  JsonObject *demo1;
  const char *body;
  gsize length;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open_v2 (f->service->db_path, &db, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const updates[] = {
        "UPDATE tokens SET name = ?1 WHERE id = 'tok_demo1'",
        "UPDATE users SET name = ?1",
        "UPDATE service_users SET name = ?1",
      };
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, updates[i], -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, hostile, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  list = api_get (f, "/tokens?page_size=1000", f->service->admin_key);
  assert_status (list, 200);
  body = g_bytes_get_data (list->body, &length);
  g_assert_true (g_utf8_validate (body, length, NULL));

  tokens = get_array (reply_object (list), "tokens");
  g_assert_cmpuint (json_array_get_length (tokens), ==, 6);
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = json_array_get_object_element (tokens, i);

      assert_token_shape (token);
      g_assert_cmpstr (get_string (token, "created_by"), ==, expected);
      g_assert_cmpstr (get_string (token, "created_for"), ==, expected);
      if (g_str_equal (get_string (token, "id"), "tok_demo1"))
        demo1_node = json_array_get_element (tokens, i);
    }

  g_assert_nonnull (demo1_node);
  demo1 = json_node_get_object (demo1_node);
  g_assert_cmpstr (get_string (demo1, "name"), ==, expected);
  g_assert_cmpstr (get_string (demo1, "username"), ==, username);

  single = api_get (f, "/tokens/tok_demo1", f->service->admin_key);
  assert_status (single, 200);
  body = g_bytes_get_data (single->body, &length);
  g_assert_true (g_utf8_validate (body, length, NULL));
  g_assert_true (json_node_equal (single->root, demo1_node));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  RT_TEST_API_ADD ("pagination/walk", test_pagination_walk);
  RT_TEST_API_ADD ("pagination/position-only", test_pagination_position_only);
  RT_TEST_API_ADD ("pagination/link", test_pagination_link);
  RT_TEST_API_ADD ("pagination/no-rate-limit", test_pagination_no_rate_limit);
  RT_TEST_API_ADD ("pagination/member", test_pagination_member);
  RT_TEST_API_ADD ("pagination/delete-between", test_pagination_delete_between);
  RT_TEST_API_ADD ("pagination/same-created-at", test_pagination_same_time);
  RT_TEST_API_ADD ("etag/list", test_etag);
  RT_TEST_API_ADD ("etag/other-changes", test_etag_other_changes);
  RT_TEST_API_ADD ("visibility/member", test_visibility_member);
  RT_TEST_API_ADD ("visibility/admin", test_visibility_admin);
  RT_TEST_API_ADD ("hostile-text", test_hostile_text);

  return g_test_run ();
}
