/* rt-request.c: one API call over HTTP, with deadlines, retries and a size cap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-client-private.h"
#include "rt-request.h"

/* An RtRequest is one call as the user sees it: one or more HTTP attempts.
 *
 * Deadlines. libsoup 3 only has the session's I/O timeout, which restarts on
 * every byte; a server that trickles a reply would hold us for ever. Each
 * attempt therefore runs under its own deadline (request_timeout_ms, from the
 * start of the attempt to the end of the body) and, while a new connection is
 * being made, a connect deadline (connect_timeout_ms, from
 * G_SOCKET_CLIENT_RESOLVING to G_SOCKET_CLIENT_COMPLETE as reported by the
 * message's network-event). Both cancel a cancellable of our own, which
 * is also cancelled when the caller's is; `timed_out` tells the two apart so
 * that a deadline reports TIMEOUT and the caller's cancellation CANCELLED.
 * A timed-out call is not retried: the user has waited long enough.
 *
 * Retries, never after cancellation:
 *  - idempotent methods (GET, DELETE): a transport failure or a 502, 503 or
 *    504 is retried at most MAX_IDEMPOTENT_RETRIES times, after retry_base_ms
 *    and then 4 × retry_base_ms (250 ms, 1 s by default);
 *  - POST: carries an Idempotency-Key drawn once per RtRequest (one per user
 *    action); a transport failure (refused, reset, closed before or during
 *    the reply) is retried once with the same key and the same body, so the
 *    server replays its first reply instead of making a second token, and a
 *    lost reply does not lose the secret. An HTTP status is never retried
 *    for a POST, except 429:
 *  - 429 waits for Retry-After (seconds or an HTTP date, at most
 *    MAX_RETRY_AFTER_SECONDS; absent or invalid: 1 s) and retries once, for
 *    every method (for a POST the server has not acted on it).
 * TLS failures, malformed HTTP and over-large replies are never retried.
 *
 * Bodies are read in chunks into a buffer of our own, so that the cap
 * (max_bytes) applies before anything larger is buffered, and so that every
 * copy we make can be wiped: when the buffer grows the old one is zeroed, and
 * the finished body is handed out as GBytes backed by an RtSecret, zeroed when
 * the last reference goes. (libsoup's own socket buffers are out of reach.)
 *
 * The access key goes into the Authorization header of each attempt through
 * a temporary buffer that is wiped at once; SoupMessageHeaders keeps its own
 * copy until the message is freed, which we cannot wipe.
 *
 * The debug log has the method, the path, the status, sizes, durations and
 * retry decisions; never a header value or a body.
 */

#define DEFAULT_CONNECT_TIMEOUT_MS  (10 * 1000)
#define DEFAULT_REQUEST_TIMEOUT_MS  (30 * 1000)
#define DEFAULT_RETRY_BASE_MS       250
#define MAX_IDEMPOTENT_RETRIES      2
#define MAX_POST_RETRIES            1
#define MAX_RETRY_AFTER_SECONDS     30
#define DEFAULT_RETRY_AFTER_SECONDS 1
#define DEFAULT_MAX_BYTES           (4 * 1024 * 1024)
#define INITIAL_BUFFER_SIZE         (16 * 1024)
#define READ_CHUNK_SIZE             (64 * 1024)

struct _RtRequest
{
  gatomicrefcount      ref_count;

  /* What to send */
  SoupSession         *session;
  char                *method;
  GUri                *uri;
  char                *log_target;   /* path and query: no secrets in there */
  RtSecret            *access_key;
  char                *user_agent;
  char                *content_type;
  GBytes              *body;
  char                *if_none_match;
  char                *idempotency_key;
  guint                connect_timeout_ms;
  guint                request_timeout_ms;
  guint                retry_base_ms;
  gsize                max_bytes;
  gboolean             idempotent;

