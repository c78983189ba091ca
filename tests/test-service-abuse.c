/* test-service-abuse.c: the reference service under hostile or careless
 * clients, over loopback, every loop bounded in count and time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt-test-http.h"
#include "rt-test-service.h"

#define NOW "2026-11-18T12:00:00Z"

typedef struct
{
  RtTestService *service;
  guint16        port;
} Fixture;

static void
fixture_start (Fixture            *f,
               const char * const *extra_args,
               guint               nofile_limit)
{
  f->service = rt_test_service_start_full (NOW, extra_args, nofile_limit);
  f->port = rt_http_port_of_url (f->service->url);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  fixture_start (f, NULL, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_pointer (&f->service, rt_test_service_free);
}

static RtHttpReply *
request (Fixture    *f,
         const char *method,
         const char *target,
         const char *key,
         const char *content_type,
         const char *body,
         const char *extra_headers)
{
  return rt_http_request (f->port, method, target, key, content_type, body, extra_headers);
}

static void
assert_status (RtHttpReply *reply,
               guint        status)
{
  g_assert_nonnull (reply);
  g_assert_cmpuint (reply->status, ==, status);
}

/* Everything an admin can see, to show that nothing else changed. */
static char *
snapshot (Fixture *f)
{
  g_autoptr(RtHttpReply) reply = request (f, "GET", "/tokens?page_size=1000",
                                          f->service->admin_key, NULL, NULL, NULL);
  g_autofree char *etag = NULL;

  assert_status (reply, 200);
  etag = rt_http_reply_header (reply, "ETag");

  return g_strconcat (etag, "\n", reply->body, NULL);
}

static void
assert_alive (Fixture *f)
{
  g_autoptr(RtHttpReply) reply = request (f, "GET", "/me", f->service->member_key,
                                          NULL, NULL, NULL);

  assert_status (reply, 200);
}

/* Until the service has seen closed connections it may still answer 503;
 * then it must serve again, within 5 s. */
static void
wait_until_served (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(RtHttpReply) reply = request (f, "GET", "/me", f->service->member_key,
                                              NULL, NULL, NULL);

      g_assert_nonnull (reply);
      if (reply->status == 200 || g_get_monotonic_time () > deadline)
        {
          assert_status (reply, 200);
          return;
        }
      rt_http_assert_problem (reply, 503, "unavailable");
      g_usleep (20 * 1000);
    }
}

static gboolean
is_readable (int fd)
{
  struct pollfd pfd = { fd, POLLIN, 0 };

  return poll (&pfd, 1, 0) == 1;
}

/* Issue 15, item 9: at `ulimit -n 64`, 80 idle connections: those over the
 * cap get a 503 rather than starving accept(), and once all are closed the
 * service serves again. */
static void
test_descriptors (Fixture       *f,
                  gconstpointer  user_data)
{
  enum { N_CONNECTIONS = 80, N_REFUSED_AT_LEAST = 40 };
  int fds[N_CONNECTIONS];
  guint n_connected = 0, n_answered = 0, n_unavailable = 0;
  gint64 deadline;

  fixture_start (f, NULL, 64);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      fds[i] = rt_http_connect (f->port, 2000);
      if (fds[i] >= 0)
        n_connected++;
    }

  /* The cap (at most 64 - 32 descriptors) refuses the others at once. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      n_answered = 0;
      for (guint i = 0; i < N_CONNECTIONS; i++)
        n_answered += fds[i] >= 0 && is_readable (fds[i]);
      if (n_answered >= N_REFUSED_AT_LEAST)
        break;
      g_usleep (50 * 1000);
    }

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      if (fds[i] >= 0 && is_readable (fds[i]))
        {
          g_autoptr(RtHttpReply) reply = NULL;

          g_autofree char *retry_after = NULL;

          reply = rt_http_read_reply (fds[i], "GET", g_get_monotonic_time () + G_USEC_PER_SEC);
          if (reply != NULL)
            {
              rt_http_assert_problem (reply, 503, "unavailable");
              retry_after = rt_http_reply_header (reply, "Retry-After");
              g_assert_cmpstr (retry_after, ==, "1");
              n_unavailable++;
            }
        }
      if (fds[i] >= 0)
        close (fds[i]);
    }

  g_test_message ("descriptors: %u of %u connections made at ulimit -n 64, "
                  "%u answered 503 at once", n_connected, N_CONNECTIONS, n_unavailable);
  g_assert_cmpuint (n_connected, ==, N_CONNECTIONS);
  g_assert_cmpuint (n_unavailable, >=, N_REFUSED_AT_LEAST);

  /* All closed: once the service has seen the closes, it serves again. */
  wait_until_served (f);

  for (guint i = 0; i < 5; i++)
    assert_alive (f);
}

