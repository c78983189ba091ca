/* fuzz-service.c: libFuzzer harness for the service's request path
 *
 * The input is the raw bytes a client sends on one connection: one or more
 * HTTP requests (method, path, query, headers, body). They reach the real
 * server through a socket pair and soup_server_accept_iostream(), in process,
 * against a fresh demo database each time, so that every input replays alike.
 * Seeds authenticate with the fixed keys below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* memmem */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

#include "fuzz.h"
#include "rts-clock.h"
#include "rts-demo.h"
#include "rts-random.h"
#include "rts-server.h"
#include "rts-store.h"

#define MEMBER_KEY "rtkey_fuzz-member"
#define ADMIN_KEY  "rtkey_fuzz-admin"
#define NOW        "2026-11-18T12:00:00Z"

typedef struct
{
  int           fd;
  const guint8 *request;
  gsize         request_len;
  gsize         written;
  GByteArray   *reply;
  gboolean      done;
} Client;

static gboolean
add_key (RtsDb       *db,
         const char  *user_id,
         const char  *key,
         GError     **error)
{
  g_autofree char *key_hash = rts_sha256_hex (key, -1);

  return rts_store_add_access_key (db, user_id, key_hash, error);
}

static RtsDb *
open_demo_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsDb) db = NULL;
  gboolean seeded = FALSE;

  if (!(db = rts_db_open (":memory:", &error)) ||
      !rts_demo_seed (db, "registry.example.test", &seeded, &error) ||
      !add_key (db, RTS_DEMO_MEMBER_ID, MEMBER_KEY, &error) ||
      !add_key (db, RTS_DEMO_ADMIN_ID, ADMIN_KEY, &error))
    g_error ("Could not set up the database: %s", error->message);

  return g_steal_pointer (&db);
}

/* Sends the whole input, then half-closes, then reads until the server
 * closes its end. */
static gboolean
client_cb (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  Client *client = user_data;
  guint8 buffer[4096];
  gssize n;

  if (client->written < client->request_len)
    {
      n = write (fd, client->request + client->written, client->request_len - client->written);
      if (n > 0)
        client->written += n;
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        client->written = client->request_len;   /* the server hung up early */

      if (client->written == client->request_len)
        shutdown (fd, SHUT_WR);
    }

  n = read (fd, buffer, sizeof buffer);
  if (n > 0)
    g_byte_array_append (client->reply, buffer, n);
  else if (n == 0 || (errno != EAGAIN && errno != EINTR))
    {
      client->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Whether libsoup takes the input's first header block. It answers the
 * ones it refuses itself, before any code of the service runs, and libsoup
 * 3.2.3 leaks the path of each it refuses for an invalid Content-Length or
 * an unknown Transfer-Encoding: a third-party leak the harness steps around
 * rather than reports. */
static gboolean
soup_takes_headers (const guint8 *data,
                    gsize         size)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *block = NULL;
  gsize start = 0;
  gsize end;

  while (start < size && (data[start] == '\r' || data[start] == '\n'))
    start++;

  for (end = start; end < size; end++)
    {
      if (data[end] == '\n' &&
          ((end + 1 < size && data[end + 1] == '\n') ||
           (end + 2 < size && data[end + 1] == '\r' && data[end + 2] == '\n')))
        break;
    }

  /* Headers cut short by the end of input are parsed as they are. */
  if (end >= size)
    end = size - 1;

  if (start >= size || memchr (data + start, '\0', end - start + 1) != NULL)
    return start >= size;

  block = g_strndup ((const char *) data + start, end - start + 1);
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  return soup_headers_parse_request (block, end - start + 1, headers,
                                     NULL, NULL, NULL) == SOUP_STATUS_OK &&
         soup_message_headers_get_encoding (headers) != SOUP_ENCODING_UNRECOGNIZED;
}

/* Whether @key occurs in @data other than right after "Bearer ". */
static gboolean
has_echoable (const guint8 *data,
              gsize         size,
              const char   *key)
{
  static const char bearer[] = "Bearer ";
  gsize key_len = strlen (key);
  const guint8 *p = data;
  const guint8 *end = data + size;

  while ((p = memmem (p, end - p, key, key_len)) != NULL)
    {
      if (p - data < (gssize) strlen (bearer) ||
          memcmp (p - strlen (bearer), bearer, strlen (bearer)) != 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

static GSocketAddress *
loopback_address (guint16 port)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  return g_inet_socket_address_new (address, port);
}

static void
serve (RtsServer    *server,
       const guint8 *data,
       gsize         size,
       GByteArray   *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = loopback_address (8300);
  g_autoptr(GSocketAddress) remote = loopback_address (40000);
  Client client = { .request = data, .request_len = size, .reply = reply };
  int fds[2];
  guint source;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));

  if (!(socket = g_socket_new_from_fd (fds[0], &error)))
    g_error ("%s", error->message);
  connection = g_socket_connection_factory_create_connection (socket);
  if (!rts_server_accept_iostream (server, G_IO_STREAM (connection), local, remote, &error))
    g_error ("%s", error->message);

  client.fd = fds[1];
  if (!g_unix_set_fd_nonblocking (client.fd, TRUE, &error))
    g_error ("%s", error->message);
  if (size == 0)
    shutdown (client.fd, SHUT_WR);

  source = g_unix_fd_add (client.fd, G_IO_IN | G_IO_OUT | G_IO_HUP | G_IO_ERR,
                          client_cb, &client);
  while (!client.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_main_context_find_source_by_id (NULL, source) == NULL);
  close (client.fd);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autoptr(RtsDb) db = NULL;
  RtsServer *server;

  static gboolean clock_fixed;

  if (!soup_takes_headers (data, size))
    return 0;

  if (!clock_fixed)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);

      rts_clock_set_fixed (now);
      clock_fixed = TRUE;
    }

  db = open_demo_db ();
  server = rts_server_new (db, NULL);
  serve (server, data, size, reply);
  g_object_unref (server);

  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (g_getenv ("FUZZ_SERVICE_PRINT") != NULL)
    fwrite (reply->data, 1, reply->len, stdout);

  /* An access key never goes out, unless the input also had it in a
   * place that may be echoed (a token name, say). */
  if (reply->len > 0)
    {
      g_assert_true (!memmem (reply->data, reply->len, MEMBER_KEY, strlen (MEMBER_KEY)) ||
                     has_echoable (data, size, MEMBER_KEY));
      g_assert_true (!memmem (reply->data, reply->len, ADMIN_KEY, strlen (ADMIN_KEY)) ||
                     has_echoable (data, size, ADMIN_KEY));
    }

  return 0;
}