  /* While sending. Exactly one operation is pending at a time (the send, a
   * read, or a backoff wait), and it holds the reference on the task. */
  GTask               *task;         /* borrowed */
  GCancellable        *cancellable;  /* ours: caller's cancellation or a deadline */
  GCancellable        *caller_cancellable;
  gulong               caller_cancelled_id;
  SoupMessage         *message;
  GInputStream        *stream;
  GSource             *deadline_source;
  GSource             *connect_source;
  GSource             *backoff_source;
  GSource             *backoff_cancel_source;
  gboolean             timed_out;
  gboolean             connect_timed_out;
  guint                attempt;
  guint                n_retries;
  gboolean             waited_for_429;
  gint64               started_at;
  gint64               attempt_started_at;
  GTlsCertificateFlags tls_errors;
  char                *buffer;
  gsize                len;
  gsize                alloc;

  /* The outcome */
  guint                status;
  SoupMessageHeaders  *response_headers;
};

G_DEFINE_BOXED_TYPE (RtRequest, rt_request, rt_request_ref, rt_request_unref)

static void start_attempt (GTask *task);

static gboolean
method_is_idempotent (const char *method)
{
  return g_str_equal (method, "GET") ||
         g_str_equal (method, "HEAD") ||
         g_str_equal (method, "PUT") ||
         g_str_equal (method, "DELETE") ||
         g_str_equal (method, "OPTIONS");
}

/**
 * rt_request_new:
 * @session: the session to send with
 * @method: an HTTP method
 * @uri: the absolute URI
 * @access_key: the key for `Authorization: Bearer`
 *
 * A POST gets an Idempotency-Key now, once for all its attempts.
 */
RtRequest *
rt_request_new (SoupSession *session,
                const char  *method,
                GUri        *uri,
                RtSecret    *access_key)
{
  RtRequest *self;
  const char *query;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (access_key != NULL, NULL);

  self = g_new0 (RtRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->session = g_object_ref (session);
  self->method = g_strdup (method);
  self->uri = g_uri_ref (uri);
  query = g_uri_get_query (uri);
  self->log_target = g_strconcat (g_uri_get_path (uri),
                                  query != NULL ? "?" : "",
                                  query != NULL ? query : "",
                                  NULL);
  self->access_key = rt_secret_ref (access_key);
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->request_timeout_ms = DEFAULT_REQUEST_TIMEOUT_MS;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->max_bytes = DEFAULT_MAX_BYTES;
  self->idempotent = method_is_idempotent (method);

  if (g_str_equal (method, "POST"))
    self->idempotency_key = g_uuid_string_random ();

  return self;
}

RtRequest *
rt_request_ref (RtRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

static void
wipe_buffer (RtRequest *self)
{
  if (self->buffer != NULL)
    {
      rt_secret_wipe (self->buffer, self->len);
      g_clear_pointer (&self->buffer, g_free);
    }
  self->len = 0;
  self->alloc = 0;
}

void
rt_request_unref (RtRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* Sending holds a reference through the task, so nothing is pending. */
  g_assert (self->message == NULL);
  g_assert (self->deadline_source == NULL);
  g_assert (self->backoff_source == NULL);

  wipe_buffer (self);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->caller_cancellable);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->if_none_match, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_pointer (&self->access_key, rt_secret_unref);
  g_clear_pointer (&self->log_target, g_free);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->method, g_free);
  g_clear_object (&self->session);
  g_free (self);
}

/* Sets the User-Agent header of each message; for a session we did not make. */
void
rt_request_set_user_agent (RtRequest  *self,
                           const char *user_agent)
{
  g_return_if_fail (self != NULL);

  g_free (self->user_agent);
  self->user_agent = g_strdup (user_agent);
}

void
rt_request_set_body (RtRequest  *self,
                     const char *content_type,
                     GBytes     *body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (body != NULL);

  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_ref (body);
}

void
rt_request_set_if_none_match (RtRequest  *self,
                              const char *etag)
{
  g_return_if_fail (self != NULL);

  g_free (self->if_none_match);
  self->if_none_match = g_strdup (etag);
}

/* 0 keeps the default (10 s to connect, 30 s for a whole attempt). */
void
rt_request_set_timeouts (RtRequest *self,
                         guint      connect_ms,
                         guint      request_ms)
{
  g_return_if_fail (self != NULL);

  self->connect_timeout_ms = connect_ms > 0 ? connect_ms : DEFAULT_CONNECT_TIMEOUT_MS;
  self->request_timeout_ms = request_ms > 0 ? request_ms : DEFAULT_REQUEST_TIMEOUT_MS;
}