/* Issue 15, item 9, past the cap: the descriptor limit is lowered under
 * the running service, so accept() itself fails. It refuses clients while
 * out of descriptors and serves again once they are closed. */
static void
test_descriptors_exhausted (Fixture       *f,
                            gconstpointer  user_data)
{
  enum { N_CONNECTIONS = 40 };
  struct rlimit limit = { 24, 24 };
  long pid = strtol (g_subprocess_get_identifier (f->service->process), NULL, 10);
  int fds[N_CONNECTIONS];
  guint n_refused = 0;
  gint64 deadline;

  g_assert_cmpint (syscall (SYS_prlimit64, (pid_t) pid, RLIMIT_NOFILE, &limit, NULL), ==, 0);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      fds[i] = rt_http_connect (f->port, 2000);
      g_assert_cmpint (fds[i], >=, 0);
    }

  /* One refusal per pause of 100 ms; wait for a few. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (n_refused < 3 && g_get_monotonic_time () < deadline)
    {
      n_refused = 0;
      for (guint i = 0; i < N_CONNECTIONS; i++)
        n_refused += is_readable (fds[i]);
      g_usleep (50 * 1000);
    }

  for (guint i = 0; i < N_CONNECTIONS; i++)
    close (fds[i]);

  g_test_message ("descriptors exhausted: %u of %u idle connections refused at ulimit -n 24",
                  n_refused, N_CONNECTIONS);
  g_assert_cmpuint (n_refused, >=, 3);

  wait_until_served (f);
}

/* Issue 15, item 10: a 204 keeps the connection. */
static void
test_keep_alive_after_delete (Fixture       *f,
                              gconstpointer  user_data)
{
  g_autofree char *delete = rt_http_build_request ("DELETE", "/tokens/tok_demo1",
                                                   f->service->member_key,
                                                   NULL, NULL, NULL, TRUE);
  g_autofree char *get_me = rt_http_build_request ("GET", "/me", f->service->member_key,
                                                   NULL, NULL, NULL, TRUE);
  g_autoptr(RtHttpReply) deleted = NULL;
  g_autoptr(RtHttpReply) me = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int fd = rt_http_connect (f->port, 2000);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (rt_http_send_all (fd, delete, strlen (delete)));
  deleted = rt_http_read_reply (fd, "DELETE", deadline);
  assert_status (deleted, 204);

  g_assert_true (rt_http_send_all (fd, get_me, strlen (get_me)));
  me = rt_http_read_reply (fd, "GET", deadline);
  close (fd);
  assert_status (me, 200);
}

static gboolean
is_closed (int fd)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  char buffer[512];

  if (poll (&pfd, 1, 0) != 1)
    return FALSE;

  return recv (fd, buffer, sizeof buffer, MSG_DONTWAIT) <= 0;
}

/* A keep-alive GET /me on a new connection; returns the connection. */
static int
connect_and_get_me (Fixture *f)
{
  g_autofree char *get_me = rt_http_build_request ("GET", "/me", f->service->member_key,
                                                   NULL, NULL, NULL, TRUE);
  g_autoptr(RtHttpReply) reply = NULL;
  int fd = rt_http_connect (f->port, 2000);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (rt_http_send_all (fd, get_me, strlen (get_me)));
  reply = rt_http_read_reply (fd, "GET", g_get_monotonic_time () + 10 * G_USEC_PER_SEC);
  assert_status (reply, 200);

  return fd;
}

/* Every way a client can end a connection gives its slot and descriptor
 * back: 600 connections one after another through a cap of 16. libsoup 3.2
 * alone kept every kept-alive connection the client closed. */
