/* rt-client.c: the client of the registry token API: the object and what its calls share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-client.h"
#include "rt-client-private.h"
#include "rt-json.h"
#include "rt-request.h"

/* RtClient turns the calls of docs/token-api.md into _async/_finish pairs.
 * RtRequest does the HTTP (deadlines, retries, the size cap), rt-json.c the
 * parsing; here are the object, the statuses and the mapping of failures to
 * RtClientError, and in rt-client-tokens.c and rt-client-account.c the calls
 * with their paths.
 *
 * Cancellation (see rt-client.h) is GTask's check-cancellable, turned off by
 * _rt_client_return_result() once a reply is in.
 *
 * A call that fails with RT_CLIENT_ERROR_INVALID carries the server's
 * problem details; rt_client_create_token_finish() hands them out, so that
 * the dialog can put each field error beside its field. Every message also
 * ends with the problem's `detail`.
 */

#define API_PATH "/api/v1"

struct _RtClient
{
  GObject      parent_instance;

  char        *server;
  char        *api_base;      /* server + /api/v1, without a trailing slash */
  RtSecret    *access_key;
  SoupSession *session;
  char        *user_agent;    /* set on each message when the session is not ours */

  guint        connect_timeout_ms;
  guint        request_timeout_ms;
  guint        retry_base_ms;
  gboolean     retry_base_set;
};

static void rt_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtClient, rt_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      rt_client_initable_iface_init))

enum {
  PROP_0,
  PROP_SERVER,
  PROP_ACCESS_KEY,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
call_free (Call *call)
{
  g_clear_pointer (&call->request, rt_request_unref);
  g_clear_object (&call->problem);
  g_clear_object (&call->walk);
  g_free (call);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Checks @server and derives the API base from it. */
static char *
make_api_base (const char  *server,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *api_path = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  if (server != NULL)
    uri = g_uri_parse (server, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL)
    {
      g_propagate_error (error, rt_client_error_new_invalid_url (server));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      host == NULL || host[0] == '\0' ||
      g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_propagate_error (error, rt_client_error_new_invalid_url (server));
      return NULL;
    }

  /* The access key and the secrets must not cross a network in the clear.
   * Loopback is exempt, for a service on this computer (and for tests). */
  if (g_strcmp0 (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_propagate_error (error, rt_client_error_new_insecure ());
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';

  api_path = g_strconcat (path, API_PATH, NULL);

  return g_uri_join (SOUP_HTTP_URI_FLAGS,
                     scheme, NULL, host, g_uri_get_port (uri), api_path, NULL, NULL);
}

static gboolean
rt_client_initable_init (GInitable     *initable,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RtClient *self = RT_CLIENT (initable);

  g_return_val_if_fail (self->access_key != NULL, FALSE);

  if (self->api_base == NULL)
    self->api_base = make_api_base (self->server, error);

  return self->api_base != NULL;
}

static void
rt_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = rt_client_initable_init;
}

static void
rt_client_constructed (GObject *object)
{
  RtClient *self = RT_CLIENT (object);

  G_OBJECT_CLASS (rt_client_parent_class)->constructed (object);

  if (self->session == NULL)
    /* Connect and request deadlines are ours (see rt-request.c): libsoup's
     * I/O timeout restarts on every byte. */
    self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                   NULL);
  else
    self->user_agent = g_strdup (PACKAGE_NAME "/" PACKAGE_VERSION);
}

static void
rt_client_finalize (GObject *object)
{
  RtClient *self = RT_CLIENT (object);

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->api_base, g_free);
  g_clear_pointer (&self->access_key, rt_secret_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->user_agent, g_free);

  G_OBJECT_CLASS (rt_client_parent_class)->finalize (object);
}

static void
rt_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RtClient *self = RT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RtClient *self = RT_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;