void
rt_request_set_retry_base_ms (RtRequest *self,
                              guint      base_ms)
{
  g_return_if_fail (self != NULL);

  self->retry_base_ms = base_ms;
}

void
rt_request_set_max_bytes (RtRequest *self,
                          gsize      max_bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_bytes > 0 && max_bytes < G_MAXSIZE);

  self->max_bytes = max_bytes;
}

const char *
rt_request_get_method (RtRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

/* Returns: (nullable): the Idempotency-Key sent with every attempt of a POST */
const char *
rt_request_get_idempotency_key (RtRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->idempotency_key;
}

/* The status of the last attempt that got one, or 0. */
guint
rt_request_get_status (RtRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/* Returns: (nullable) (transfer none): the headers of the final reply */
SoupMessageHeaders *
rt_request_get_response_headers (RtRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->response_headers;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (RtRequest      *self,
             guint           timeout_ms,
             GSourceFunc     func,
             gpointer        data,
             GDestroyNotify  notify)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, g_task_get_context (self->task));

  return source;
}

static gint64
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000;
}

/* Ends the current attempt: drops its message and stream and stops its
 * deadlines. The reply's status and headers were kept already. */
static void
end_attempt (RtRequest *self)
{
  clear_source (&self->deadline_source);
  clear_source (&self->connect_source);

  /* Closing before the end of the body makes libsoup drop the connection
   * rather than read the rest of it. */
  g_clear_object (&self->stream);

  if (self->message != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->message, self);
      g_clear_object (&self->message);
    }
}

static void
stop_sending (RtRequest *self)
{
  end_attempt (self);
  clear_source (&self->backoff_source);
  clear_source (&self->backoff_cancel_source);

  if (self->caller_cancelled_id != 0)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
    }

  self->task = NULL;
}

/* Takes @error, a RT_CLIENT_ERROR. */
static void
fail (GTask  *task,
      GError *error)
{
  RtRequest *self = g_task_get_task_data (task);

  g_debug ("%s %s: failed after %u attempt(s) in %" G_GINT64_FORMAT " ms: %s",
           self->method, self->log_target, self->attempt,
           elapsed_ms (self->started_at), error->message);

  wipe_buffer (self);
  stop_sending (self);
  g_task_return_error (task, error);
}

static void
succeed (GTask *task)
{
  RtRequest *self = g_task_get_task_data (task);
  RtSecret *holder;
  gsize len = self->len;

  g_debug ("%s %s: %u, %" G_GSIZE_FORMAT " bytes, after %u attempt(s) in %" G_GINT64_FORMAT " ms",
           self->method, self->log_target, self->status, len, self->attempt,
           elapsed_ms (self->started_at));

  /* The body may hold a secret: hand it out in a buffer that is wiped when
   * the last reference to it goes. There is always room for the NUL. */
  g_assert (self->buffer != NULL && self->len < self->alloc);
  self->buffer[len] = '\0';
  holder = rt_secret_new_take (g_steal_pointer (&self->buffer), len);
  self->len = 0;
  self->alloc = 0;

  stop_sending (self);
  g_task_return_pointer (task,
                         g_bytes_new_with_free_func (rt_secret_get (holder, NULL), len,
                                                     (GDestroyNotify) rt_secret_unref, holder),
                         (GDestroyNotify) g_bytes_unref);
}

static gboolean
caller_cancelled (RtRequest *self)
{
  return self->caller_cancellable != NULL &&
         g_cancellable_is_cancelled (self->caller_cancellable);
}

static gboolean
on_backoff_done (gpointer user_data)
{
  GTask *task = user_data;
  RtRequest *self = g_task_get_task_data (task);

  /* Whichever of the two sources fired, keep the task alive past their
   * destruction (each holds a reference to it). */
  g_object_ref (task);
  clear_source (&self->backoff_source);
  clear_source (&self->backoff_cancel_source);

  if (g_cancellable_is_cancelled (self->cancellable))
    fail (task, rt_cancelled_error_new ());
  else
    start_attempt (task);

  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
on_backoff_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  return on_backoff_done (user_data);
}