static void
test_closed_connections (Fixture       *f,
                         gconstpointer  user_data)
{
  enum { N_CONNECTIONS = 600 };
  const char *args[] = { "--max-connections", "16", NULL };
  struct linger reset = { 1, 0 };
  guint n_before;
  guint n_after;
  gint64 deadline;

  fixture_start (f, args, 0);
  n_before = rt_test_service_count_descriptors (f->service);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      int fd;

      switch (i % 5)
        {
        case 0:   /* idle after a reply, closed by the client */
          fd = connect_and_get_me (f);
          break;

        case 1:   /* idle after a reply, reset by the client */
          fd = connect_and_get_me (f);
          g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset), ==, 0);
          break;

        case 2:   /* Connection: close */
          {
            g_autoptr(RtHttpReply) reply = request (f, "GET", "/me", f->service->member_key,
                                                    NULL, NULL, NULL);

            assert_status (reply, 200);
            continue;
          }

        case 3:   /* no request at all */
          fd = rt_http_connect (f->port, 2000);
          break;

        default:  /* half a request */
          fd = rt_http_connect (f->port, 2000);
          g_assert_cmpint (fd, >=, 0);
          g_assert_true (rt_http_send_all (fd, "GET /api/v1/me HTTP/1.1\r\nHost", 30));
          break;
        }

      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }

  assert_alive (f);

  /* The last closes may still be on their way. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((n_after = rt_test_service_count_descriptors (f->service)) > n_before && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);

  g_test_message ("closed connections: %u served through a cap of 16; descriptors %u before, %u after",
                  N_CONNECTIONS, n_before, n_after);
  g_assert_cmpuint (n_after, <=, n_before);
}

/* Kept-alive connections left idle are closed after --request-timeout, and
 * their slots are free at once. */
static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  user_data)
{
  enum { N_IDLE = 4 };
  const char *args[] = { "--max-connections", "4", "--request-timeout", "1", NULL };
  int fds[N_IDLE];
  gint64 start;
  gint64 deadline;
  guint n_open = N_IDLE;

  fixture_start (f, args, 0);

  /* Before the replies, so that each idle second counts from here or later. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_IDLE; i++)
    fds[i] = connect_and_get_me (f);

  {
    g_autoptr(RtHttpReply) refused = request (f, "GET", "/me", f->service->member_key,
                                              NULL, NULL, NULL);

    rt_http_assert_problem (refused, 503, "unavailable");
  }

  deadline = start + 5 * G_USEC_PER_SEC;
  while (n_open > 0 && g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < N_IDLE; i++)
        {
          if (fds[i] >= 0 && is_closed (fds[i]))
            {
              g_test_message ("idle connection %u closed after %.2f s", i,
                              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
              g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
              close (fds[i]);
              fds[i] = -1;
              n_open--;
            }
        }
      g_usleep (20 * 1000);
    }

  for (guint i = 0; i < N_IDLE; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  g_assert_cmpuint (n_open, ==, 0);

  assert_alive (f);
}

static guint
read_somaxconn (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/net/core/somaxconn", &text, NULL, NULL))
    return G_MAXUINT;

  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* Issue 15, item 10: with the service stopped, the kernel completes many
 * more handshakes than the old backlog of 10, and all are served later. */
static void
test_backlog (Fixture       *f,
              gconstpointer  user_data)
{
  enum { N_CONNECTIONS = 200 };
  int fds[N_CONNECTIONS];
  guint n_connected = 0;
  guint n_served = 0;
  gint64 deadline;

  g_subprocess_send_signal (f->service->process, SIGSTOP);
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      fds[i] = rt_http_connect (f->port, i == 0 ? 1000 : 20);
      if (fds[i] >= 0)
        n_connected++;
    }
  g_subprocess_send_signal (f->service->process, SIGCONT);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      g_autofree char *get_me = NULL;
      g_autoptr(RtHttpReply) reply = NULL;

      if (fds[i] < 0)
        continue;

      get_me = rt_http_build_request ("GET", "/me", f->service->member_key,
                                      NULL, NULL, NULL, FALSE);
      if (rt_http_send_all (fds[i], get_me, strlen (get_me)) &&
          (reply = rt_http_read_reply (fds[i], "GET", deadline)) != NULL &&
          reply->status == 200)
        n_served++;
      close (fds[i]);
    }

  g_test_message ("backlog: %u of %u connections completed while the service was stopped, "
                  "%u served after", n_connected, N_CONNECTIONS, n_served);
  /* The kernel caps the backlog at net.core.somaxconn (4096 by default). */
  g_assert_cmpuint (n_connected, >=, MIN (N_CONNECTIONS, read_somaxconn ()));
  g_assert_cmpuint (n_served, ==, n_connected);
}

