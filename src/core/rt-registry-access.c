/* rt-registry-access.c: asks a registry's token server what a secret opens
 *
 * The way docker and podman log in (distribution's token authentication):
 * GET /v2/ on the registry names the token server in its Bearer challenge;
 * the token server, given the username and secret with Basic
 * authentication and one `repository:NAME:pull` scope per repository,
 * answers with a JWT whose `access` claim lists what it grants. Nothing is
 * pulled. The JWT's signature is not checked: the registry does that, and
 * the answer only reports what the server said.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rt-registry-access.h"

#define MAX_REPLY_SIZE (256 * 1024)

G_DEFINE_QUARK (rt-registry-access-error-quark, rt_registry_access_error)

typedef struct
{
  SoupSession *session;
  SoupMessage *msg;          /* the request under way */
  char        *registry_host;
  char        *username;
  RtSecret    *secret;
  GStrv        repositories;
} Check;

/* Reading a reply, at most MAX_REPLY_SIZE of it: a server that sends more
 * is cut off rather than read into memory. */
typedef struct
{
  GInputStream *stream;
  GByteArray   *buffer;
} CappedRead;

static void
capped_read_free (CappedRead *read)
{
  g_clear_object (&read->stream);
  g_clear_pointer (&read->buffer, g_byte_array_unref);
  g_free (read);
}

static void capped_read_next (GTask *read_task);

static void
capped_read_chunk_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) read_task = user_data;
  CappedRead *read = g_task_get_task_data (read_task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  if (!(chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error)))
    {
      g_task_return_error (read_task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (read_task, g_byte_array_free_to_bytes (g_steal_pointer (&read->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (read->buffer->len + g_bytes_get_size (chunk) > MAX_REPLY_SIZE)
    {
      g_task_return_new_error (read_task, RT_REGISTRY_ACCESS_ERROR,
                               RT_REGISTRY_ACCESS_ERROR_FAILED,
                               _("The registry’s token server sent too large an answer."));
      return;
    }

  g_byte_array_append (read->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  capped_read_next (g_steal_pointer (&read_task));
}

/* Takes @read_task. */
static void
capped_read_next (GTask *read_task)
{
  CappedRead *read = g_task_get_task_data (read_task);

  g_input_stream_read_bytes_async (read->stream, 16 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (read_task),
                                   capped_read_chunk_cb, read_task);
}

static void
capped_send_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *read_task = user_data;
  CappedRead *read = g_task_get_task_data (read_task);
  GError *error = NULL;

  if (!(read->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error)))
    {
      g_task_return_error (read_task, error);
      g_object_unref (read_task);
      return;
    }

  capped_read_next (read_task);
}

/* Sends @msg and reads its body, at most MAX_REPLY_SIZE bytes. */
static void
send_and_read_capped_async (SoupSession         *session,
                            SoupMessage         *msg,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *read_task = g_task_new (session, cancellable, callback, user_data);
  CappedRead *read = g_new0 (CappedRead, 1);

  read->buffer = g_byte_array_new ();
  g_task_set_task_data (read_task, read, (GDestroyNotify) capped_read_free);
  /* Never carry a secret, or follow a registry, somewhere else. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                           capped_send_cb, read_task);
}

static GBytes *
send_and_read_capped_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_free (Check *check)
{
  g_clear_object (&check->session);
  g_clear_object (&check->msg);
  g_free (check->registry_host);
  g_free (check->username);
  g_clear_pointer (&check->secret, rt_secret_unref);
  g_strfreev (check->repositories);
  g_free (check);
}

/* Plain HTTP only on loopback, as docker allows without configuration. */
static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static GUri *
registry_base_uri (const char  *registry_host,
                   GError     **error)
{
  g_autofree char *probe = g_strconcat ("https://", registry_host, "/", NULL);
  g_autoptr(GUri) uri = g_uri_parse (probe, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || strcmp (g_uri_get_path (uri), "/") != 0)
    {
      g_set_error (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED,
                   _("“%s” is not a registry host."), registry_host);
      return NULL;
    }

  return g_uri_build (G_URI_FLAGS_NONE,
                      is_loopback_host (g_uri_get_host (uri)) ? "http" : "https",
                      NULL, g_uri_get_host (uri), g_uri_get_port (uri), "/v2/", NULL, NULL);
}

static void
fail_unreachable (GTask        *task,
                  const GError *cause)
{
  g_debug ("Registry access check failed: %s", cause->message);
  g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED,
                           _("The registry could not be reached: %s"), cause->message);
}

/* Reads the `access` claim of the JWT in the token server's reply. */
static GHashTable *
granted_from_reply (GBytes  *body,
                    GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonParser) claims_parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guchar *claims = NULL;
  g_autoptr(GString) padded = NULL;
  g_auto(GStrv) parts = NULL;
  const char *token = NULL;
  JsonNode *root;
  JsonNode *access;
  gsize claims_length = 0;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      token = json_object_get_string_member_with_default (object, "token", NULL);
      if (token == NULL)
        token = json_object_get_string_member_with_default (object, "access_token", NULL);
    }

  if (token != NULL)
    parts = g_strsplit (token, ".", 4);
  if (parts == NULL || g_strv_length (parts) != 3)
    goto malformed;

  padded = g_string_new (parts[1]);
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  claims = g_base64_decode (padded->str, &claims_length);

  if (!json_parser_load_from_data (claims_parser, (const char *) claims, claims_length, NULL) ||
      (root = json_parser_get_root (claims_parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto malformed;

  access = json_object_get_member (json_node_get_object (root), "access");
  if (access == NULL || JSON_NODE_HOLDS_NULL (access))
    return g_steal_pointer (&granted);
  if (!JSON_NODE_HOLDS_ARRAY (access))
    goto malformed;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (access)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (access), i);
      JsonObject *object;
      JsonNode *actions;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      object = json_node_get_object (entry);
      name = json_object_get_string_member_with_default (object, "name", NULL);
      actions = json_object_get_member (object, "actions");
      if (name == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL),
                     "repository") != 0 ||
          actions == NULL || !JSON_NODE_HOLDS_ARRAY (actions))
        continue;

      for (guint j = 0; j < json_array_get_length (json_node_get_array (actions)); j++)
        {
          JsonNode *action = json_array_get_element (json_node_get_array (actions), j);

          if (JSON_NODE_HOLDS_VALUE (action) &&
              json_node_get_value_type (action) == G_TYPE_STRING &&
              strcmp (json_node_get_string (action), "pull") == 0)
            g_hash_table_add (granted, g_strdup (name));
        }
    }

  return g_steal_pointer (&granted);

malformed:
  g_set_error_literal (error, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED,
                       _("The registry’s token server sent an answer that is not a "
                         "registry token."));
  return NULL;
}

