/* test-service-durability.c: the reference service across restarts and
 * kill -9, on one database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "rt-test-http.h"
#include "rt-test-service.h"

#define NOW       "2026-11-18T12:00:00Z"
#define N_KILLS   24
#define N_WRITERS 3

typedef struct
{
  RtTestService *service;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  f->service = rt_test_service_start (NOW);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_pointer (&f->service, rt_test_service_free);
}

static guint16
port (Fixture *f)
{
  return rt_http_port_of_url (f->service->url);
}

static RtHttpReply *
create (Fixture    *f,
        const char *name,
        const char *idempotency_key)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  g_autofree char *header = g_strdup_printf ("Idempotency-Key: %s\r\n", idempotency_key);

  return rt_http_request (port (f), "POST", "/tokens", f->service->member_key,
                          "application/json", body, header);
}

static gint64
count_tokens (Fixture *f)
{
  g_autoptr(RtHttpReply) page = rt_http_request (port (f), "GET", "/tokens?page_size=1000",
                                                 f->service->member_key, NULL, NULL, NULL);

  g_assert_nonnull (page);
  g_assert_cmpuint (page->status, ==, 200);

  return json_object_get_int_member (json_node_get_object (page->root), "total");
}

static const char *
token_id_of (RtHttpReply *reply)
{
  JsonObject *root = json_node_get_object (reply->root);

  return json_object_get_string_member (json_object_get_object_member (root, "token"), "id");
}

/* Issue 15, defect 2: a create replayed after a restart is told that its
 * token exists and its secret is gone; it is neither a 409 "name taken"
 * nor a second token. */
static void
test_idempotency_after_restart (Fixture       *f,
                                gconstpointer  user_data)
{
  const gboolean hard = GPOINTER_TO_INT (user_data);
  g_autoptr(RtHttpReply) created = create (f, "replayed-token", "key-create");
  g_autoptr(RtHttpReply) replay = NULL;
  g_autoptr(RtHttpReply) other_body = NULL;
  g_autoptr(RtHttpReply) regenerated = NULL;
  g_autoptr(RtHttpReply) regenerate_replay = NULL;
  g_autofree char *location = NULL;
  g_autofree char *expected_location = NULL;
  g_autofree char *regenerate_target = NULL;
  gint64 total;

  g_assert_nonnull (created);
  g_assert_cmpuint (created->status, ==, 201);
  expected_location = g_strdup_printf ("/api/v1/tokens/%s", token_id_of (created));
  total = count_tokens (f);

  if (hard)
    rt_test_service_kill (f->service);
  rt_test_service_restart (f->service);

  replay = create (f, "replayed-token", "key-create");
  rt_http_assert_problem (replay, 409, "secret-unavailable");
  location = rt_http_reply_header (replay, "Location");
  g_assert_cmpstr (location, ==, expected_location);
  g_assert_null (rt_http_reply_string (replay, "secret"));
  g_assert_cmpint (count_tokens (f), ==, total);

  /* The key still belongs to that request. */
  other_body = create (f, "another-token", "key-create");
  rt_http_assert_problem (other_body, 422, "idempotency-key-reused");

  /* Regenerate is replayed the same way. */
  regenerate_target = g_strdup_printf ("/tokens/%s/regenerate-secret", token_id_of (created));
  regenerated = rt_http_request (port (f), "POST", regenerate_target, f->service->member_key,
                                 NULL, NULL, "Idempotency-Key: key-regenerate\r\n");
  g_assert_nonnull (regenerated);
  g_assert_cmpuint (regenerated->status, ==, 200);

  if (hard)
    rt_test_service_kill (f->service);
  rt_test_service_restart (f->service);

  regenerate_replay = rt_http_request (port (f), "POST", regenerate_target,
                                       f->service->member_key, NULL, NULL,
                                       "Idempotency-Key: key-regenerate\r\n");
  rt_http_assert_problem (regenerate_replay, 409, "secret-unavailable");
}

/* Before a restart the replay still returns the secret itself. */
static void
test_idempotency_before_restart (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(RtHttpReply) created = create (f, "kept-token", "key-kept");
  g_autoptr(RtHttpReply) replay = create (f, "kept-token", "key-kept");

  g_assert_nonnull (created);
  g_assert_nonnull (replay);
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpmem (created->body, created->body_length, replay->body, replay->body_length);
}

typedef struct
{
  guint16     port;
  char       *key;
  guint       round;
  guint       writer;
  GPtrArray  *acknowledged;  /* token ids that got a 201 */
  guint       attempts;
  guint       other_replies;
} Writer;

