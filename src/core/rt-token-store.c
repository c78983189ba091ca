/* rt-token-store.c: every token the account can see, kept up to date in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-client-private.h"
#include "rt-token-private.h"
#include "rt-token-store.h"

/* A list model of RtToken in the API's order (newest first), with at most one
 * RtToken per id for the store's lifetime. A refresh walks the pages of
 * GET /tokens and merges each page as it lands: a known id is updated in
 * place with rt_token_update_from() (which notifies only what changed), a
 * new one is inserted where its creation time puts it; once the last page is
 * in, the tokens no page listed are removed. The store is never cleared and
 * refilled, so that a view on it keeps its selection and scroll position and
 * a refresh that changes nothing emits nothing at all.
 *
 * The first page is asked for with If-None-Match: the ETag of the last
 * complete refresh. A 304 means nothing the list shows has changed. */
struct _RtTokenStore
{
  GObject     parent_instance;

  GPtrArray  *tokens;     /* of RtToken: the list */
  GHashTable *by_id;      /* id → RtToken, borrowed from tokens */
  char       *etag;       /* first page's ETag of the last complete refresh */
  GTask      *refresh;    /* the running refresh (borrowed), or NULL */
  guint       expiring_soon_days;
  guint       loading : 1;
  guint       loaded : 1;
};

typedef struct
{
  RtClient     *client;
  GCancellable *cancellable;    /* ours: cancelled when superseded or cleared */
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GHashTable   *seen;           /* the store's tokens the server listed, or added meanwhile */
  GHashTable   *removed;        /* ids removed meanwhile: never re-added */
  GHashTable   *updated;        /* id → when an action updated it (monotonic µs) */
  char         *first_etag;
  guint         n_pages;        /* pages merged so far */
  gboolean      not_modified;
} Refresh;

static void rt_token_store_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtTokenStore, rt_token_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rt_token_store_list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_LOADED,
  PROP_EXPIRING_SOON_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
refresh_free (Refresh *refresh)
{
  if (refresh->caller_handler != 0)
    g_cancellable_disconnect (refresh->caller_cancellable, refresh->caller_handler);
  g_clear_object (&refresh->caller_cancellable);
  g_clear_object (&refresh->cancellable);
  g_clear_object (&refresh->client);
  g_clear_pointer (&refresh->seen, g_hash_table_unref);
  g_clear_pointer (&refresh->removed, g_hash_table_unref);
  g_clear_pointer (&refresh->updated, g_hash_table_unref);
  g_clear_pointer (&refresh->first_etag, g_free);
  g_free (refresh);
}

/* The API's order: created_at descending, then id descending. */
static int
compare_tokens (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  RtToken *token_a = (RtToken *) a;
  RtToken *token_b = (RtToken *) b;
  gint64 created_a = token_a->created_at;
  gint64 created_b = token_b->created_at;

  /* RT_TOKEN_TIME_NONE, the smallest, sorts last. */
  if (created_a != created_b)
    return created_a < created_b ? 1 : -1;

  return g_strcmp0 (token_b->id, token_a->id);
}

