/* rt-test-http.c: raw HTTP/1.1 over loopback sockets, for probing the
 * service byte by byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include "rt-test-http.h"

#define PROBLEM_PREFIX "urn:registry-tokens:problem:"
#define REPLY_TIMEOUT  (10 * G_USEC_PER_SEC)

guint16
rt_http_port_of_url (const char *url)
{
  const char *colon = strrchr (url, ':');

  g_assert_nonnull (colon);

  return (guint16) atoi (colon + 1);
}

/* Returns a connected blocking socket, or -1 when the connection is not
 * made within timeout_ms. */
int
rt_http_connect (guint16 port,
                 guint   timeout_ms)
{
  struct sockaddr_in address = { 0 };
  struct pollfd pfd;
  int error = 0;
  socklen_t length = sizeof error;
  int fd;

  address.sin_family = AF_INET;
  address.sin_port = g_htons (port);
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  g_assert_cmpint (fd, >=, 0);

  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 && errno != EINPROGRESS)
    {
      close (fd);
      return -1;
    }

  pfd.fd = fd;
  pfd.events = POLLOUT;
  if (poll (&pfd, 1, (int) timeout_ms) != 1 ||
      getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
    {
      close (fd);
      return -1;
    }

  /* Blocking from here on; reads wait with poll() and a deadline. */
  if (!g_unix_set_fd_nonblocking (fd, FALSE, NULL))
    g_error ("could not make a socket blocking");

  return fd;
}

gboolean
rt_http_send_all (int         fd,
                  const char *data,
                  gsize       length)
{
  while (length > 0)
    {
      ssize_t sent = send (fd, data, length, MSG_NOSIGNAL);

      if (sent < 0 && errno == EINTR)
        continue;
      if (sent <= 0)
        return FALSE;

      data += sent;
      length -= (gsize) sent;
    }

  return TRUE;
}

char *
rt_http_build_request (const char *method,
                       const char *target,
                       const char *key,
                       const char *content_type,
                       const char *body,
                       const char *extra_headers,
                       gboolean    keep_alive)
{
  GString *request = g_string_new (NULL);

  g_string_append_printf (request, "%s /api/v1%s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, target);
  if (key != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", key);
  if (content_type != NULL)
    g_string_append_printf (request, "Content-Type: %s\r\n", content_type);
  if (extra_headers != NULL)
    g_string_append (request, extra_headers);
  g_string_append_printf (request, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                          body ? strlen (body) : 0);
  if (!keep_alive)
    g_string_append (request, "Connection: close\r\n");
  g_string_append (request, "\r\n");
  if (body != NULL)
    g_string_append (request, body);

  return g_string_free (request, FALSE);
}

/* Reads what is there by deadline; FALSE at the end of the stream, on an
 * error or when the deadline passes. */
static gboolean
read_some (int      fd,
           GString *buffer,
           gint64   deadline)
{
  gint64 remaining = deadline - g_get_monotonic_time ();
  struct pollfd pfd = { fd, POLLIN, 0 };
  char chunk[16384];
  ssize_t n;

  if (remaining <= 0 || poll (&pfd, 1, (int) (remaining / 1000) + 1) != 1)
    return FALSE;

  n = recv (fd, chunk, sizeof chunk, 0);
  if (n <= 0)
    return FALSE;

  g_string_append_len (buffer, chunk, n);

  return TRUE;
}

/**
 * rt_http_read_reply:
 * @method: the request's method (a HEAD reply has no body)
 * @deadline: monotonic time
 *
 * Returns: (nullable): the reply, or %NULL when the connection ended or
 *   the deadline passed before a whole reply came
 */
RtHttpReply *
rt_http_read_reply (int         fd,
                    const char *method,
                    gint64      deadline)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(RtHttpReply) reply = g_new0 (RtHttpReply, 1);
  g_autofree char *length_text = NULL;
  const char *end;
  gsize header_length;
  gsize body_length = 0;

  while ((end = strstr (buffer->str, "\r\n\r\n")) == NULL)
    {
      if (!read_some (fd, buffer, deadline))
        return NULL;
    }

  header_length = end - buffer->str + 4;
  if (!g_str_has_prefix (buffer->str, "HTTP/1.") || buffer->len < 12)
    return NULL;

  reply->status = (guint) atoi (buffer->str + 9);
  end = strstr (buffer->str, "\r\n");
  reply->headers = g_strndup (end + 2, header_length - (end + 2 - buffer->str));

  length_text = rt_http_reply_header (reply, "Content-Length");
  if (length_text != NULL && strcmp (method, "HEAD") != 0 &&
      reply->status != 204 && reply->status != 304)
    body_length = (gsize) g_ascii_strtoull (length_text, NULL, 10);

  while (buffer->len < header_length + body_length)
    {
      if (!read_some (fd, buffer, deadline))
        return NULL;
    }

  reply->body = g_strndup (buffer->str + header_length, body_length);
  reply->body_length = body_length;

  if (body_length > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, reply->body, (gssize) body_length, NULL))
        reply->root = json_parser_steal_root (parser);
    }

  return g_steal_pointer (&reply);
}