static void
retry_after (GTask      *task,
             guint       delay_ms,
             const char *reason)
{
  RtRequest *self = g_task_get_task_data (task);
  GSource *source;

  g_debug ("%s %s: attempt %u: %s; retrying in %u ms",
           self->method, self->log_target, self->attempt, reason, delay_ms);

  end_attempt (self);
  wipe_buffer (self);

  self->backoff_source = add_timeout (self, delay_ms, on_backoff_done,
                                      g_object_ref (task), g_object_unref);

  source = g_cancellable_source_new (self->cancellable);
  g_source_set_callback (source, G_SOURCE_FUNC (on_backoff_cancelled),
                         g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  self->backoff_cancel_source = source;
}

static guint
backoff_ms (RtRequest *self)
{
  /* base, 4 × base, 16 × base ... */
  guint64 delay = (guint64) self->retry_base_ms << (2 * MIN (self->n_retries, 8));

  return (guint) MIN (delay, (guint64) MAX_RETRY_AFTER_SECONDS * 1000);
}

static guint
retry_after_ms (SoupMessageHeaders *headers)
{
  const char *value = NULL;
  guint64 seconds = DEFAULT_RETRY_AFTER_SECONDS;

  if (headers != NULL)
    value = soup_message_headers_get_one (headers, "Retry-After");

  if (value != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));
      gboolean digits = trimmed[0] != '\0';

      for (const char *p = trimmed; *p != '\0'; p++)
        digits = digits && g_ascii_isdigit (*p);

      if (digits)
        {
          if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
            seconds = MAX_RETRY_AFTER_SECONDS;
        }
      else
        {
          g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (trimmed);

          if (date != NULL)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
              GTimeSpan span = g_date_time_difference (date, now);

              seconds = span > 0 ? (guint64) (span / G_TIME_SPAN_SECOND) : 0;
            }
        }
    }

  return (guint) MIN (seconds, MAX_RETRY_AFTER_SECONDS) * 1000;
}

/* Whether a transport failure (one without an HTTP status) may be retried:
 * not cancellation, deadlines, TLS, or a reply libsoup could not parse. */
static gboolean
is_retryable_transport_error (RtRequest    *self,
                              const GError *error)
{
  if (g_cancellable_is_cancelled (self->cancellable) || self->tls_errors != 0)
    return FALSE;

  if (error->domain == G_TLS_ERROR)
    return FALSE;

  if (error->domain == SOUP_SESSION_ERROR)
    return error->code == SOUP_SESSION_ERROR_TOO_MANY_RESTARTS;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return FALSE;

  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR;
}