static void
set_loading (RtTokenStore *self,
             gboolean      loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_loaded (RtTokenStore *self,
            gboolean      loaded)
{
  loaded = !!loaded;
  if (self->loaded == loaded)
    return;

  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Removes @n_removed tokens at @position, puts @n_added of @added there and
 * says so. An array, not a GListStore: a pointer a token rather than a
 * GSequence node of 48 bytes, and get_item() does not search. */
static void
splice (RtTokenStore  *self,
        guint          position,
        guint          n_removed,
        RtToken      **added,
        guint          n_added)
{
  guint n_after;

  g_assert (position + n_removed <= self->tokens->len);

  if (n_removed == 0 && n_added == 0)
    return;

  if (n_removed > 0)
    g_ptr_array_remove_range (self->tokens, position, n_removed);

  if (n_added > 0)
    {
      n_after = self->tokens->len - position;
      g_ptr_array_set_size (self->tokens, self->tokens->len + n_added);
      memmove (self->tokens->pdata + position + n_added,
               self->tokens->pdata + position,
               n_after * sizeof (gpointer));
      for (guint i = 0; i < n_added; i++)
        self->tokens->pdata[position + i] = g_object_ref (added[i]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
}

/* Where @token goes in the API's order. */
static guint
find_insert_position (RtTokenStore *self,
                      RtToken      *token)
{
  guint low = 0;
  guint high = self->tokens->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      RtToken *item = g_ptr_array_index (self->tokens, middle);

      if (compare_tokens (item, token, NULL) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* Adds @tokens (new ids, in the API's order) in as few items-changed as
 * possible: a page that lands in one place, the common case (older tokens
 * after the ones shown, or new ones before them), is a single splice. */
static void
insert_tokens (RtTokenStore *self,
               GPtrArray    *tokens)
{
  gboolean in_order = TRUE;

  if (tokens->len == 0)
    return;

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);

      rt_token_set_expiring_soon_days (token, self->expiring_soon_days);
      g_hash_table_insert (self->by_id, (gpointer) rt_token_get_id (token), token);

      if (i > 0 && compare_tokens (g_ptr_array_index (tokens, i - 1), token, NULL) > 0)
        in_order = FALSE;
    }

  if (in_order)
    {
      guint position = find_insert_position (self, g_ptr_array_index (tokens, 0));
      gboolean fits = TRUE;

      if (position < self->tokens->len)
        fits = compare_tokens (g_ptr_array_index (tokens, tokens->len - 1),
                               g_ptr_array_index (self->tokens, position), NULL) < 0;

      if (fits)
        {
          splice (self, position, 0, (RtToken **) tokens->pdata, tokens->len);
          return;
        }
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);

      splice (self, find_insert_position (self, token), 0, &token, 1);
    }
}

/* An id that repeats, on this page or an earlier one, stays one row; a
 * token that an action updated after @page was asked for keeps the action's
 * state. */
static void
merge_page (RtTokenStore *self,
            Refresh      *refresh,
            RtTokenPage  *page)
{
  GPtrArray *tokens = rt_token_page_get_tokens (page);
  gint64 requested_at = rt_token_page_get_requested_at (page);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GHashTable) fresh_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < tokens->len; i++)
    {
      RtToken *token = g_ptr_array_index (tokens, i);
      const char *id = rt_token_get_id (token);
      RtToken *existing;

      gint64 *updated_at;

      /* Removed here while this page was on its way: it is gone. */
      if (g_hash_table_contains (refresh->removed, id))
        continue;

      existing = g_hash_table_lookup (self->by_id, id);
      if (existing == NULL)
        existing = g_hash_table_lookup (fresh_by_id, id);
      if (existing != NULL)
        g_hash_table_add (refresh->seen, g_object_ref (existing));

      updated_at = g_hash_table_lookup (refresh->updated, id);
      if (updated_at != NULL && requested_at <= *updated_at)
        continue;

      if (existing != NULL)
        {
          rt_token_update_from (existing, token);
        }
      else
        {
          g_hash_table_insert (fresh_by_id, (gpointer) id, token);
          g_ptr_array_add (fresh, token);
          g_hash_table_add (refresh->seen, g_object_ref (token));
        }
    }

  insert_tokens (self, fresh);
}

/* Removes every token the refresh did not see, one items-changed per run of
 * neighbouring ones. */
static void
remove_vanished (RtTokenStore *self,
                 Refresh      *refresh)
{
  guint position = self->tokens->len;

  while (position > 0)
    {
      guint end = position;

      while (position > 0)
        {
          RtToken *token = g_ptr_array_index (self->tokens, position - 1);

          if (g_hash_table_contains (refresh->seen, token))
            break;

          g_hash_table_remove (self->by_id, rt_token_get_id (token));
          position--;
        }

      if (position < end)
        splice (self, position, end - position, NULL, 0);

      /* Skip the run of tokens that stay. */
      while (position > 0)
        {
          RtToken *token = g_ptr_array_index (self->tokens, position - 1);

          if (!g_hash_table_contains (refresh->seen, token))
            break;
          position--;
        }
    }
}

/* Ends @task, which must be the running refresh. */
static void
complete_refresh (RtTokenStore *self,
                  GTask        *task,
                  GError       *error)
{
  g_assert (self->refresh == task);

  self->refresh = NULL;
  set_loading (self, FALSE);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Each page of the walk, in order. */
static void
page_cb (RtTokenPage *page,
         gpointer     user_data)
{
  GTask *task = user_data;
  RtTokenStore *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);

  /* Superseded, cleared or cancelled: it no longer speaks for the store. */
  if (self->refresh != task || g_cancellable_is_cancelled (refresh->cancellable))
    return;

  if (rt_token_page_get_not_modified (page))
    {
      refresh->not_modified = TRUE;
      return;
    }

  if (++refresh->n_pages == 1)
    refresh->first_etag = g_strdup (rt_token_page_get_etag (page));

  merge_page (self, refresh, page);
}

static void
walk_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtTokenStore *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean walked;

  walked = rt_client_list_tokens_finish (RT_CLIENT (object), result, &error);

  if (self->refresh != task)
    {
      g_task_return_error (task, rt_cancelled_error_new ());
      return;
    }

  /* The caller cancelled just as the last page arrived: the list is not
   * complete for the store. */
  if (walked && g_cancellable_is_cancelled (refresh->cancellable))
    {
      walked = FALSE;
      error = rt_cancelled_error_new ();
    }

  if (!walked)
    {
      complete_refresh (self, task, g_steal_pointer (&error));
      return;
    }

  if (refresh->not_modified)
    {
      g_debug ("Token list not modified");
      complete_refresh (self, task, NULL);
      return;
    }

  remove_vanished (self, refresh);

  g_free (self->etag);
  self->etag = g_steal_pointer (&refresh->first_etag);
  set_loaded (self, TRUE);

  g_debug ("Token list refreshed: %u pages, %u tokens",
           refresh->n_pages, self->tokens->len);

  complete_refresh (self, task, NULL);
}

static void
rt_token_store_dispose (GObject *object)
{
  RtTokenStore *self = RT_TOKEN_STORE (object);

  if (self->refresh != NULL)
    {
      Refresh *refresh = g_task_get_task_data (self->refresh);

      g_cancellable_cancel (refresh->cancellable);
      self->refresh = NULL;
    }

  G_OBJECT_CLASS (rt_token_store_parent_class)->dispose (object);
}

static void
rt_token_store_finalize (GObject *object)
{
  RtTokenStore *self = RT_TOKEN_STORE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_ptr_array_unref);
  g_clear_pointer (&self->etag, g_free);

  G_OBJECT_CLASS (rt_token_store_parent_class)->finalize (object);
}