    case PROP_ACCESS_KEY:
      self->access_key = g_value_dup_boxed (value);
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_client_class_init (RtClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rt_client_constructed;
  object_class->finalize = rt_client_finalize;
  object_class->get_property = rt_client_get_property;
  object_class->set_property = rt_client_set_property;

  /**
   * RtClient:server:
   *
   * The server, without `/api/v1`: `https://host[:port][/prefix]`; plain
   * `http://` only for loopback hosts.
   */
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * RtClient:access-key:
   *
   * The access key, sent as `Authorization: Bearer`. Write-only: it never
   * leaves the client.
   */
  properties[PROP_ACCESS_KEY] =
    g_param_spec_boxed ("access-key", NULL, NULL,
                        RT_TYPE_SECRET,
                        (G_PARAM_WRITABLE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * RtClient:session:
   *
   * The session requests are sent with; the client makes its own when none
   * is given at construction.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_client_init (RtClient *self)
{
}

/**
 * rt_client_new:
 * @server: the server address, e.g. `https://tokens.example.test`
 * @access_key: the access key
 * @session: (nullable): the session to use; %NULL makes one
 * @error: set to %RT_CLIENT_ERROR_INVALID_URL or %RT_CLIENT_ERROR_INSECURE
 *
 * Checks @server without sending anything.
 *
 * Returns: (transfer full) (nullable): a new client
 */
RtClient *
rt_client_new (const char   *server,
               RtSecret     *access_key,
               SoupSession  *session,
               GError      **error)
{
  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (RT_TYPE_CLIENT, NULL, error,
                         "server", server,
                         "access-key", access_key,
                         "session", session,
                         NULL);
}

const char *
rt_client_get_server (RtClient *self)
{
  g_return_val_if_fail (RT_IS_CLIENT (self), NULL);

  return self->server;
}

/**
 * rt_client_get_session:
 *
 * Returns: (transfer none): the session
 */
SoupSession *
rt_client_get_session (RtClient *self)
{
  g_return_val_if_fail (RT_IS_CLIENT (self), NULL);

  return self->session;
}

/**
 * rt_client_set_timeouts:
 * @connect_ms: the longest wait for a connection (0: the default, 10 s)
 * @request_ms: the longest wait for a whole reply, per attempt (0: the
 *   default, 30 s)
 *
 * Applies to calls started afterwards. For tests.
 */
void
rt_client_set_timeouts (RtClient *self,
                        guint     connect_ms,
                        guint     request_ms)
{
  g_return_if_fail (RT_IS_CLIENT (self));

  self->connect_timeout_ms = connect_ms;
  self->request_timeout_ms = request_ms;
}

/**
 * rt_client_set_retry_base_ms:
 * @base_ms: the wait before the first retry; the second waits 4 times as long
 *
 * The default is 250 ms. Applies to calls started afterwards. For tests.
 */
void
rt_client_set_retry_base_ms (RtClient *self,
                             guint     base_ms)
{
  g_return_if_fail (RT_IS_CLIENT (self));

  self->retry_base_ms = base_ms;
  self->retry_base_set = TRUE;
}

static gboolean
reply_is_json (RtRequest *request)
{
  SoupMessageHeaders *headers = rt_request_get_response_headers (request);
  const char *content_type = NULL;

  if (headers != NULL)
    content_type = soup_message_headers_get_content_type (headers, NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0;
}

static RtProblem *
parse_problem (RtRequest *request,
               GBytes    *body)
{
  SoupMessageHeaders *headers = rt_request_get_response_headers (request);
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;
  RtProblem *problem;

  if (headers != NULL)
    content_type = soup_message_headers_get_content_type (headers, NULL);

  if (content_type == NULL ||
      (g_ascii_strcasecmp (content_type, "application/problem+json") != 0 &&
       g_ascii_strcasecmp (content_type, "application/json") != 0) ||
      g_bytes_get_size (body) == 0)
    return NULL;

  problem = rt_json_parse_problem (body, &error);
  if (problem == NULL)
    g_debug ("%s: the problem details could not be parsed: %s",
             rt_request_get_method (request), error->message);

  return problem;
}

gboolean
_rt_client_check_parsed (GTask     *task,
                         RtRequest *request,
                         gboolean   parsed,
                         GError    *parse_error)
{
  g_autoptr(GError) owned = parse_error;

  if (parsed)
    return TRUE;

  /* The message names a field path, never a value. */
  g_debug ("%s: the reply could not be parsed: %s",
           rt_request_get_method (request),
           owned != NULL ? owned->message : "(no reason)");

  g_task_return_error (task, rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_MALFORMED, 0));
  return FALSE;
}

static void
on_call_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = rt_request_send_finish (call->request, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = rt_request_get_status (call->request);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) ||
      (status == SOUP_STATUS_NOT_MODIFIED && call->conditional))
    {
      if (call->expects_json &&
          status != SOUP_STATUS_NO_CONTENT &&
          status != SOUP_STATUS_NOT_MODIFIED &&
          !reply_is_json (call->request))
        {
          g_debug ("%s: %u with a body that is not JSON",
                   rt_request_get_method (call->request), status);
          g_task_return_error (task,
                               rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_CONTENT_TYPE, 0));
          return;
        }

      if (call->complete != NULL)
        call->complete (task, call->request, body);
      else
        {
          /* A call with nothing to parse (a DELETE): any 2xx, whatever the
           * body, is its answer. */
          g_task_set_check_cancellable (task, FALSE);
          g_task_return_boolean (task, TRUE);
        }
    }
  else if (status >= 400)
    {
      call->problem = parse_problem (call->request, body);
      g_task_return_error (task,
                           rt_client_error_new_for_status (status, call->problem, call->target));
    }
  else
    {
      g_task_return_error (task, rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_STATUS, status));
    }