static void
token_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  SoupMessage *msg = check->msg;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *granted;
  const char *retry_after;

  if (!(body = send_and_read_capped_finish (result, &error)))
    {
      fail_unreachable (task, error);
      return;
    }

  switch ((guint) soup_message_get_status (msg))
    {
    case SOUP_STATUS_OK:
      if (!(granted = granted_from_reply (body, &error)))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_pointer (task, granted, (GDestroyNotify) g_hash_table_unref);
      return;

    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_REFUSED,
                               _("The registry refused this secret. It may be wrong or "
                                 "replaced, the token may be deleted, or all its "
                                 "subscriptions may have ended."));
      return;

    case 429:
      retry_after = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                  "Retry-After");
      g_debug ("Registry login rate-limited; Retry-After: %s", retry_after ? retry_after : "-");
      g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR,
                               RT_REGISTRY_ACCESS_ERROR_RATE_LIMITED,
                               _("The registry refuses logins from here for a while after "
                                 "too many failed ones. Try again in a minute."));
      return;

    default:
      g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR, RT_REGISTRY_ACCESS_ERROR_FAILED,
                               _("The registry’s token server answered with HTTP %u."),
                               soup_message_get_status (msg));
      return;
    }
}

static char *
basic_authorization (const char *username,
                     RtSecret   *secret)
{
  gsize secret_length = 0;
  const char *secret_text = rt_secret_get (secret, &secret_length);
  gsize username_length = strlen (username);
  gsize length = username_length + 1 + secret_length;
  g_autofree char *plain = g_malloc (length);
  char *encoded;
  char *header;

  memcpy (plain, username, username_length);
  plain[username_length] = ':';
  memcpy (plain + username_length + 1, secret_text, secret_length);
  encoded = g_base64_encode ((const guchar *) plain, length);
  header = g_strconcat ("Basic ", encoded, NULL);

  rt_secret_wipe (plain, length);
  rt_secret_wipe (encoded, strlen (encoded));
  g_free (encoded);

  return header;
}

