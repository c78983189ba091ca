/* rt-client-tokens.c: RtClient's /tokens calls: the list, paged or whole, and each token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-client.h"
#include "rt-client-private.h"
#include "rt-json.h"

typedef struct
{
  RtToken  *token;
  RtSecret *secret;
} TokenWithSecret;

typedef struct
{
  RtToken   *token;
  GPtrArray *added;
  GPtrArray *removed;
} ResyncResult;

static void
token_with_secret_free (TokenWithSecret *result)
{
  g_clear_object (&result->token);
  g_clear_pointer (&result->secret, rt_secret_unref);
  g_free (result);
}

static void
resync_result_free (ResyncResult *result)
{
  g_clear_object (&result->token);
  g_clear_pointer (&result->added, g_ptr_array_unref);
  g_clear_pointer (&result->removed, g_ptr_array_unref);
  g_free (result);
}

/* "/tokens/{id}" and then @suffix, with @id escaped. */
static char *
token_path (const char *id,
            const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/tokens/", escaped, suffix, NULL);
}

/* GET /tokens */

typedef struct
{
  GBytes *body;
  char   *etag;
} PageParse;

static void
page_parse_free (PageParse *parse)
{
  g_bytes_unref (parse->body);
  g_free (parse->etag);
  g_free (parse);
}

/* A page of a thousand tokens takes tens of milliseconds to parse and build:
 * a worker does it, so the main loop keeps drawing meanwhile. */
static void
parse_token_page_thread (GTask        *parse_task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  PageParse *parse = task_data;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *next_page_token = NULL;
  GError *error = NULL;
  guint total = 0;

  if (rt_json_parse_token_page (parse->body, &tokens, &next_page_token, &total, &error))
    g_task_return_pointer (parse_task,
                           rt_token_page_new (tokens, next_page_token, total, parse->etag),
                           (GDestroyNotify) rt_token_page_unref);
  else
    g_task_return_error (parse_task, error);
}

static void
token_page_parsed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  RtTokenPage *page;
  GError *error = NULL;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (_rt_client_check_parsed (task, call->request, page != NULL, error))
    {
      rt_token_page_set_requested_at (page, call->sent_at);
      _rt_client_return_result (task, page, (GDestroyNotify) rt_token_page_unref);
    }
}

static void walk_prefetch (GTask              *walk_task,
                           guint               index,
                           const char         *link);

static char *
tokens_page_path (const char *page_token,
                  guint       page_size)
{
  GString *path = g_string_new ("/tokens");
  char separator = '?';

  if (page_size > 0)
    {
      g_string_append_printf (path, "%cpage_size=%u", separator, page_size);
      separator = '&';
    }
  if (page_token != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (page_token, NULL, FALSE);

      g_string_append_printf (path, "%cpage_token=%s", separator, escaped);
    }

  return g_string_free (path, FALSE);
}

static void
complete_token_page (GTask     *task,
                     RtRequest *request,
                     GBytes    *body)
{
  SoupMessageHeaders *headers = rt_request_get_response_headers (request);
  const char *etag = headers != NULL ? soup_message_headers_get_one (headers, "ETag") : NULL;
  g_autoptr(GTask) parse_task = NULL;
  PageParse *parse;

  Call *call = g_task_get_task_data (task);

  if (rt_request_get_status (request) == SOUP_STATUS_NOT_MODIFIED)
    {
      RtTokenPage *page = rt_token_page_new_not_modified (etag);

      rt_token_page_set_requested_at (page, call->sent_at);
      _rt_client_return_result (task, page, (GDestroyNotify) rt_token_page_unref);
      return;
    }

  /* Part of a walk: the next page is asked for now, while this one parses. */
  if (call->walk != NULL && headers != NULL)
    walk_prefetch (call->walk, call->walk_index,
                   soup_message_headers_get_list (headers, "Link"));

  parse = g_new0 (PageParse, 1);
  parse->body = g_bytes_ref (body);
  parse->etag = g_strdup (etag);

  parse_task = g_task_new (NULL, NULL, token_page_parsed, g_object_ref (task));
  g_task_set_source_tag (parse_task, parse_token_page_thread);
  g_task_set_task_data (parse_task, parse, (GDestroyNotify) page_parse_free);
  g_task_run_in_thread (parse_task, parse_token_page_thread);
}