  /* @body goes now; as it may hold a secret, its memory is wiped as it goes
   * (see rt-request.c). */
}

static GUri *
make_uri (RtClient   *self,
          const char *path_and_query)
{
  g_autofree char *string = g_strconcat (self->api_base, path_and_query, NULL);
  g_autoptr(GError) error = NULL;
  GUri *uri = g_uri_parse (string, SOUP_HTTP_URI_FLAGS, &error);

  /* The base was checked, and ids and page tokens are escaped. */
  g_assert_no_error (error);

  return uri;
}

GTask *
_rt_client_new_task (RtClient            *self,
                     GCancellable        *cancellable,
                     gpointer             source_tag,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  return task;
}

void
_rt_client_return_result (GTask          *task,
                          gpointer        result,
                          GDestroyNotify  result_destroy)
{
  g_task_set_check_cancellable (task, FALSE);
  g_task_return_pointer (task, result, result_destroy);
}

void
_rt_client_send_call (RtClient       *self,
                      GTask          *task,
                      const char     *method,
                      const char     *path_and_query,
                      GBytes         *body,
                      const char     *if_none_match,
                      RtClientTarget  target,
                      CompleteFunc    complete)
{
  g_autoptr(GUri) uri = make_uri (self, path_and_query);
  Call *call = g_new0 (Call, 1);

  call->request = rt_request_new (self->session, method, uri, self->access_key);
  call->target = target;
  call->complete = complete;
  call->conditional = if_none_match != NULL;
  call->expects_json = complete != NULL;

  rt_request_set_max_bytes (call->request, RT_JSON_MAX_BYTES);
  rt_request_set_timeouts (call->request, self->connect_timeout_ms, self->request_timeout_ms);
  if (self->retry_base_set)
    rt_request_set_retry_base_ms (call->request, self->retry_base_ms);
  if (self->user_agent != NULL)
    rt_request_set_user_agent (call->request, self->user_agent);
  if (body != NULL)
    rt_request_set_body (call->request, "application/json", body);
  if (if_none_match != NULL)
    rt_request_set_if_none_match (call->request, if_none_match);

  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  call->sent_at = g_get_monotonic_time ();
  rt_request_send_async (call->request,
                         g_task_get_cancellable (task),
                         on_call_sent,
                         task);
}

gboolean
_rt_client_check_finish (RtClient      *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  g_return_val_if_fail (RT_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return TRUE;
}

gpointer
_rt_client_finish_pointer (RtClient      *self,
                           GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  if (!_rt_client_check_finish (self, result, source_tag, error))
    return NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