/* The realm receives the secret: it must be HTTPS, or HTTP on loopback. */
static gboolean
is_safe_realm (GUri *realm)
{
  const char *scheme = g_uri_get_scheme (realm);

  if (g_uri_get_host (realm) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  return g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback_host (g_uri_get_host (realm));
}

static void
ask_token_server (GTask      *task,
                  const char *realm,
                  const char *service)
{
  Check *check = g_task_get_task_data (task);
  g_autoptr(GUri) realm_uri = g_uri_parse (realm, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *escaped_service = NULL;

  if (realm_uri == NULL || !is_safe_realm (realm_uri))
    {
      g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR,
                               RT_REGISTRY_ACCESS_ERROR_NO_TOKEN_SERVER,
                               _("The registry names a token server that the secret cannot "
                                 "be sent to safely."));
      return;
    }

  query = g_string_new (g_uri_get_query (realm_uri));
  if (service != NULL)
    {
      escaped_service = g_uri_escape_string (service, NULL, FALSE);
      g_string_append_printf (query, "%sservice=%s", query->len > 0 ? "&" : "", escaped_service);
    }
  for (guint i = 0; check->repositories[i] != NULL; i++)
    {
      g_autofree char *scope = g_strconcat ("repository:", check->repositories[i], ":pull", NULL);
      g_autofree char *escaped = g_uri_escape_string (scope, NULL, FALSE);

      g_string_append_printf (query, "%sscope=%s", query->len > 0 ? "&" : "", escaped);
    }

  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (realm_uri), NULL,
                     g_uri_get_host (realm_uri), g_uri_get_port (realm_uri),
                     g_uri_get_path (realm_uri), query->str, NULL);
  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  authorization = basic_authorization (check->username, check->secret);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  rt_secret_wipe (authorization, strlen (authorization));

  g_set_object (&check->msg, msg);
  send_and_read_capped_async (check->session, msg, g_task_get_cancellable (task),
                              token_read_cb, g_object_ref (task));
}

static void
challenge_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_object_ref (check->msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *challenge;

  if (!(body = send_and_read_capped_finish (result, &error)))
    {
      fail_unreachable (task, error);
      return;
    }

  /* A registry without authentication lets anyone pull everything. */
  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    {
      GHashTable *granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; check->repositories[i] != NULL; i++)
        g_hash_table_add (granted, g_strdup (check->repositories[i]));
      g_task_return_pointer (task, granted, (GDestroyNotify) g_hash_table_unref);
      return;
    }

  challenge = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                            "WWW-Authenticate");
  if (soup_message_get_status (msg) != SOUP_STATUS_UNAUTHORIZED || challenge == NULL ||
      g_ascii_strncasecmp (challenge, "Bearer ", 7) != 0 ||
      !(params = soup_header_parse_param_list (challenge + 7)) ||
      g_hash_table_lookup (params, "realm") == NULL)
    {
      g_task_return_new_error (task, RT_REGISTRY_ACCESS_ERROR,
                               RT_REGISTRY_ACCESS_ERROR_NO_TOKEN_SERVER,
                               _("%s does not answer like a registry with token logins."),
                               check->registry_host);
      return;
    }

  ask_token_server (task, g_hash_table_lookup (params, "realm"),
                    g_hash_table_lookup (params, "service"));
}

/**
 * rt_registry_access_check_async:
 * @session: the session to use
 * @registry_host: the registry as `docker login` names it (host and
 *   optional port); HTTPS, or plain HTTP on loopback
 * @username: the token's registry username
 * @secret: the token's secret
 * @repositories: (array zero-terminated=1): the repositories to ask pull on
 *
 * Asks the registry's token server for pull on each repository, as a pull
 * would, without pulling anything.
 */
void
rt_registry_access_check_async (SoupSession         *session,
                                const char          *registry_host,
                                const char          *username,
                                RtSecret            *secret,
                                const char * const  *repositories,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  Check *check;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (registry_host != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (repositories != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_registry_access_check_async);

  check = g_new0 (Check, 1);
  check->session = g_object_ref (session);
  check->registry_host = g_strdup (registry_host);
  check->username = g_strdup (username);
  check->secret = rt_secret_ref (secret);
  check->repositories = g_strdupv ((GStrv) repositories);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  if (!(uri = registry_base_uri (registry_host, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  g_set_object (&check->msg, msg);
  send_and_read_capped_async (session, msg, cancellable, challenge_read_cb, g_steal_pointer (&task));
}

/**
 * rt_registry_access_check_finish:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the set of the asked
 *   repositories the secret may pull, or %NULL with @error set
 */
GHashTable *
rt_registry_access_check_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rt_registry_access_check_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