static char *
first_page_token (Fixture *f)
{
  g_autoptr(RtHttpReply) page = request (f, "GET", "/tokens?page_size=1",
                                         f->service->admin_key, NULL, NULL, NULL);
  const char *next;

  assert_status (page, 200);
  next = rt_http_reply_string (page, "next_page_token");
  g_assert_nonnull (next);

  return g_strdup (next);
}

/* Issue 15, item 11: an encoded NUL no longer cuts a value short, and a
 * repeated parameter is refused rather than the last one winning. */
static void
test_query_nul (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *page_token = first_page_token (f);
  g_autofree char *valid = g_strdup_printf ("/tokens?page_size=1&page_token=%s", page_token);
  g_autofree char *cut = g_strdup_printf ("/tokens?page_size=1&page_token=%s%%00", page_token);
  const char *refused[] = {
    "/tokens?page_size=5%00",
    "/tokens?page_size=5%00junk",
    "/tokens?page_size=%00",
    "/tokens?page_size=5&page_size=6",
    "/tokens?page_token=&page_token=",
    "/tokens?page_size=%ff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RtHttpReply) reply = request (f, "GET", refused[i], f->service->admin_key,
                                              NULL, NULL, NULL);

      g_test_message ("GET %s", refused[i]);
      rt_http_assert_problem (reply, 400, "bad-request");
    }

  {
    /* libsoup itself answers a bad escape in the request line, with an
     * empty body. */
    g_autoptr(RtHttpReply) bad_escape = request (f, "GET", "/tokens?page_size=%zz",
                                                 f->service->admin_key, NULL, NULL, NULL);
    g_autoptr(RtHttpReply) ok = request (f, "GET", valid, f->service->admin_key,
                                         NULL, NULL, NULL);
    g_autoptr(RtHttpReply) nul = request (f, "GET", cut, f->service->admin_key,
                                          NULL, NULL, NULL);

    assert_status (bad_escape, 400);
    assert_status (ok, 200);
    rt_http_assert_problem (nul, 400, "bad-request");
  }
}

/* Issue 15, item 12: routes match decoded segments; %2F is no separator. */
static void
test_encoded_slash (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(RtHttpReply) regenerate = NULL;
  g_autoptr(RtHttpReply) get = NULL;
  g_autoptr(RtHttpReply) resync = NULL;
  g_autoptr(RtHttpReply) encoded_name = NULL;

  regenerate = request (f, "POST", "/tokens/tok_demo1%2Fregenerate-secret",
                        f->service->member_key, NULL, NULL, NULL);
  g_assert_true (rt_http_is_problem_4xx (regenerate));
  g_assert_cmpuint (regenerate->status, !=, 200);

  get = request (f, "GET", "/tokens/tok_demo1%2Fregenerate-secret",
                 f->service->member_key, NULL, NULL, NULL);
  rt_http_assert_problem (get, 404, "not-found");

  resync = request (f, "POST", "/tokens%2Ftok_demo1/resync-products",
                    f->service->member_key, NULL, NULL, NULL);
  rt_http_assert_problem (resync, 404, "not-found");

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  /* Decoding works the other way too: an encoded letter is that letter. */
  encoded_name = request (f, "GET", "/%74okens/tok_demo1", f->service->member_key,
                          NULL, NULL, NULL);
  assert_status (encoded_name, 200);
}