/* One request on a new connection, closed after the reply; NULL when no
 * whole reply came. */
RtHttpReply *
rt_http_request (guint16     port,
                 const char *method,
                 const char *target,
                 const char *key,
                 const char *content_type,
                 const char *body,
                 const char *extra_headers)
{
  g_autofree char *request = rt_http_build_request (method, target, key, content_type,
                                                    body, extra_headers, FALSE);
  RtHttpReply *reply = NULL;
  int fd = rt_http_connect (port, 5000);

  g_assert_cmpint (fd, >=, 0);

  if (rt_http_send_all (fd, request, strlen (request)))
    reply = rt_http_read_reply (fd, method, g_get_monotonic_time () + REPLY_TIMEOUT);
  close (fd);

  return reply;
}

/* Returns: (nullable): the first value of the header name */
char *
rt_http_reply_header (RtHttpReply *reply,
                      const char  *name)
{
  g_auto(GStrv) lines = g_strsplit (reply->headers, "\r\n", -1);
  gsize name_length = strlen (name);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], name, name_length) == 0 &&
          lines[i][name_length] == ':')
        return g_strdup (g_strstrip (lines[i] + name_length + 1));
    }

  return NULL;
}

/* Returns: (nullable): a string member of the JSON object body */
const char *
rt_http_reply_string (RtHttpReply *reply,
                      const char  *member)
{
  JsonObject *object;

  if (reply->root == NULL || !JSON_NODE_HOLDS_OBJECT (reply->root))
    return NULL;

  object = json_node_get_object (reply->root);
  if (!json_object_has_member (object, member))
    return NULL;

  return json_object_get_string_member_with_default (object, member, NULL);
}

static gboolean
is_problem_content_type (RtHttpReply *reply)
{
  g_autofree char *type = rt_http_reply_header (reply, "Content-Type");

  return g_strcmp0 (type, "application/problem+json") == 0;
}

void
rt_http_assert_problem (RtHttpReply *reply,
                        guint        status,
                        const char  *type)
{
  g_autofree char *uri = g_strconcat (PROBLEM_PREFIX, type, NULL);

  g_assert_nonnull (reply);
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_true (is_problem_content_type (reply));
  g_assert_cmpstr (rt_http_reply_string (reply, "type"), ==, uri);
}

/* A 4xx with a problem body of this API. */
gboolean
rt_http_is_problem_4xx (RtHttpReply *reply)
{
  const char *type;

  if (reply == NULL || reply->status < 400 || reply->status > 499 ||
      !is_problem_content_type (reply))
    return FALSE;

  type = rt_http_reply_string (reply, "type");

  return type != NULL && g_str_has_prefix (type, PROBLEM_PREFIX);
}

void
rt_http_reply_free (RtHttpReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->headers);
  g_free (reply->body);
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply);
}