static void
rt_token_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RtTokenStore *self = RT_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, rt_token_store_get_loading (self));
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, rt_token_store_get_loaded (self));
      break;

    case PROP_EXPIRING_SOON_DAYS:
      g_value_set_uint (value, self->expiring_soon_days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RtTokenStore *self = RT_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_EXPIRING_SOON_DAYS:
      rt_token_store_set_expiring_soon_days (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_store_class_init (RtTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_token_store_dispose;
  object_class->finalize = rt_token_store_finalize;
  object_class->get_property = rt_token_store_get_property;
  object_class->set_property = rt_token_store_set_property;

  /**
   * RtTokenStore:loading:
   *
   * Whether a refresh is running.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenStore:loaded:
   *
   * Whether a refresh has completed since the store was made or cleared:
   * the store then holds every token, and an empty store means there are
   * none.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenStore:expiring-soon-days:
   *
   * Applied to every token in the store (RtToken:expiring-soon-days).
   */
  properties[PROP_EXPIRING_SOON_DAYS] =
    g_param_spec_uint ("expiring-soon-days", NULL, NULL,
                       0, G_MAXUINT, RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_token_store_init (RtTokenStore *self)
{
  self->tokens = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->expiring_soon_days = RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS;
}

static GType
rt_token_store_get_item_type (GListModel *model)
{
  return RT_TYPE_TOKEN;
}

static guint
rt_token_store_get_n_items (GListModel *model)
{
  RtTokenStore *self = RT_TOKEN_STORE (model);

  return self->tokens->len;
}

static gpointer
rt_token_store_get_item (GListModel *model,
                         guint       position)
{
  RtTokenStore *self = RT_TOKEN_STORE (model);

  if (position >= self->tokens->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->tokens, position));
}

static void
rt_token_store_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rt_token_store_get_item_type;
  iface->get_n_items = rt_token_store_get_n_items;
  iface->get_item = rt_token_store_get_item;
}

RtTokenStore *
rt_token_store_new (void)
{
  return g_object_new (RT_TYPE_TOKEN_STORE, NULL);
}

gboolean
rt_token_store_get_loading (RtTokenStore *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), FALSE);

  return self->loading;
}

