/* rts-listener.c: accepts connections for a SoupServer, within limits
 *
 * libsoup's own listener stops accepting for good after one failed
 * accept() (out of descriptors, say), never limits connections and never
 * times them out. This one accepts itself and hands each connection to the
 * SoupServer: over the cap a connection gets a canned 503 and is closed,
 * out of descriptors it refuses one client with a reserved descriptor and
 * pauses, and a connection that has not delivered a complete request (or
 * taken its reply) within the request timeout is shut down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rts-listener.h"
#include "rts-reply.h"

#define LISTEN_BACKLOG     1024
/* Descriptors left for SQLite, the main loop and refusals. */
#define FD_RESERVE         32
#define ACCEPT_BATCH       64
#define ACCEPT_RETRY_MS    100
#define SWEEP_INTERVAL_MS  250
#define RETRY_AFTER_S      1

typedef struct
{
  RtsListener    *listener;
  GSocket        *socket;
  GSocketAddress *remote;      /* the key: soup hands this very object back */
  GObject        *stream;      /* weak */
  gint64          deadline;
} Connection;

struct _RtsListener
{
  GObject      parent_instance;

  SoupServer  *soup;
  GSocket     *socket;
  GSource     *accept_source;
  guint        retry_id;
  guint        sweep_id;
  int          reserve_fd;
  GHashTable  *connections;    /* GSocketAddress → Connection */
  GBytes      *overloaded;     /* the whole 503 reply */
  guint        max_connections;
  GTimeSpan    request_timeout;
};

G_DEFINE_FINAL_TYPE (RtsListener, rts_listener, G_TYPE_OBJECT)

static void stream_gone_cb (gpointer  data,
                            GObject  *where_the_object_was);

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  if (conn->stream != NULL)
    g_object_weak_unref (conn->stream, stream_gone_cb, conn);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->remote);
  g_free (conn);
}

static void
stream_gone_cb (gpointer  data,
                GObject  *where_the_object_was)
{
  Connection *conn = data;

  conn->stream = NULL;
  g_hash_table_remove (conn->listener->connections, conn->remote);
}

static GBytes *
build_overloaded_reply (void)
{
  g_autoptr(RtsReply) reply = rts_reply_new_problem (RTS_PROBLEM_UNAVAILABLE,
                                                     "The service has too many open "
                                                     "connections. Try again shortly.");
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text,
                          "HTTP/1.1 503 Service Unavailable\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Retry-After: %d\r\n"
                          "Connection: close\r\n"
                          "\r\n",
                          reply->content_type, reply->body_length, RETRY_AFTER_S);
  g_string_append_len (text, reply->body, reply->body_length);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* Answers 503 and closes. What the client sent is read first, so that the
 * close does not reset the connection before the client reads the answer. */
static void
refuse_fd (RtsListener *self,
           int          fd)
{
  gsize length;
  const char *reply = g_bytes_get_data (self->overloaded, &length);
  char buffer[4096];

  for (guint i = 0; i < 16; i++)
    {
      if (recv (fd, buffer, sizeof buffer, MSG_DONTWAIT) <= 0)
        break;
    }

  if (send (fd, reply, length, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
    g_debug ("Could not send a 503: %s", g_strerror (errno));
  shutdown (fd, SHUT_WR);
}

static gboolean resume_accepting_cb (gpointer user_data);

/* Out of descriptors: refuse one waiting client with the reserved
 * descriptor, then wait for descriptors to free up. */
static void
pause_accepting (RtsListener *self)
{
  if (self->reserve_fd >= 0)
    {
      int fd;

      close (self->reserve_fd);
      fd = accept (g_socket_get_fd (self->socket), NULL, NULL);
      if (fd >= 0)
        {
          refuse_fd (self, fd);
          close (fd);
        }
      self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
    }

  g_debug ("Out of file descriptors; accepting again in %d ms", ACCEPT_RETRY_MS);

  g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  self->retry_id = g_timeout_add (ACCEPT_RETRY_MS, resume_accepting_cb, self);
}

static void
adopt (RtsListener *self,
       GSocket     *client)
{
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (client, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (client, NULL);
  Connection *conn;

  if (local == NULL || remote == NULL)
    {
      g_socket_close (client, NULL);
      return;
    }

  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  stream = g_socket_connection_factory_create_connection (client);

  conn = g_new0 (Connection, 1);
  conn->listener = self;
  conn->socket = g_object_ref (client);
  conn->remote = g_object_ref (remote);
  conn->stream = G_OBJECT (stream);
  conn->deadline = g_get_monotonic_time () + self->request_timeout;
  g_object_weak_ref (conn->stream, stream_gone_cb, conn);
  g_hash_table_insert (self->connections, conn->remote, conn);

  /* Emits request-started at once, so the connection is known by then. */
  soup_server_accept_iostream (self->soup, G_IO_STREAM (stream), local, remote, NULL);
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  RtsListener *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (self->socket, NULL, &error);

      if (client == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES))
            {
              pause_accepting (self);
              return G_SOURCE_REMOVE;
            }
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_debug ("Could not accept a connection: %s", error->message);
          break;
        }

      if (g_hash_table_size (self->connections) >= self->max_connections)
        {
          g_debug ("Refusing a connection over the cap of %u", self->max_connections);
          refuse_fd (self, g_socket_get_fd (client));
          g_socket_close (client, NULL);
          continue;
        }

      adopt (self, client);
    }

  return G_SOURCE_CONTINUE;
}