/**
 * rt_client_list_tokens_page_async:
 * @page_token: (nullable): from the previous page; %NULL for the first
 * @page_size: 1 to 1000; 0 for the server's default (100)
 * @etag: (nullable): the ETag of the caller's copy of this page; when the
 *   server finds it unchanged, the page is "not modified" and has no tokens
 *
 * Lists the tokens the caller can see, newest first.
 */
void
rt_client_list_tokens_page_async (RtClient            *self,
                                  const char          *page_token,
                                  guint                page_size,
                                  const char          *etag,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = tokens_page_path (page_token, page_size);
  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_list_tokens_page_async,
                                             callback, user_data),
                        "GET", path, NULL, etag, RT_CLIENT_TARGET_SERVICE, complete_token_page);
}

/**
 * rt_client_list_tokens_page_finish:
 *
 * Returns: (transfer full): the page
 */
RtTokenPage *
rt_client_list_tokens_page_finish (RtClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _rt_client_finish_pointer (self, result, rt_client_list_tokens_page_async, error);
}

/* The whole list: GET /tokens page after page {{{ */

/* Pages asked for and not yet handed to the caller, at most: one on its way
 * and two parsing keep two cores busy. Without a bound, a server faster than
 * the parsing piles up bodies and parse trees (over 100 MB at 100,000
 * tokens). */
#define WALK_MAX_PAGES_AHEAD 3

typedef struct
{
  RtClientTokenPageFunc  page_func;
  gpointer               page_data;
  GDestroyNotify         page_data_destroy;
  guint                  page_size;
  GPtrArray             *pages;            /* index → RtTokenPage, until delivered */
  guint                  n_delivered;
  char                  *last_requested;   /* the page token last asked for */
  char                  *deferred;         /* named by a reply, not asked for yet */
  GCancellable          *cancellable;      /* of the requests; the caller's cancels it */
  GCancellable          *caller_cancellable;
  gulong                 caller_handler;
  gboolean               done;
} Walk;

static void
page_clear (gpointer page)
{
  if (page != NULL)
    rt_token_page_unref (page);
}

static void
cancel_walk (GCancellable *caller_cancellable,
             GCancellable *walk_cancellable)
{
  g_cancellable_cancel (walk_cancellable);
}

static void
walk_free (Walk *walk)
{
  if (walk->page_data_destroy != NULL)
    walk->page_data_destroy (walk->page_data);
  g_ptr_array_unref (walk->pages);
  g_free (walk->last_requested);
  g_free (walk->deferred);
  if (walk->caller_handler != 0)
    g_cancellable_disconnect (walk->caller_cancellable, walk->caller_handler);
  g_clear_object (&walk->caller_cancellable);
  g_clear_object (&walk->cancellable);
  g_free (walk);
}

/* The page token of the rel="next" link in a Link header (RFC 8288), or
 * NULL. */
static char *
next_page_token_from_link (const char *link)
{
  g_autoptr(GSList) values = NULL;
  char *found = NULL;

  if (link == NULL)
    return NULL;

  values = soup_header_parse_list (link);
  for (GSList *l = values; l != NULL && found == NULL; l = l->next)
    {
      const char *value = l->data;
      const char *end = strchr (value, '>');
      const char *query;
      g_autoptr(GHashTable) params = NULL;
      g_autoptr(GHashTable) query_params = NULL;

      if (*value != '<' || end == NULL || *(end + 1) != ';')
        continue;

      params = soup_header_parse_semi_param_list (end + 2);
      if (g_strcmp0 (g_hash_table_lookup (params, "rel"), "next") != 0)
        continue;

      query = memchr (value, '?', end - value);
      if (query == NULL)
        continue;

      {
        g_autofree char *query_text = g_strndup (query + 1, end - query - 1);

        query_params = g_uri_parse_params (query_text, -1, "&", G_URI_PARAMS_NONE, NULL);
      }
      if (query_params != NULL && g_hash_table_lookup (query_params, "page_token") != NULL)
        found = g_strdup (g_hash_table_lookup (query_params, "page_token"));
    }
  g_slist_free_full (g_steal_pointer (&values), g_free);

  return found;
}

static void walk_page_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
walk_request (GTask      *walk_task,
              const char *page_token,
              guint       page_size,
              const char *etag)
{
  RtClient *self = g_task_get_source_object (walk_task);
  Walk *walk = g_task_get_task_data (walk_task);
  g_autofree char *path = tokens_page_path (page_token, page_size);
  GTask *task = _rt_client_new_task (self, walk->cancellable, walk_request,
                                     walk_page_cb, g_object_ref (walk_task));
  Call *call;

  g_free (walk->last_requested);
  walk->last_requested = g_strdup (page_token);
  g_ptr_array_add (walk->pages, NULL);

  _rt_client_send_call (self, task, "GET", path, NULL, etag, RT_CLIENT_TARGET_SERVICE,
                        complete_token_page);
  call = g_task_get_task_data (task);
  call->walk = g_object_ref (walk_task);
  call->walk_index = walk->pages->len - 1;
}