gboolean
rt_token_store_get_loaded (RtTokenStore *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), FALSE);

  return self->loaded;
}

guint
rt_token_store_get_expiring_soon_days (RtTokenStore *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS);

  return self->expiring_soon_days;
}

void
rt_token_store_set_expiring_soon_days (RtTokenStore *self,
                                       guint         days)
{
  g_return_if_fail (RT_IS_TOKEN_STORE (self));

  if (self->expiring_soon_days == days)
    return;

  self->expiring_soon_days = days;

  for (guint i = 0; i < self->tokens->len; i++)
    rt_token_set_expiring_soon_days (g_ptr_array_index (self->tokens, i), days);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING_SOON_DAYS]);
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/**
 * rt_token_store_refresh_async:
 * @self: a token store
 * @client: the client to list the tokens with
 * @cancellable: (nullable): a cancellable
 * @callback: called when the refresh is complete
 * @user_data: data for @callback
 *
 * Brings the store up to date with the server's list, merging each page as it
 * arrives (see the top of this file). A refresh that is still running is
 * superseded: it completes with %G_IO_ERROR_CANCELLED.
 */
void
rt_token_store_refresh_async (RtTokenStore        *self,
                              RtClient            *client,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  g_return_if_fail (RT_IS_TOKEN_STORE (self));
  g_return_if_fail (RT_IS_CLIENT (client));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (self->refresh != NULL)
    {
      Refresh *running = g_task_get_task_data (self->refresh);

      g_cancellable_cancel (running->cancellable);
      self->refresh = NULL;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rt_token_store_refresh_async);
  /* Errors, cancellation included, are the client's RtClientErrors. */
  g_task_set_check_cancellable (task, FALSE);

  refresh = g_new0 (Refresh, 1);
  refresh->client = g_object_ref (client);
  refresh->cancellable = g_cancellable_new ();
  refresh->seen = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  refresh->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  refresh->updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (cancellable != NULL)
    {
      refresh->caller_cancellable = g_object_ref (cancellable);
      refresh->caller_handler = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (refresh->cancellable),
                                                       g_object_unref);
    }
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);

  self->refresh = task;
  set_loading (self, TRUE);

  /* Only a store that holds the complete list may skip an unchanged one. The
   * walk's reference to @task goes with its page_cb data. */
  rt_client_list_tokens_async (client,
                               RT_TOKEN_STORE_FIRST_PAGE_SIZE,
                               RT_TOKEN_STORE_PAGE_SIZE,
                               self->loaded ? self->etag : NULL,
                               page_cb, g_object_ref (task), g_object_unref,
                               refresh->cancellable,
                               walk_cb, g_object_ref (task));
}