static void
start_accepting (RtsListener *self)
{
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, NULL);
}

static gboolean
resume_accepting_cb (gpointer user_data)
{
  RtsListener *self = user_data;

  self->retry_id = 0;
  start_accepting (self);

  return G_SOURCE_REMOVE;
}

static void
arm (RtsListener       *self,
     SoupServerMessage *msg)
{
  Connection *conn = g_hash_table_lookup (self->connections,
                                          soup_server_message_get_remote_address (msg));

  if (conn != NULL)
    conn->deadline = g_get_monotonic_time () + self->request_timeout;
}

/* The reply must be taken within the timeout too. */
static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  arm (RTS_LISTENER (user_data), msg);
}

/* Emitted when a connection starts waiting for its next request. */
static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  RtsListener *self = user_data;

  arm (self, msg);
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, 0);
}

static gboolean
sweep_cb (gpointer user_data)
{
  RtsListener *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (conn->deadline > now)
        continue;

      /* libsoup sees the end of the stream and drops the connection. */
      g_debug ("Closing a connection that timed out");
      g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
      conn->deadline = G_MAXINT64;
    }

  return G_SOURCE_CONTINUE;
}

/* libsoup 3.2 keeps a connection alive after a reply only while the server
 * has a listener of its own (soup-server.c, request_finished()). This one
 * is half of a socket pair whose other half is closed at once: libsoup's
 * single accept() on it fails and it never fires again. */
static gboolean
hold_soup_listener (SoupServer  *soup,
                    GError     **error)
{
  g_autoptr(GSocket) socket = NULL;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create a socket pair: %s", g_strerror (saved_errno));
      return FALSE;
    }

  close (fds[1]);
  if (!(socket = g_socket_new_from_fd (fds[0], error)))
    {
      close (fds[0]);
      return FALSE;
    }

  return soup_server_listen_socket (soup, socket, 0, error);
}

static void
rts_listener_dispose (GObject *object)
{
  RtsListener *self = RTS_LISTENER (object);

  if (self->accept_source != NULL)
    g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->soup != NULL)
    g_signal_handlers_disconnect_by_data (self->soup, self);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->connections, g_hash_table_unref);

  G_OBJECT_CLASS (rts_listener_parent_class)->dispose (object);
}

static void
rts_listener_finalize (GObject *object)
{
  RtsListener *self = RTS_LISTENER (object);

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->overloaded, g_bytes_unref);
  if (self->reserve_fd >= 0)
    close (self->reserve_fd);

  G_OBJECT_CLASS (rts_listener_parent_class)->finalize (object);
}

static void
rts_listener_class_init (RtsListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rts_listener_dispose;
  object_class->finalize = rts_listener_finalize;
}

static void
rts_listener_init (RtsListener *self)
{
  self->reserve_fd = -1;
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                             NULL, connection_free);
  self->overloaded = build_overloaded_reply ();
}

/* The cap stays FD_RESERVE under the descriptor limit, so that accept()
 * itself runs out only when something else holds descriptors. */
static guint
clamp_to_descriptor_limit (guint max_connections)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    {
      rlim_t usable = limit.rlim_cur > 2 * FD_RESERVE ? limit.rlim_cur - FD_RESERVE
                                                      : limit.rlim_cur / 2;

      if (usable < max_connections)
        max_connections = MAX (1, (guint) usable);
    }

  return max_connections;
}

/**
 * rts_listener_new:
 * @soup: the server to hand connections to
 * @max_connections: the most connections open at once; lowered to fit the
 *   descriptor limit
 * @request_timeout: seconds a connection may take to deliver a complete
 *   request, and again to take its reply; an idle connection is closed
 *   after as long
 */
RtsListener *
rts_listener_new (SoupServer *soup,
                  guint       max_connections,
                  guint       request_timeout)
{
  RtsListener *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (max_connections > 0, NULL);
  g_return_val_if_fail (request_timeout > 0, NULL);

  self = g_object_new (RTS_TYPE_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  self->max_connections = clamp_to_descriptor_limit (max_connections);
  self->request_timeout = request_timeout * G_TIME_SPAN_SECOND;

  g_signal_connect (soup, "request-started", G_CALLBACK (request_started_cb), self);

  return self;
}

gboolean
rts_listener_listen (RtsListener     *self,
                     GSocketAddress  *address,
                     GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family;

  g_return_val_if_fail (RTS_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  family = g_socket_address_get_family (address);
  if (!(socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error)))
    return FALSE;

  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);

  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !hold_soup_listener (self->soup, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  start_accepting (self);
  self->sweep_id = g_timeout_add (SWEEP_INTERVAL_MS, sweep_cb, self);

  return TRUE;
}

/* Returns: (transfer full) (nullable): the bound address */
GSocketAddress *
rts_listener_get_local_address (RtsListener *self)
{
  g_return_val_if_fail (RTS_IS_LISTENER (self), NULL);

  if (self->socket == NULL)
    return NULL;

  return g_socket_get_local_address (self->socket, NULL);
}

guint
rts_listener_get_max_connections (RtsListener *self)
{
  g_return_val_if_fail (RTS_IS_LISTENER (self), 0);

  return self->max_connections;
}