/* Page @index's reply is in: ask for the one its Link header names, unless
 * that was asked for already, or later when enough pages are in hand. */
static void
walk_prefetch (GTask      *walk_task,
               guint       index,
               const char *link)
{
  Walk *walk = g_task_get_task_data (walk_task);
  g_autofree char *next = next_page_token_from_link (link);

  if (next == NULL || walk->done || index + 1 != walk->pages->len)
    return;

  if (walk->pages->len - walk->n_delivered >= WALK_MAX_PAGES_AHEAD)
    {
      g_free (walk->deferred);
      walk->deferred = g_steal_pointer (&next);
      return;
    }

  walk_request (walk_task, next, walk->page_size, NULL);
}

static void
walk_fail (GTask  *walk_task,
           GError *error)
{
  Walk *walk = g_task_get_task_data (walk_task);

  /* A page asked for early has no use now. */
  walk->done = TRUE;
  g_cancellable_cancel (walk->cancellable);
  g_task_return_error (walk_task, error);
}

static void
walk_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) walk_task = user_data;
  Walk *walk = g_task_get_task_data (walk_task);
  GCancellable *cancellable = g_task_get_cancellable (walk_task);
  Call *call = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  RtTokenPage *page;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (walk->done)
    {
      g_clear_error (&error);
      g_clear_pointer (&page, rt_token_page_unref);
      return;
    }
  if (page == NULL)
    {
      walk_fail (walk_task, error);
      return;
    }

  g_ptr_array_index (walk->pages, call->walk_index) = page;

  /* In order: a page parsed before the one ahead of it waits for it. */
  while (walk->n_delivered < walk->pages->len &&
         g_ptr_array_index (walk->pages, walk->n_delivered) != NULL)
    {
      g_autoptr(RtTokenPage) next_page = g_steal_pointer (&g_ptr_array_index (walk->pages,
                                                                              walk->n_delivered));
      const char *next = rt_token_page_get_next_page_token (next_page);

      walk->n_delivered++;
      walk->page_func (next_page, walk->page_data);

      if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
        {
          walk_fail (walk_task, rt_cancelled_error_new ());
          return;
        }

      if (next == NULL)
        {
          walk->done = TRUE;
          g_task_return_boolean (walk_task, TRUE);
          return;
        }

      /* A server that sends no Link header, or another page than its body
       * names: ask for the body's. */
      if (walk->n_delivered == walk->pages->len &&
          g_strcmp0 (next, walk->last_requested) != 0)
        {
          g_clear_pointer (&walk->deferred, g_free);
          walk_request (walk_task, next, walk->page_size, NULL);
        }
      else if (walk->n_delivered == walk->pages->len - 1 &&
               g_strcmp0 (next, walk->last_requested) != 0)
        {
          walk_fail (walk_task, rt_client_error_new_protocol (RT_CLIENT_PROTOCOL_MALFORMED, 0));
          return;
        }
      else if (walk->deferred != NULL &&
               walk->pages->len - walk->n_delivered < WALK_MAX_PAGES_AHEAD)
        {
          g_autofree char *deferred = g_steal_pointer (&walk->deferred);

          walk_request (walk_task, deferred, walk->page_size, NULL);
        }
    }
}

/**
 * rt_client_list_tokens_async:
 * @first_page_size: tokens in the first page (1 to 1000; 0 for the server's
 *   default), small so that the first rows come soon
 * @page_size: tokens in each later page
 * @etag: (nullable): the ETag of the caller's copy of the first page; when
 *   the server finds it unchanged, @page_func gets one "not modified" page
 * @page_func: called with each page, in order, as it arrives
 *
 * Walks every page of the token list. The next page is asked for as soon as
 * a reply names it in its Link header, while the reply is still being parsed
 * (in a worker thread), so the server, the parsing and the caller's
 * @page_func work at the same time.
 */