/**
 * rt_token_store_refresh_finish:
 *
 * Returns: %TRUE when the store is up to date, %FALSE with @error set (an
 *   RtClientError) otherwise; the tokens merged before the error stay
 */
gboolean
rt_token_store_refresh_finish (RtTokenStore  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rt_token_store_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rt_token_store_find:
 * @self: a token store
 * @id: a token id
 * @position: (out) (optional): where the token is
 *
 * Returns: (transfer none) (nullable): the token with @id
 */
RtToken *
rt_token_store_find (RtTokenStore *self,
                     const char   *id,
                     guint        *position)
{
  RtToken *token;

  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  token = g_hash_table_lookup (self->by_id, id);
  if (token != NULL && position != NULL)
    {
      gboolean found = g_ptr_array_find (self->tokens, token, position);

      g_assert (found);
    }

  return token;
}

/**
 * rt_token_store_update:
 * @self: a token store
 * @token: the server's new state of a token
 *
 * Updates the token with @token's id in place, or, when the store has none,
 * inserts @token itself where its creation time puts it.
 *
 * Returns: (transfer none): the token in the store
 */
RtToken *
rt_token_store_update (RtTokenStore *self,
                       RtToken      *token)
{
  g_autoptr(GPtrArray) tokens = NULL;
  RtToken *existing;

  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (RT_IS_TOKEN (token), NULL);

  existing = g_hash_table_lookup (self->by_id, rt_token_get_id (token));
  if (existing != NULL)
    {
      rt_token_update_from (existing, token);
    }
  else
    {
      tokens = g_ptr_array_new ();
      g_ptr_array_add (tokens, token);
      insert_tokens (self, tokens);
      existing = token;
    }

  /* A running refresh must neither remove it nor bring back an older copy. */
  if (self->refresh != NULL)
    {
      Refresh *refresh = g_task_get_task_data (self->refresh);

      g_hash_table_add (refresh->seen, g_object_ref (existing));
      g_hash_table_remove (refresh->removed, rt_token_get_id (token));
      /* Every page asked for until now predates @token. */
      g_hash_table_insert (refresh->updated, g_strdup (rt_token_get_id (token)),
                           g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
    }

  return existing;
}

/**
 * rt_token_store_remove:
 * @self: a token store
 * @id: a token id
 *
 * Returns: whether a token with @id was there
 */
gboolean
rt_token_store_remove (RtTokenStore *self,
                       const char   *id)
{
  g_autoptr(RtToken) token = NULL;
  guint position;

  g_return_val_if_fail (RT_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->refresh != NULL)
    {
      Refresh *refresh = g_task_get_task_data (self->refresh);

      g_hash_table_add (refresh->removed, g_strdup (id));
    }

  if (rt_token_store_find (self, id, &position) == NULL)
    return FALSE;

  /* Keep it alive past the hash table, which borrows its id. */
  token = g_object_ref (g_ptr_array_index (self->tokens, position));
  if (self->refresh != NULL)
    g_hash_table_remove (((Refresh *) g_task_get_task_data (self->refresh))->seen, token);
  g_hash_table_remove (self->by_id, id);
  splice (self, position, 1, NULL, 0);

  return TRUE;
}

/**
 * rt_token_store_clear:
 * @self: a token store
 *
 * Forgets every token and cancels a running refresh, for signing out.
 */
void
rt_token_store_clear (RtTokenStore *self)
{
  g_return_if_fail (RT_IS_TOKEN_STORE (self));

  if (self->refresh != NULL)
    {
      Refresh *refresh = g_task_get_task_data (self->refresh);

      g_cancellable_cancel (refresh->cancellable);
      self->refresh = NULL;
    }

  g_hash_table_remove_all (self->by_id);
  splice (self, 0, self->tokens->len, NULL, 0);
  g_clear_pointer (&self->etag, g_free);

  set_loading (self, FALSE);
  set_loaded (self, FALSE);
}