/* Takes @error, a libsoup or GIO error of the current attempt. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  RtRequest *self = g_task_get_task_data (task);
  g_autoptr(GError) owned = error;
  guint max_retries = self->idempotent ? MAX_IDEMPOTENT_RETRIES : MAX_POST_RETRIES;

  g_debug ("%s %s: attempt %u failed after %" G_GINT64_FORMAT " ms: %s",
           self->method, self->log_target, self->attempt,
           elapsed_ms (self->attempt_started_at), error->message);

  if (caller_cancelled (self))
    {
      fail (task, rt_cancelled_error_new ());
      return;
    }

  if (self->timed_out)
    {
      fail (task, rt_client_error_new_timeout (self->connect_timed_out));
      return;
    }

  if (is_retryable_transport_error (self, error) && self->n_retries < max_retries)
    {
      guint delay = backoff_ms (self);

      self->n_retries++;
      retry_after (task, delay, "transport failure");
      return;
    }

  fail (task, rt_client_error_new_for_transport (error, self->tls_errors,
                                                 g_uri_get_host (self->uri)));
}

static void
attempt_done (GTask *task)
{
  RtRequest *self = g_task_get_task_data (task);
  guint status = self->status;

  g_debug ("%s %s: attempt %u: %u, %" G_GSIZE_FORMAT " bytes in %" G_GINT64_FORMAT " ms",
           self->method, self->log_target, self->attempt, status, self->len,
           elapsed_ms (self->attempt_started_at));

  if (self->idempotent &&
      (status == SOUP_STATUS_BAD_GATEWAY ||
       status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
       status == SOUP_STATUS_GATEWAY_TIMEOUT) &&
      self->n_retries < MAX_IDEMPOTENT_RETRIES)
    {
      guint delay = backoff_ms (self);

      self->n_retries++;
      retry_after (task, delay, "server unavailable");
      return;
    }

  if (status == RT_HTTP_STATUS_TOO_MANY_REQUESTS && !self->waited_for_429)
    {
      self->waited_for_429 = TRUE;
      retry_after (task, retry_after_ms (self->response_headers), "rate limited");
      return;
    }

  succeed (task);
}

static void read_next (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtRequest *self = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n_read < 0)
    {
      attempt_failed (task, error);
      return;
    }

  if (n_read == 0)
    {
      end_attempt (self);
      attempt_done (task);
      return;
    }

  self->len += n_read;

  if (self->len > self->max_bytes)
    {
      g_debug ("%s %s: the reply is over %" G_GSIZE_FORMAT " bytes; giving up",
               self->method, self->log_target, self->max_bytes);
      fail (task, rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_TOO_LARGE, 0));
      return;
    }

  read_next (task);
}

static void
read_next (GTask *task)
{
  RtRequest *self = g_task_get_task_data (task);

  if (self->len == self->alloc)
    {
      /* Grow by hand rather than with realloc() so the old copy is wiped.
       * At most max_bytes + 1: one byte more than allowed tells us the reply
       * is too large. */
      gsize new_alloc = MIN (MAX (self->alloc * 2, INITIAL_BUFFER_SIZE), self->max_bytes + 1);
      char *new_buffer;

      g_assert (new_alloc > self->alloc);
      new_buffer = g_malloc (new_alloc);
      if (self->len > 0)
        memcpy (new_buffer, self->buffer, self->len);
      rt_secret_wipe (self->buffer, self->len);
      g_free (self->buffer);
      self->buffer = new_buffer;
      self->alloc = new_alloc;
    }

  g_input_stream_read_async (self->stream,
                             self->buffer + self->len,
                             MIN (self->alloc - self->len, READ_CHUNK_SIZE),
                             G_PRIORITY_DEFAULT,
                             self->cancellable,
                             on_read,
                             g_object_ref (task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtRequest *self = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  goffset content_length = -1;

  self->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (self->stream == NULL)
    {
      attempt_failed (task, error);
      return;
    }

  /* The connection is made; only the whole-attempt deadline applies now. */
  clear_source (&self->connect_source);

  self->status = soup_message_get_status (self->message);
  headers = soup_message_get_response_headers (self->message);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  self->response_headers = soup_message_headers_ref (headers);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      content_length = soup_message_headers_get_content_length (headers);
      break;

    case SOUP_ENCODING_NONE:
      /* No body at all (204, 304) */
      content_length = 0;
      break;

    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }

  if (content_length > (goffset) self->max_bytes)
    {
      g_debug ("%s %s: %u announces %" G_GINT64_FORMAT " bytes; giving up",
               self->method, self->log_target, self->status, (gint64) content_length);
      fail (task, rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_TOO_LARGE, 0));
      return;
    }

  /* Room for the announced body and one more byte for the end of it. */
  wipe_buffer (self);
  self->alloc = content_length >= 0 ? (gsize) content_length + 1 : INITIAL_BUFFER_SIZE;
  self->buffer = g_malloc (self->alloc);

  read_next (task);
}

static gboolean
on_deadline (gpointer user_data)
{
  RtRequest *self = user_data;

  g_debug ("%s %s: attempt %u: no complete reply within %u ms",
           self->method, self->log_target, self->attempt, self->request_timeout_ms);

  clear_source (&self->deadline_source);
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
on_connect_deadline (gpointer user_data)
{
  RtRequest *self = user_data;

  g_debug ("%s %s: attempt %u: not connected within %u ms",
           self->method, self->log_target, self->attempt, self->connect_timeout_ms);

  clear_source (&self->connect_source);
  self->timed_out = TRUE;
  self->connect_timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  RtRequest *self = user_data;

  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVING:
      if (self->connect_source == NULL && self->task != NULL)
        self->connect_source = add_timeout (self, self->connect_timeout_ms,
                                            on_connect_deadline, self, NULL);
      break;

    case G_SOCKET_CLIENT_COMPLETE:
      clear_source (&self->connect_source);
      break;

    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_CONNECTING:
    case G_SOCKET_CLIENT_CONNECTED:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
    default:
      break;
    }
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  RtRequest *self = user_data;

  /* Fail closed; remember why, to tell the user. */
  self->tls_errors = errors;

  return FALSE;
}