void
rt_client_list_tokens_async (RtClient              *self,
                             guint                  first_page_size,
                             guint                  page_size,
                             const char            *etag,
                             RtClientTokenPageFunc  page_func,
                             gpointer               page_data,
                             GDestroyNotify         page_data_destroy,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Walk *walk;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (page_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = _rt_client_new_task (self, cancellable, rt_client_list_tokens_async,
                              callback, user_data);
  walk = g_new0 (Walk, 1);
  walk->page_func = page_func;
  walk->page_data = page_data;
  walk->page_data_destroy = page_data_destroy;
  walk->page_size = page_size;
  walk->pages = g_ptr_array_new_with_free_func (page_clear);
  walk->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      walk->caller_cancellable = g_object_ref (cancellable);
      walk->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_walk),
                                                    g_object_ref (walk->cancellable),
                                                    g_object_unref);
    }
  g_task_set_task_data (task, walk, (GDestroyNotify) walk_free);

  walk_request (task, NULL, first_page_size, etag);
}

gboolean
rt_client_list_tokens_finish (RtClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (RT_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rt_client_list_tokens_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */

/* GET /tokens/{id} */

static void
complete_token (GTask     *task,
                RtRequest *request,
                GBytes    *body)
{
  GError *error = NULL;
  RtToken *token = rt_json_parse_token (body, &error);

  if (_rt_client_check_parsed (task, request, token != NULL, error))
    _rt_client_return_result (task, token, g_object_unref);
}

void
rt_client_get_token_async (RtClient            *self,
                           const char          *id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = token_path (id, "");

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_get_token_async,
                                             callback, user_data),
                        "GET", path, NULL, NULL, RT_CLIENT_TARGET_TOKEN, complete_token);
}

/**
 * rt_client_get_token_finish:
 *
 * Returns: (transfer full): the token
 */
RtToken *
rt_client_get_token_finish (RtClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _rt_client_finish_pointer (self, result, rt_client_get_token_async, error);
}

/* POST /tokens and POST /tokens/{id}/regenerate-secret */

static void
complete_token_with_secret (GTask     *task,
                            RtRequest *request,
                            GBytes    *body)
{
  g_autoptr(RtSecret) secret = NULL;
  TokenWithSecret *result;
  GError *error = NULL;
  RtToken *token;

  token = rt_json_parse_token_with_secret (body, &secret, &error);
  if (!_rt_client_check_parsed (task, request, token != NULL && secret != NULL, error))
    {
      g_clear_object (&token);
      return;
    }

  result = g_new0 (TokenWithSecret, 1);
  result->token = token;
  result->secret = g_steal_pointer (&secret);
  _rt_client_return_result (task, result, (GDestroyNotify) token_with_secret_free);
}

static RtToken *
propagate_token_with_secret (GTask     *task,
                             RtSecret **secret,
                             GError   **error)
{
  TokenWithSecret *result = g_task_propagate_pointer (task, error);
  RtToken *token;

  if (result == NULL)
    return NULL;

  token = g_steal_pointer (&result->token);
  if (secret != NULL)
    *secret = g_steal_pointer (&result->secret);
  token_with_secret_free (result);

  return token;
}

/**
 * rt_client_create_token_async:
 * @name: the token's name
 * @type: a user token (for the caller) or a service token (admins only)
 * @service_user_id: (nullable): for a service token, the service user's id
 *
 * Creates a token. The call carries one Idempotency-Key for all its attempts,
 * so a reply lost on the way is fetched again without a second token being
 * made; start one call per user action.
 */
void
rt_client_create_token_async (RtClient            *self,
                              const char          *name,
                              RtTokenType          type,
                              const char          *service_user_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  body = rt_json_build_create_request (name, type, service_user_id);

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_create_token_async,
                                             callback, user_data),
                        "POST", "/tokens", body, NULL, RT_CLIENT_TARGET_SERVICE,
                        complete_token_with_secret);
}

/**
 * rt_client_create_token_finish:
 * @secret: (out) (optional) (transfer full): the new token's secret; it is
 *   never shown again
 * @problem: (out) (optional) (nullable) (transfer full): on failure, the
 *   server's problem details if it sent any; for %RT_CLIENT_ERROR_INVALID
 *   they name the fields in error (rt_problem_get_field_error())
 *
 * Returns: (transfer full): the new token
 */
