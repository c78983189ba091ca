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
 * libsoup 3.2 (Debian 12) never lets go of a keep-alive connection that the
 * client closes while it is idle between requests: it reads the end of the
 * stream, drops the message and stops, without closing the socket or saying
 * "disconnected" (fixed in 3.3.0, libsoup commit d20c6601). Each would hold
 * a descriptor and a slot of the cap for ever. So while a connection is
 * idle this file watches its socket, at a priority above libsoup's, and
 * when the client closes it (or it stays idle past the timeout) takes the
 * connection from libsoup and closes it itself.
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
  RtsListener       *listener;
  GSocket           *socket;
  GSocketAddress    *remote;        /* the key: soup hands this very object back */
  SoupServerMessage *msg;           /* the latest request on it, to take it by */
  gulong             disconnected_id;
  GSource           *idle_watch;    /* while idle and nothing has arrived */
  gboolean           idle;          /* replied; no next request started yet */
  gint64             deadline;
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

static void
stop_idle_watch (Connection *conn)
{
  if (conn->idle_watch != NULL)
    g_source_destroy (conn->idle_watch);
  g_clear_pointer (&conn->idle_watch, g_source_unref);
}

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  stop_idle_watch (conn);
  if (conn->msg != NULL)
    g_clear_signal_handler (&conn->disconnected_id, conn->msg);
  g_clear_object (&conn->msg);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->remote);
  g_free (conn);
}

static Connection *
lookup (RtsListener       *self,
        SoupServerMessage *msg)
{
  return g_hash_table_lookup (self->connections,
                              soup_server_message_get_remote_address (msg));
}

/* libsoup closed the connection, or gave it away. */
static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Connection *conn = user_data;

  g_hash_table_remove (conn->listener->connections, conn->remote);
}

static void
set_message (Connection        *conn,
             SoupServerMessage *msg)
{
  if (conn->msg == msg)
    return;

  if (conn->msg != NULL)
    g_clear_signal_handler (&conn->disconnected_id, conn->msg);
  g_set_object (&conn->msg, msg);
  conn->disconnected_id = g_signal_connect (msg, "disconnected",
                                            G_CALLBACK (disconnected_cb), conn);
}

/* Only for an idle connection. While the watch runs, libsoup waits for the
 * first byte of the next request with nothing to finish, and gives the
 * connection away cleanly. */
static void
close_idle (Connection *conn)
{
  g_autoptr(SoupServerMessage) msg = g_object_ref (conn->msg);
  g_autoptr(GSocket) socket = g_object_ref (conn->socket);
  g_autoptr(GIOStream) stream = NULL;
  gboolean watched = conn->idle_watch != NULL;

  g_assert (conn->idle);

  g_hash_table_remove (conn->listener->connections, conn->remote);

  if (watched)
    {
      stream = soup_server_message_steal_connection (msg);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      /* Bytes came a timeout ago, yet no request started: libsoup failed to
       * read them and dropped the connection as above, and taking it now
       * would crash libsoup 3.2. Its objects stay; the descriptor goes. */
      g_socket_close (socket, NULL);
    }
}

static gboolean
idle_watch_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  Connection *conn = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  if (n > 0)
    {
      /* The next request: libsoup reads it, and says so with request-started. */
      conn->deadline = g_get_monotonic_time () + conn->listener->request_timeout;
      g_clear_pointer (&conn->idle_watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  g_debug ("Closing an idle connection the client closed");
  close_idle (conn);

  return G_SOURCE_REMOVE;
}

static void
start_idle_watch (Connection *conn)
{
  stop_idle_watch (conn);
  conn->idle_watch = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  /* Dispatched before libsoup's own source sees the end of the stream. */
  g_source_set_priority (conn->idle_watch, G_PRIORITY_HIGH);
  g_source_set_callback (conn->idle_watch, G_SOURCE_FUNC (idle_watch_cb), conn, NULL);
  g_source_attach (conn->idle_watch, NULL);
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
  conn->deadline = g_get_monotonic_time () + self->request_timeout;
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
      /* It may have served a whole request already: let the others (and
       * the closes) in before the next. */
      break;
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
  Connection *conn = lookup (self, msg);

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

/* Emitted for a new connection at once, and on a kept-alive one when the
 * first byte of the next request has arrived. */
static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  RtsListener *self = user_data;
  Connection *conn = lookup (self, msg);

  if (conn == NULL)
    return;

  set_message (conn, msg);
  conn->idle = FALSE;
  stop_idle_watch (conn);
  conn->deadline = g_get_monotonic_time () + self->request_timeout;
  g_signal_connect_object (msg, "got-body", G_CALLBACK (got_body_cb), self, 0);
}

/* Emitted before libsoup decides to keep the connection; when it does not,
 * "disconnected" follows at once and the watch goes with the connection. */
static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  RtsListener *self = user_data;
  Connection *conn = lookup (self, msg);

  if (conn == NULL || conn->msg != msg)
    return;

  /* The reply may hold a secret: wiped now, not when the connection goes. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));

  conn->idle = TRUE;
  conn->deadline = g_get_monotonic_time () + self->request_timeout;
  start_idle_watch (conn);
}

static gboolean
sweep_cb (gpointer user_data)
{
  RtsListener *self = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  Connection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (conn->deadline > now)
        continue;

      g_debug ("Closing a connection that timed out");
      if (conn->idle)
        {
          g_ptr_array_add (idle, conn);
          continue;
        }

      /* libsoup sees the end of the stream and drops the connection. */
      g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
      conn->deadline = G_MAXINT64;
    }

  /* Each leaves the table. */
  for (guint i = 0; i < idle->len; i++)
    close_idle (g_ptr_array_index (idle, i));

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
  g_signal_connect (soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (request_done_cb), self);

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