/* Issue 15, item 13: bodies must be application/json. */
static void
test_content_type (Fixture       *f,
                   gconstpointer  user_data)
{
  const char *refused[] = {
    NULL,
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/jsonx",
    "text/json",
  };
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(RtHttpReply) created = NULL;
  g_autoptr(RtHttpReply) regenerate_empty = NULL;
  g_autoptr(RtHttpReply) regenerate_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RtHttpReply) reply = request (f, "POST", "/tokens", f->service->member_key,
                                              refused[i], "{\"name\":\"ct-test\"}", NULL);

      g_test_message ("Content-Type %s", refused[i] ? refused[i] : "(none)");
      rt_http_assert_problem (reply, 415, "unsupported-media-type");
    }

  regenerate_text = request (f, "POST", "/tokens/tok_demo1/regenerate-secret",
                             f->service->member_key, "text/plain", "{}", NULL);
  rt_http_assert_problem (regenerate_text, 415, "unsupported-media-type");

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  /* A bodiless POST needs no type; parameters of the type are fine. */
  regenerate_empty = request (f, "POST", "/tokens/tok_demo1/regenerate-secret",
                              f->service->member_key, NULL, NULL, NULL);
  assert_status (regenerate_empty, 200);
  created = request (f, "POST", "/tokens", f->service->member_key,
                     "application/json; charset=utf-8", "{\"name\":\"ct-test\"}", NULL);
  assert_status (created, 201);
}

/* Issue 15, item 13: a repeated member name is refused, not last-wins. */
static void
test_duplicate_keys (Fixture       *f,
                     gconstpointer  user_data)
{
  const char *refused[] = {
    "{\"name\":\"dup-a\",\"name\":\"dup-b\"}",
    "{\"name\":\"dup-c\",\"n\\u0061me\":\"dup-d\"}",
    "{\"name\":\"dup-e\",\"extra\":{\"a\":1,\"a\":2}}",
    "{\"name\":\"dup-f\",\"type\":\"user\",\"type\":\"service\"}",
  };
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(RtHttpReply) arrays = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(RtHttpReply) reply = request (f, "POST", "/tokens", f->service->member_key,
                                              "application/json", refused[i], NULL);

      g_test_message ("body %s", refused[i]);
      rt_http_assert_problem (reply, 400, "bad-request");
    }

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  /* Equal strings in an array, or equal names in sibling objects, are no
   * duplicates. */
  arrays = request (f, "POST", "/tokens", f->service->member_key, "application/json",
                    "{\"name\":\"dup-ok\",\"x\":[\"name\",\"name\"],"
                    "\"y\":[{\"a\":1},{\"a\":2}]}", NULL);
  assert_status (arrays, 201);
}

/* Issue 15, item 13: a burst of failed access keys, then 429 per address. */
static void
test_failed_keys (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(RtHttpReply) limited = NULL;
  g_autoptr(RtHttpReply) valid_while_limited = NULL;
  g_autoptr(RtHttpReply) valid_after = NULL;
  g_autofree char *retry_after = NULL;
  guint n_unauthorized = 0;
  guint wait;

  for (guint i = 0; i < 100 && n_unauthorized < 100; i++)
    {
      g_autoptr(RtHttpReply) reply = request (f, "GET", "/me", "rtkey_wrong", NULL, NULL, NULL);

      g_assert_nonnull (reply);
      if (reply->status == 429)
        {
          limited = g_steal_pointer (&reply);
          break;
        }
      rt_http_assert_problem (reply, 401, "unauthorized");
      n_unauthorized++;
    }

  g_test_message ("failed keys: %u answered 401 before a 429", n_unauthorized);
  g_assert_nonnull (limited);
  g_assert_cmpuint (n_unauthorized, >=, 5);
  g_assert_cmpuint (n_unauthorized, <=, 50);
  rt_http_assert_problem (limited, 429, "rate-limited");
  retry_after = rt_http_reply_header (limited, "Retry-After");
  g_assert_nonnull (retry_after);
  wait = (guint) g_ascii_strtoull (retry_after, NULL, 10);
  g_assert_cmpuint (wait, >=, 1);
  g_assert_cmpuint (wait, <=, 5);

  /* The address is limited, not the key: no key is checked meanwhile. */
  valid_while_limited = request (f, "GET", "/me", f->service->member_key, NULL, NULL, NULL);
  rt_http_assert_problem (valid_while_limited, 429, "rate-limited");

  g_usleep (wait * G_USEC_PER_SEC + 200 * 1000);
  valid_after = request (f, "GET", "/me", f->service->member_key, NULL, NULL, NULL);
  assert_status (valid_after, 200);
}