static void
set_authorization (RtRequest          *self,
                   SoupMessageHeaders *headers)
{
  static const char prefix[] = "Bearer ";
  gsize key_len;
  const char *key = rt_secret_get (self->access_key, &key_len);
  gsize len = strlen (prefix) + key_len;
  char *value = g_malloc (len + 1);

  memcpy (value, prefix, strlen (prefix));
  memcpy (value + strlen (prefix), key, key_len);
  value[len] = '\0';

  soup_message_headers_replace (headers, "Authorization", value);

  rt_secret_wipe (value, len);
  g_free (value);
}

static void
start_attempt (GTask *task)
{
  RtRequest *self = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_assert (self->message == NULL);

  self->attempt++;
  self->attempt_started_at = g_get_monotonic_time ();
  self->status = 0;
  self->tls_errors = 0;
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);

  self->message = soup_message_new_from_uri (self->method, self->uri);
  /* A redirect could carry the access key elsewhere; the API never sends one. */
  soup_message_add_flags (self->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (self->message);
  set_authorization (self, headers);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  if (self->user_agent != NULL)
    soup_message_headers_replace (headers, "User-Agent", self->user_agent);
  if (self->idempotency_key != NULL)
    {
      soup_message_headers_replace (headers, "Idempotency-Key", self->idempotency_key);
      /* The key makes a replay safe, so the POST may go on a kept-alive
       * connection; libsoup 3 would open a new one for every POST. */
      soup_message_add_flags (self->message, SOUP_MESSAGE_IDEMPOTENT);
    }
  if (self->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", self->if_none_match);
  if (self->body != NULL)
    soup_message_set_request_body_from_bytes (self->message, self->content_type, self->body);

  g_signal_connect (self->message, "network-event", G_CALLBACK (on_network_event), self);
  g_signal_connect (self->message, "accept-certificate", G_CALLBACK (on_accept_certificate), self);

  self->deadline_source = add_timeout (self, self->request_timeout_ms, on_deadline, self, NULL);

  g_debug ("%s %s: attempt %u", self->method, self->log_target, self->attempt);

  soup_session_send_async (self->session,
                           self->message,
                           G_PRIORITY_DEFAULT,
                           self->cancellable,
                           on_sent,
                           g_object_ref (task));
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  /* May run in the thread that cancelled; cancelling is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * rt_request_send_async:
 * @self: a request that is not being sent
 * @cancellable: (nullable): the caller's cancellable
 *
 * Sends the request with the retries described at the top of this file. The
 * callback runs exactly once, in the thread-default main context of the
 * caller; after @cancellable is cancelled it reports %G_IO_ERROR_CANCELLED,
 * unless the whole reply had arrived already.
 */
void
rt_request_send_async (RtRequest           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->task == NULL && self->attempt == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_request_send_async);
  g_task_set_task_data (task, rt_request_ref (self), (GDestroyNotify) rt_request_unref);
  /* A reply that arrived is handed out even if the caller cancels before
   * its callback runs: it may hold a secret that is never sent again. */
  g_task_set_check_cancellable (task, FALSE);

  self->task = task;
  self->started_at = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (on_caller_cancelled),
                                                         g_object_ref (self->cancellable),
                                                         g_object_unref);
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      fail (task, rt_cancelled_error_new ());
      return;
    }

  start_attempt (task);
}

/**
 * rt_request_send_finish:
 *
 * Returns: (transfer full): the body of the final reply (maybe empty), whatever
 *   its status; its memory is wiped when it is freed. The status and headers
 *   are those of rt_request_get_status() and rt_request_get_response_headers().
 */
GBytes *
rt_request_send_finish (RtRequest     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rt_request_send_async, NULL);
  g_return_val_if_fail (g_task_get_task_data (G_TASK (result)) == self, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