RtToken *
rt_client_create_token_finish (RtClient      *self,
                               GAsyncResult  *result,
                               RtSecret     **secret,
                               RtProblem    **problem,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RtToken *token;

  if (secret != NULL)
    *secret = NULL;
  if (problem != NULL)
    *problem = NULL;

  if (!_rt_client_check_finish (self, result, rt_client_create_token_async, error))
    return NULL;

  token = propagate_token_with_secret (G_TASK (result), secret, &local_error);

  if (token == NULL)
    {
      Call *call = g_task_get_task_data (G_TASK (result));

      if (problem != NULL && call->problem != NULL)
        *problem = g_object_ref (call->problem);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return token;
}

static GBytes *
empty_object (void)
{
  return g_bytes_new_static ("{}", 2);
}

/**
 * rt_client_regenerate_secret_async:
 *
 * Draws a new secret for the token; the old one stops working at once. Like
 * rt_client_create_token_async(), safe against a lost reply.
 */
void
rt_client_regenerate_secret_async (RtClient            *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) body = empty_object ();
  g_autofree char *path = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = token_path (id, "/regenerate-secret");

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_regenerate_secret_async,
                                             callback, user_data),
                        "POST", path, body, NULL, RT_CLIENT_TARGET_TOKEN,
                        complete_token_with_secret);
}

/**
 * rt_client_regenerate_secret_finish:
 * @secret: (out) (optional) (transfer full): the new secret
 *
 * Returns: (transfer full): the token
 */
RtToken *
rt_client_regenerate_secret_finish (RtClient      *self,
                                    GAsyncResult  *result,
                                    RtSecret     **secret,
                                    GError       **error)
{
  if (secret != NULL)
    *secret = NULL;

  if (!_rt_client_check_finish (self, result, rt_client_regenerate_secret_async, error))
    return NULL;

  return propagate_token_with_secret (G_TASK (result), secret, error);
}

/* POST /tokens/{id}/resync-products */

static void
complete_resync (GTask     *task,
                 RtRequest *request,
                 GBytes    *body)
{
  ResyncResult *result = g_new0 (ResyncResult, 1);
  GError *error = NULL;

  result->token = rt_json_parse_resync (body, &result->added, &result->removed, &error);
  if (!_rt_client_check_parsed (task, request, result->token != NULL, error))
    {
      resync_result_free (result);
      return;
    }

  _rt_client_return_result (task, result, (GDestroyNotify) resync_result_free);
}

/**
 * rt_client_resync_products_async:
 *
 * Sets the token's products to those of the project's active subscriptions.
 */
void
rt_client_resync_products_async (RtClient            *self,
                                 const char          *id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GBytes) body = empty_object ();
  g_autofree char *path = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = token_path (id, "/resync-products");

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_resync_products_async,
                                             callback, user_data),
                        "POST", path, body, NULL, RT_CLIENT_TARGET_TOKEN, complete_resync);
}

/**
 * rt_client_resync_products_finish:
 * @added: (out) (optional) (transfer container) (element-type RtProduct): the
 *   products the token gained
 * @removed: (out) (optional) (transfer container) (element-type RtProduct):
 *   the products it lost
 *
 * Returns: (transfer full): the updated token
 */
RtToken *
rt_client_resync_products_finish (RtClient      *self,
                                  GAsyncResult  *result,
                                  GPtrArray    **added,
                                  GPtrArray    **removed,
                                  GError       **error)
{
  ResyncResult *resync;
  RtToken *token;

  if (added != NULL)
    *added = NULL;
  if (removed != NULL)
    *removed = NULL;

  if (!_rt_client_check_finish (self, result, rt_client_resync_products_async, error))
    return NULL;

  resync = g_task_propagate_pointer (G_TASK (result), error);
  if (resync == NULL)
    return NULL;

  token = g_steal_pointer (&resync->token);
  if (added != NULL)
    *added = g_steal_pointer (&resync->added);
  if (removed != NULL)
    *removed = g_steal_pointer (&resync->removed);
  resync_result_free (resync);

  return token;
}

/* DELETE /tokens/{id} */

/**
 * rt_client_delete_token_async:
 *
 * Deletes the token. Retried like a GET: deleting twice deletes once. A retry
 * that finds the token gone reports %RT_CLIENT_ERROR_NOT_FOUND, as does a
 * token deleted by someone else.
 */
void
rt_client_delete_token_async (RtClient            *self,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RT_IS_CLIENT (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = token_path (id, "");

  _rt_client_send_call (self,
                        _rt_client_new_task (self, cancellable, rt_client_delete_token_async,
                                             callback, user_data),
                        "DELETE", path, NULL, NULL, RT_CLIENT_TARGET_TOKEN, NULL);
}

gboolean
rt_client_delete_token_finish (RtClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  if (!_rt_client_check_finish (self, result, rt_client_delete_token_async, error))
    return FALSE;

  return g_task_propagate_boolean (G_TASK (result), error);
}