/* Issue 15, item 13: the database is created 0600. */
static void
test_database_mode (Fixture       *f,
                    gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->service->db_path, suffixes[i], NULL);
      struct stat info;

      g_test_message ("mode of %s", path);
      g_assert_cmpint (stat (path, &info), ==, 0);
      g_assert_cmpuint (info.st_mode & 0777, ==, 0600);
    }
}

typedef struct
{
  const char *name;
  const char *opening;   /* sent at once */
  const char *trickle;   /* then a byte at a time, or NULL */
  int         fd;
  gint64      closed_after;
} SlowClient;

/* Slow clients are cut off after --request-timeout, and others are served
 * meanwhile. */
static void
test_slow_clients (Fixture       *f,
                   gconstpointer  user_data)
{
  const char *args[] = { "--request-timeout", "2", NULL };
  SlowClient clients[] = {
    { "idle", "", NULL, -1, 0 },
    { "header trickle", "GET /api/v1/me HTTP/1.1\r\n", "Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -1, 0 },
    { "body trickle", "POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: 60\r\n\r\n",
      "{\"name\":\"slow-body-token-never-finished\",\"x\":\"aaaaaaaaaaaaaaaaa", -1, 0 },
  };
  gint64 start;
  gint64 end;
  guint n_open = G_N_ELEMENTS (clients);
  guint n_fast = 0;
  gint64 slowest_fast = 0;

  fixture_start (f, args, 0);
  start = g_get_monotonic_time ();
  end = start + 8 * G_USEC_PER_SEC;

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      clients[i].fd = rt_http_connect (f->port, 2000);
      g_assert_cmpint (clients[i].fd, >=, 0);
      g_assert_true (rt_http_send_all (clients[i].fd, clients[i].opening,
                                       strlen (clients[i].opening)));
    }

  for (guint tick = 0; n_open > 0 && g_get_monotonic_time () < end; tick++)
    {
      g_autoptr(RtHttpReply) fast = NULL;
      gint64 before;

      for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
        {
          SlowClient *client = &clients[i];

          if (client->closed_after > 0)
            continue;

          if (client->trickle != NULL && tick < strlen (client->trickle))
            rt_http_send_all (client->fd, client->trickle + tick, 1);

          if (is_closed (client->fd))
            {
              client->closed_after = g_get_monotonic_time () - start;
              n_open--;
            }
        }

      /* Another client meanwhile is served at once. */
      before = g_get_monotonic_time ();
      fast = request (f, "GET", "/me", f->service->member_key, NULL, NULL, NULL);
      assert_status (fast, 200);
      slowest_fast = MAX (slowest_fast, g_get_monotonic_time () - before);
      n_fast++;

      g_usleep (250 * 1000);
    }

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_test_message ("slow clients: %s closed after %.2f s", clients[i].name,
                      clients[i].closed_after / (double) G_USEC_PER_SEC);
      close (clients[i].fd);
    }
  g_test_message ("slow clients: %u other requests served meanwhile, slowest %.0f ms",
                  n_fast, slowest_fast / 1000.0);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_assert_cmpint (clients[i].closed_after, >=, 1500 * 1000);
      g_assert_cmpint (clients[i].closed_after, <=, 4 * G_USEC_PER_SEC);
    }
  g_assert_cmpint (slowest_fast, <, 2 * G_USEC_PER_SEC);
}

typedef struct
{
  const char *method;
  const char *target;
  gboolean    admin;
  const char *content_type;
  const char *body;
  const char *extra_headers;
} Case;

/* Hostile values, already percent-encoded where they go into a URL. */
static const char * const encoded_values[] = {
  "%27%20OR%20%271%27%3D%271",
  "%22%3B%20DROP%20TABLE%20tokens%3B%20--",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e",
  "tok_demo1%00",
  "%00",
  "99999999999999999999999999",
  "-1",
  "-99999999999999999999",
  "0",
  "1e3",
  "%ff%fe",
};