/* Creates tokens one after another until the service is gone; bounded by
 * count, and each request by the reply timeout. */
static gpointer
writer_run (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"kill-%u-%u-%u\"}", w->round, w->writer, i);
      g_autofree char *request = rt_http_build_request ("POST", "/tokens", w->key,
                                                        "application/json", body, NULL, FALSE);
      g_autoptr(RtHttpReply) reply = NULL;
      int fd = rt_http_connect (w->port, 1000);

      if (fd < 0)
        break;

      w->attempts++;
      if (rt_http_send_all (fd, request, strlen (request)))
        reply = rt_http_read_reply (fd, "POST", g_get_monotonic_time () + 5 * G_USEC_PER_SEC);
      close (fd);

      if (reply == NULL)
        break;
      if (reply->status == 201 && reply->root != NULL)
        g_ptr_array_add (w->acknowledged, g_strdup (token_id_of (reply)));
      else
        w->other_replies++;
    }

  return NULL;
}

static void
assert_integrity (const char *db_path,
                  GPtrArray  *acknowledged,
                  guint      *out_found)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM tokens WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < acknowledged->len; i++)
    {
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (acknowledged, i), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        (*out_found)++;
      else
        g_test_message ("acknowledged token %s is missing", (char *) g_ptr_array_index (acknowledged, i));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Writers create tokens as fast as they can while the service is killed
 * with SIGKILL at random points; after each kill the database is intact
 * and holds every token whose create was acknowledged. */
static void
test_kill_during_writes (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) all_acknowledged = g_ptr_array_new_with_free_func (g_free);
  guint n_attempts = 0, n_other = 0, n_found = 0;
  gint64 started = g_get_monotonic_time ();

  for (guint round = 0; round < N_KILLS; round++)
    {
      Writer writers[N_WRITERS];
      GThread *threads[N_WRITERS];
      g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
      guint found = 0;

      for (guint i = 0; i < N_WRITERS; i++)
        {
          writers[i] = (Writer) {
            .port = port (f),
            .key = f->service->member_key,
            .round = round,
            .writer = i,
            .acknowledged = g_ptr_array_new_with_free_func (g_free),
          };
          threads[i] = g_thread_new ("writer", writer_run, &writers[i]);
        }

      g_usleep (g_test_rand_int_range (20, 300) * 1000);
      rt_test_service_kill (f->service);

      for (guint i = 0; i < N_WRITERS; i++)
        {
          g_thread_join (threads[i]);
          n_attempts += writers[i].attempts;
          n_other += writers[i].other_replies;
          g_ptr_array_extend_and_steal (acknowledged, writers[i].acknowledged);
        }

      assert_integrity (f->service->db_path, acknowledged, &found);
      g_assert_cmpuint (found, ==, acknowledged->len);
      n_found += found;

      for (guint i = 0; i < acknowledged->len; i++)
        g_ptr_array_add (all_acknowledged, g_strdup (g_ptr_array_index (acknowledged, i)));

      rt_test_service_restart (f->service);
    }

  /* And the restarted service serves every one of them. */
  for (guint i = 0; i < all_acknowledged->len; i += MAX (1, all_acknowledged->len / 50))
    {
      g_autofree char *target = g_strdup_printf ("/tokens/%s",
                                                 (char *) g_ptr_array_index (all_acknowledged, i));
      g_autoptr(RtHttpReply) reply = rt_http_request (port (f), "GET", target,
                                                      f->service->member_key, NULL, NULL, NULL);

      g_assert_nonnull (reply);
      g_assert_cmpuint (reply->status, ==, 200);
    }

  g_test_message ("kill -9: %u kills, %u creates sent, %u acknowledged (201), "
                  "%u found after restarts, %u other replies, %.1f s",
                  N_KILLS, n_attempts, all_acknowledged->len, n_found, n_other,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (n_found, ==, all_acknowledged->len);
  g_assert_cmpuint (all_acknowledged->len, >, 0);
  g_assert_cmpuint (n_other, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/service-durability/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("idempotency/before-restart", NULL, test_idempotency_before_restart);
  ADD ("idempotency/after-restart", GINT_TO_POINTER (FALSE), test_idempotency_after_restart);
  ADD ("idempotency/after-kill", GINT_TO_POINTER (TRUE), test_idempotency_after_restart);
  ADD ("kill-during-writes", NULL, test_kill_during_writes);

#undef ADD

  return g_test_run ();
}
