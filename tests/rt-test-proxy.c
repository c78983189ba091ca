/* rt-test-proxy.c: an in-process HTTP proxy in front of the service, that can drop or hold creates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "rt-test-proxy.h"

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  gboolean           is_create;
} Forward;

static gboolean
is_create_request (SoupServerMessage *msg)
{
  return g_str_equal (soup_server_message_get_method (msg), "POST") &&
         g_str_equal (g_uri_get_path (soup_server_message_get_uri (msg)), "/api/v1/tokens");
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  SoupMessageHeaders *to = user_data;

  if (g_ascii_strcasecmp (name, "Host") == 0 ||
      g_ascii_strcasecmp (name, "Connection") == 0 ||
      g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
      g_ascii_strcasecmp (name, "Keep-Alive") == 0)
    return;

  soup_message_headers_append (to, name, value);
}

static char *
secret_from_reply (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  return g_strdup (json_object_get_string_member (object, "secret"));
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  status = soup_message_get_status (forward->upstream);

  if (body == NULL)
    {
      soup_server_message_set_status (forward->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
    }
  else if (forward->is_create && forward->proxy->mode == PROXY_DROP_CREATE_REPLY &&
           status == SOUP_STATUS_CREATED)
    {
      GIOStream *stream;

      forward->proxy->mode = PROXY_PASS;
      forward->proxy->n_dropped++;
      forward->proxy->dropped_secret = secret_from_reply (body);

      /* The service made the token and drew its secret; the client gets a
       * closed connection instead of the reply. */
      stream = soup_server_message_steal_connection (forward->msg);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      goto out;
    }
  else if (forward->is_create && forward->proxy->mode == PROXY_HOLD_CREATE_REPLY &&
           status == SOUP_STATUS_CREATED)
    {
      forward->proxy->mode = PROXY_PASS;
      g_free (forward->proxy->held_secret);
      forward->proxy->held_secret = secret_from_reply (body);

      /* The whole reply, sent once proxy_release_held_replies() unpauses it. */
      soup_server_message_set_status (forward->msg, status, NULL);
      soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream),
                                    copy_header,
                                    soup_server_message_get_response_headers (forward->msg));
      soup_message_body_append_bytes (soup_server_message_get_response_body (forward->msg), body);
      g_ptr_array_add (forward->proxy->held_replies, g_object_ref (forward->msg));
      goto out;
    }
  else
    {
      SoupMessageHeaders *response_headers =
        soup_server_message_get_response_headers (forward->msg);

      soup_server_message_set_status (forward->msg, status, NULL);
      soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream),
                                    copy_header, response_headers);
      if (g_bytes_get_size (body) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (forward->msg), body);
    }

  soup_server_unpause_message (forward->proxy->server, forward->msg);

out:
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
forward_request (Proxy             *proxy,
                 SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *target = NULL;
  g_autoptr(GBytes) body = NULL;
  Forward *forward = g_new0 (Forward, 1);

  target = g_strconcat (proxy->upstream, g_uri_get_path (uri),
                        g_uri_get_query (uri) != NULL ? "?" : "",
                        g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                        NULL);

  forward->proxy = proxy;
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (soup_server_message_get_method (msg), target);
  forward->is_create = is_create_request (msg);

  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (forward->upstream));

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward->upstream, NULL, body);

  soup_session_send_and_read_async (proxy->session, forward->upstream, G_PRIORITY_DEFAULT,
                                    NULL, forwarded_cb, forward);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Proxy *proxy = user_data;

  soup_server_pause_message (server, msg);

  if (is_create_request (msg))
    {
      proxy->n_create_posts++;

      if (proxy->mode == PROXY_HOLD_CREATE)
        {
          g_ptr_array_add (proxy->held, g_object_ref (msg));
          return;
        }
    }

  forward_request (proxy, msg);
}

Proxy *
proxy_new (const char *upstream)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  proxy->upstream = g_strdup (upstream);
  proxy->session = soup_session_new ();
  proxy->held = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->held_replies = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handler, proxy, NULL);
  g_assert_true (soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (proxy->server);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return proxy;
}

void
proxy_release_held (Proxy *proxy)
{
  /* Forward what was held, so that nothing stays paused for ever. */
  while (proxy->held->len > 0)
    {
      g_autoptr(SoupServerMessage) msg = g_ptr_array_steal_index (proxy->held, 0);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_unpause_message (proxy->server, msg);
    }
}

void
proxy_release_held_replies (Proxy *proxy)
{
  while (proxy->held_replies->len > 0)
    {
      g_autoptr(SoupServerMessage) msg = g_ptr_array_steal_index (proxy->held_replies, 0);

      soup_server_unpause_message (proxy->server, msg);
    }
}

void
proxy_free (Proxy *proxy)
{
  proxy_release_held (proxy);
  proxy_release_held_replies (proxy);
  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_ptr_array_unref (proxy->held);
  g_ptr_array_unref (proxy->held_replies);
  g_free (proxy->held_secret);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy->dropped_secret);
  g_free (proxy);
}