/* The same, as they go into JSON. */
static const char * const json_values[] = {
  "\"' OR '1'='1\"",
  "\"\\\"; DROP TABLE tokens; --\"",
  "\"../../../etc/passwd\"",
  "\"tok\\u0000x\"",
  "99999999999999999999999999",
  "-1",
  "-1e999",
  "1.5",
  "true",
  "[]",
  "{}",
  "null",
};

static guint
run_case (Fixture    *f,
          const Case *c)
{
  g_autoptr(RtHttpReply) reply = NULL;

  reply = request (f, c->method, c->target,
                   c->admin ? f->service->admin_key : f->service->member_key,
                   c->content_type, c->body, c->extra_headers);

  /* Only the status: a body that should not have been could hold a secret. */
  if (!rt_http_is_problem_4xx (reply))
    g_error ("%s %s %.200s: got %u, not a problem+json 4xx", c->method, c->target,
             c->body ? c->body : "", reply ? reply->status : 0);

  return 1;
}

static char *
deep_json (guint depth)
{
  GString *text = g_string_new ("{\"name\":\"deep-token\",\"x\":");

  for (guint i = 0; i < depth; i++)
    g_string_append (text, "[");
  for (guint i = 0; i < depth; i++)
    g_string_append (text, "]");
  g_string_append (text, "}");

  return g_string_free (text, FALSE);
}

/* Every parameter with every hostile value: each gets a problem+json 4xx,
 * nothing changes, and the service keeps answering. */
static void
test_parameters (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autofree char *long_header = NULL;
  g_autofree char *huge_header = NULL;
  g_autofree char *deep = deep_json (20000);
  g_autofree char *huge_body = NULL;
  guint n_cases = 0;

  for (guint i = 0; i < G_N_ELEMENTS (encoded_values); i++)
    {
      const char *v = encoded_values[i];
      g_autofree char *id = g_strdup_printf ("/tokens/%s", v);
      g_autofree char *regenerate = g_strdup_printf ("/tokens/%s/regenerate-secret", v);
      g_autofree char *resync = g_strdup_printf ("/tokens/%s/resync-products", v);
      g_autofree char *page_size = g_strdup_printf ("/tokens?page_size=%s", v);
      g_autofree char *page_token = g_strdup_printf ("/tokens?page_token=%s", v);
      g_autofree char *both = g_strdup_printf ("/tokens?page_size=%s&page_token=%s", v, v);
      g_autofree char *key_header = g_strdup_printf ("Idempotency-Key: %s\r\n", v);
      const Case cases[] = {
        { "GET", id, TRUE },
        { "DELETE", id, TRUE },
        { "POST", regenerate, TRUE },
        { "POST", resync, TRUE },
        { "GET", page_size, TRUE },
        { "GET", page_token, TRUE },
        { "GET", both, TRUE },
        { "POST", "/tokens", FALSE, "application/json", "{\"name\":\"x\"}", key_header },
      };

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        n_cases += run_case (f, &cases[j]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (json_values); i++)
    {
      const char *v = json_values[i];
      g_autofree char *name = g_strdup_printf ("{\"name\":%s}", v);
      g_autofree char *type = g_strdup_printf ("{\"name\":\"param-type\",\"type\":%s}", v);
      g_autofree char *service_user = g_strdup_printf ("{\"name\":\"param-svc\",\"type\":"
                                                       "\"service\",\"service_user\":%s}", v);
      g_autofree char *user_with_service = g_strdup_printf ("{\"name\":\"param-usr\","
                                                            "\"service_user\":%s}", v);
      const Case cases[] = {
        { "POST", "/tokens", FALSE, "application/json", name },
        { "POST", "/tokens", FALSE, "application/json", type },
        { "POST", "/tokens", TRUE, "application/json", service_user },
        { "POST", "/tokens", FALSE, "application/json", user_with_service },
        { "POST", "/tokens/tok_demo1/regenerate-secret", FALSE, "application/json", v },
      };

      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        {
          /* null is a valid type (the default) and service_user (for a
           * user token), and {} a valid regenerate body. */
          if ((j == 1 && strcmp (v, "null") == 0) || (j == 3 && strcmp (v, "null") == 0) ||
              (j == 4 && strcmp (v, "{}") == 0))
            continue;
          n_cases += run_case (f, &cases[j]);
        }
    }

  /* Hostile access keys: fewer than the burst that earns a 429. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(RtHttpReply) reply = NULL;
      g_autofree char *header = g_strdup_printf ("Authorization: Bearer %s\r\n", encoded_values[i]);

      reply = request (f, "GET", "/me", NULL, NULL, NULL, header);
      rt_http_assert_problem (reply, 401, "unauthorized");
      n_cases++;
    }

  {
    const Case cases[] = {
      { "GET", "/tokens?page_size=1&page_size=2", TRUE },
      { "GET", "/tokens?page_token=a&page_token=b", TRUE },
      { "GET", "/tokens?page_size=1&page_size=1", TRUE },
      { "POST", "/tokens", FALSE, "application/json", deep },
      { "POST", "/tokens", FALSE, "application/json",
        "{\"name\":\"dup-param\",\"name\":\"dup-param2\"}" },
      { "POST", "/tokens", FALSE, "text/plain", "{\"name\":\"ct-param\"}" },
      { "POST", "/tokens", FALSE, "application/x-www-form-urlencoded", "name=ct-param" },
      { "POST", "/tokens", FALSE, NULL, "{\"name\":\"ct-param\"}" },
      { "POST", "/tokens", FALSE, "application/json", "{\"name\":\"nul\\u0001\"}" },
      { "POST", "/tokens", FALSE, "application/json", "{\"name\":" },
      { "GET", "/tokens/../../../../etc/passwd", TRUE },
      { "GET", "/tokens/%2e%2e/%2e%2e/me", TRUE },
      { "PUT", "/tokens", TRUE },
    };

    for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
      n_cases += run_case (f, &cases[j]);
  }

  /* Long headers: within libsoup's 64 KiB they reach the service... */
  long_header = g_strdup_printf ("X-Long: %0*d\r\n", 32 * 1024, 0);
  {
    const Case c = { "POST", "/tokens", FALSE, "application/json", "{\"name\":\"x\"}",
                     long_header };

    n_cases += run_case (f, &c);
  }

  /* ...beyond it libsoup drops the connection without a reply. */
  huge_header = g_strdup_printf ("X-Huge: %0*d\r\n", 100 * 1024, 0);
  {
    g_autoptr(RtHttpReply) reply = request (f, "GET", "/me", f->service->member_key,
                                            NULL, NULL, huge_header);

    g_assert_true (reply == NULL || rt_http_is_problem_4xx (reply));
    n_cases++;
  }

  huge_body = g_strnfill (70 * 1024, ' ');
  {
    g_autoptr(RtHttpReply) reply = request (f, "POST", "/tokens", f->service->member_key,
                                            "application/json", huge_body, NULL);

    rt_http_assert_problem (reply, 413, "payload-too-large");
    n_cases++;
  }

  g_test_message ("parameters: %u hostile requests, each a problem+json 4xx", n_cases);

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
  assert_alive (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/service-abuse/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_BARE(path, func) \
  g_test_add ("/service-abuse/" path, Fixture, NULL, NULL, func, fixture_teardown)

  ADD_BARE ("descriptors", test_descriptors);
  ADD ("descriptors-exhausted", test_descriptors_exhausted);
  ADD ("keep-alive-after-delete", test_keep_alive_after_delete);
  ADD_BARE ("closed-connections", test_closed_connections);
  ADD_BARE ("idle-timeout", test_idle_timeout);
  ADD ("backlog", test_backlog);
  ADD ("query-nul", test_query_nul);
  ADD ("encoded-slash", test_encoded_slash);
  ADD ("content-type", test_content_type);
  ADD ("duplicate-keys", test_duplicate_keys);
  ADD ("failed-keys", test_failed_keys);
  ADD ("database-mode", test_database_mode);
  ADD_BARE ("slow-clients", test_slow_clients);
  ADD ("parameters", test_parameters);

#undef ADD
#undef ADD_BARE

  return g_test_run ();
}
