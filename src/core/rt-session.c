/* rt-session.c: one signed-in (or signing-in) account, its client and tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-enum-types.h"
#include "rt-session.h"

/* The state is set at each step of a sign-in or refresh, never derived from
 * the token store's own flags, so that each step notifies once:
 *
 *   sign_in  → SIGNING_IN → GET /me ok   → LOADING → list read → READY
 *                         → GET /me fails → ERROR (401: the client is dropped,
 *                                           anything else may be retried)
 *   refresh  → LOADING    → 401          → SIGNED_OUT with the error
 *                         → fails, empty → ERROR; fails, list shown → READY
 *
 * Every call of a session runs on a cancellable of its own that follows both
 * the caller's and the session's; sign-out and a new sign-in replace the
 * session's, so replies of an ended session change nothing. The keyring is
 * not the session's business: whoever signs in stores the key, and fills in
 * the ids of the tokens whose secret it holds. */
struct _RtSession
{
  GObject         parent_instance;

  /* Which account this is, in the account list and the switcher; the user
   * and project outlive a sign-out, so that a saved account keeps its name. */
  char           *id;
  char           *user_id;
  char           *project_name;
  char           *server;
  /* From a sign-in's start to sign-out; kept after a failed sign-in that a
   * retry may repeat. */
  RtClient       *client;
  RtAccount      *account;
  RtTokenStore   *tokens;
  GHashTable     *saved_secret_ids;
  GError         *error;
  GCancellable   *cancellable;
  GTask          *refresh;      /* borrowed: the refresh that speaks for the state */
  RtSessionState  state;
};

G_DEFINE_FINAL_TYPE (RtSession, rt_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_ID,
  PROP_PROJECT_NAME,
  PROP_STATE,
  PROP_ERROR,
  PROP_SERVER,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_TOKENS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Calls {{{ */

typedef struct
{
  GCancellable *cancellable;
  GCancellable *caller;
  gulong        caller_handler;
  GCancellable *session;
  gulong        session_handler;
} Call;

static void
call_free (Call *call)
{
  if (call->caller != NULL)
    g_cancellable_disconnect (call->caller, call->caller_handler);
  g_cancellable_disconnect (call->session, call->session_handler);
  g_clear_object (&call->caller);
  g_clear_object (&call->session);
  g_clear_object (&call->cancellable);
  g_free (call);
}

static void
cancel_call (GCancellable *source,
             GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
attach_call (RtSession *self,
             GTask     *task)
{
  Call *call = g_new0 (Call, 1);
  GCancellable *caller = g_task_get_cancellable (task);

  call->cancellable = g_cancellable_new ();
  call->session = g_object_ref (self->cancellable);
  call->session_handler = g_cancellable_connect (call->session, G_CALLBACK (cancel_call),
                                                 g_object_ref (call->cancellable),
                                                 g_object_unref);
  if (caller != NULL)
    {
      call->caller = g_object_ref (caller);
      call->caller_handler = g_cancellable_connect (caller, G_CALLBACK (cancel_call),
                                                    g_object_ref (call->cancellable),
                                                    g_object_unref);
    }

  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
}

static GCancellable *
task_get_call_cancellable (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  return call->cancellable;
}

/* Whether @task's session is still this one: no sign-out or new sign-in
 * since it started. */
static gboolean
task_is_current (RtSession *self,
                 GTask     *task)
{
  Call *call = g_task_get_task_data (task);

  return call->session == self->cancellable && !g_cancellable_is_cancelled (self->cancellable);
}

static void
task_return_cancelled (GTask *task)
{
  g_task_return_error (task, rt_cancelled_error_new ());
}

static GTask *
session_task_new (RtSession           *self,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported as the calls below report it, once. */
  g_task_set_check_cancellable (task, FALSE);

  return task;
}

static gboolean
session_task_finish (RtSession     *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (RT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
/* State {{{ */

static void
set_state (RtSession      *self,
           RtSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (RtSession    *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_client (RtSession *self,
            RtClient  *client)
{
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
set_string (RtSession   *self,
            char       **field,
            const char  *value,
            GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_account (RtSession *self,
             RtAccount *account)
{
  if (!g_set_object (&self->account, account))
    return;

  if (account != NULL)
    {
      set_string (self, &self->user_id, rt_account_get_user_id (account), properties[PROP_USER_ID]);
      set_string (self, &self->project_name, rt_account_get_project_name (account),
                  properties[PROP_PROJECT_NAME]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

static void
apply_saved_secret (RtSession *self,
                    RtToken   *token)
{
  rt_token_set_has_saved_secret (token, g_hash_table_contains (self->saved_secret_ids,
                                                               rt_token_get_id (token)));
}

static void
tokens_items_changed_cb (RtSession  *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      apply_saved_secret (self, token);
    }
}

/* Forgets the account and cancels its calls; the state is the caller's to
 * set, so that it notifies once. */
static void
reset (RtSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->refresh = NULL;

  set_error (self, NULL);
  set_account (self, NULL);
  set_client (self, NULL);
  rt_token_store_clear (self->tokens);
  g_hash_table_remove_all (self->saved_secret_ids);
}

/* The access key stopped working: signed out, and @error says so. */
static void
end_with_error (RtSession    *self,
                const GError *error)
{
  reset (self);
  set_error (self, error);
  set_state (self, RT_SESSION_STATE_SIGNED_OUT);
}

/* }}} */
/* Refreshing {{{ */

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean current = self->refresh == task;

  if (current)
    self->refresh = NULL;

  if (rt_token_store_refresh_finish (RT_TOKEN_STORE (object), result, &error) && current)
    {
      set_state (self, RT_SESSION_STATE_READY);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Superseded by another refresh, ended with the session, or cancelled by
   * the caller (then what is shown stays, as after a failure). */
  if (!current || g_cancellable_is_cancelled (task_get_call_cancellable (task)))
    {
      if (current && task_is_current (self, task))
        {
          if (rt_token_store_get_loaded (self->tokens))
            set_state (self, RT_SESSION_STATE_READY);
          else
            {
              g_autoptr(GError) cancelled = rt_cancelled_error_new ();

              set_error (self, cancelled);
              set_state (self, RT_SESSION_STATE_ERROR);
            }
        }
      task_return_cancelled (task);
      return;
    }

  if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
    end_with_error (self, error);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->tokens)) == 0)
    {
      set_error (self, error);
      set_state (self, RT_SESSION_STATE_ERROR);
    }
  else
    /* What is shown stays; the caller says it may be stale. */
    set_state (self, RT_SESSION_STATE_READY);

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_refresh (RtSession *self,
               GTask     *task)
{
  g_assert (self->account != NULL);

  attach_call (self, task);
  self->refresh = task;

  set_error (self, NULL);
  set_state (self, RT_SESSION_STATE_LOADING);

  rt_token_store_refresh_async (self->tokens, self->client, task_get_call_cancellable (task),
                                refresh_cb, task);
}

/* }}} */
/* Signing in {{{ */

static void
get_me_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtSession *self = g_task_get_source_object (task);
  g_autoptr(RtAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = rt_client_get_me_finish (RT_CLIENT (object), result, &error);

  if (g_cancellable_is_cancelled (task_get_call_cancellable (task)))
    {
      /* Only the caller gave up: nothing else has moved the state on. */
      if (task_is_current (self, task))
        {
          set_client (self, NULL);
          set_state (self, RT_SESSION_STATE_SIGNED_OUT);
        }
      task_return_cancelled (task);
      return;
    }

  if (account == NULL)
    {
      /* A key that is not accepted cannot be retried. */
      if (g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
        set_client (self, NULL);
      set_error (self, error);
      set_state (self, RT_SESSION_STATE_ERROR);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_account (self, account);
  start_refresh (self, session_task_new (self, NULL, NULL, NULL, NULL));
  g_task_return_boolean (task, TRUE);
}

static void
start_check (RtSession *self,
             GTask     *task)
{
  g_assert (self->client != NULL);

  attach_call (self, task);

  set_error (self, NULL);
  set_state (self, RT_SESSION_STATE_SIGNING_IN);

  rt_client_get_me_async (self->client, task_get_call_cancellable (task), get_me_cb, task);
}

/* }}} */
/* GObject {{{ */

static void
rt_session_dispose (GObject *object)
{
  RtSession *self = RT_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->tokens != NULL)
    rt_token_store_clear (self->tokens);

  G_OBJECT_CLASS (rt_session_parent_class)->dispose (object);
}

static void
rt_session_finalize (GObject *object)
{
  RtSession *self = RT_SESSION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->project_name, g_free);
  g_clear_pointer (&self->server, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->saved_secret_ids, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rt_session_parent_class)->finalize (object);
}

static void
rt_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RtSession *self = RT_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_TOKENS:
      g_value_set_object (value, self->tokens);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_session_class_init (RtSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_session_dispose;
  object_class->finalize = rt_session_finalize;
  object_class->get_property = rt_session_get_property;

  /**
   * RtSession:id:
   *
   * The account's id in the account list: its settings' name when saved.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * RtSession:user-id:
   *
   * The user of the last account signed in (or as saved), or %NULL if not
   * known yet; the keyring keys the access key by it.
   */
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtSession:project-name:
   *
   * The project of the last account signed in (or as saved), or %NULL.
   */
  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RT_TYPE_SESSION_STATE, RT_SESSION_STATE_SIGNED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtSession:error:
   *
   * Why the state is %RT_SESSION_STATE_ERROR, or why the last session
   * ended; an RtClientError with a message for the user, or
   * %G_IO_ERROR_CANCELLED.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtSession:server:
   *
   * The token service URL of the current or the last sign-in, normalized.
   */
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         RT_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtSession:account:
   *
   * The account GET /me accepted, or %NULL while not signed in.
   */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         RT_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKENS] =
    g_param_spec_object ("tokens", NULL, NULL,
                         RT_TYPE_TOKEN_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_session_init (RtSession *self)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* Letters and digits only: it names a settings path. */
  self->id = g_strdelimit (g_steal_pointer (&uuid), "-", 'x');
  self->cancellable = g_cancellable_new ();
  self->tokens = rt_token_store_new ();
  self->saved_secret_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state = RT_SESSION_STATE_SIGNED_OUT;

  g_signal_connect_object (self->tokens, "items-changed",
                           G_CALLBACK (tokens_items_changed_cb), self, G_CONNECT_SWAPPED);
}

/* }}} */
/* Public API {{{ */

RtSession *
rt_session_new (void)
{
  return g_object_new (RT_TYPE_SESSION, NULL);
}

/**
 * rt_session_new_saved:
 * @id: the saved account's id
 * @server: its token service URL
 * @user_id: (nullable): its user, if known
 * @project_name: (nullable): its project's name, if known
 *
 * Returns: (transfer full): a signed-out session for a saved account
 */
RtSession *
rt_session_new_saved (const char *id,
                      const char *server,
                      const char *user_id,
                      const char *project_name)
{
  RtSession *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  g_return_val_if_fail (server != NULL, NULL);

  self = rt_session_new ();
  g_free (self->id);
  self->id = g_strdup (id);
  self->server = rt_session_normalize_server (server);
  self->user_id = user_id != NULL && *user_id != '\0' ? g_strdup (user_id) : NULL;
  self->project_name = project_name != NULL && *project_name != '\0' ? g_strdup (project_name) : NULL;

  return self;
}

const char *
rt_session_get_id (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->id;
}

/**
 * rt_session_get_user_id:
 *
 * Returns: (nullable): see #RtSession:user-id
 */
const char *
rt_session_get_user_id (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->user_id;
}

/**
 * rt_session_get_project_name:
 *
 * Returns: (nullable): see #RtSession:project-name
 */
const char *
rt_session_get_project_name (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->project_name;
}

/**
 * rt_session_normalize_server:
 *
 * Returns: (transfer full): @server as the session, the keyring and the
 *   settings key it: no surrounding space, no trailing slash
 */
char *
rt_session_normalize_server (const char *server)
{
  char *normalized;
  gsize len;

  g_return_val_if_fail (server != NULL, NULL);

  normalized = g_strstrip (g_strdup (server));
  len = strlen (normalized);
  while (len > 0 && normalized[len - 1] == '/')
    normalized[--len] = '\0';

  return normalized;
}

RtSessionState
rt_session_get_state (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), RT_SESSION_STATE_SIGNED_OUT);

  return self->state;
}

/**
 * rt_session_get_error:
 *
 * Returns: (transfer none) (nullable): see #RtSession:error
 */
const GError *
rt_session_get_error (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->error;
}

/**
 * rt_session_get_server:
 *
 * Returns: (nullable): see #RtSession:server
 */
const char *
rt_session_get_server (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->server;
}

/**
 * rt_session_get_client:
 *
 * Returns: (transfer none) (nullable): the client of the current sign-in
 */
RtClient *
rt_session_get_client (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->client;
}

/**
 * rt_session_get_account:
 *
 * Returns: (transfer none) (nullable): the signed-in account
 */
RtAccount *
rt_session_get_account (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->account;
}

/**
 * rt_session_get_tokens:
 *
 * Returns: (transfer none): every token the account can see; empty while
 *   signed out
 */
RtTokenStore *
rt_session_get_tokens (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), NULL);

  return self->tokens;
}

/**
 * rt_session_get_can_retry:
 *
 * Returns: whether rt_session_retry_async() has something to repeat: a
 *   sign-in that failed for another reason than its key, or a list that
 *   could not be read
 */
gboolean
rt_session_get_can_retry (RtSession *self)
{
  g_return_val_if_fail (RT_IS_SESSION (self), FALSE);

  return self->state == RT_SESSION_STATE_ERROR && self->client != NULL;
}

/**
 * rt_session_set_saved_secret_ids:
 * @ids: (array zero-terminated=1): the ids of the tokens whose secret is saved
 *
 * Sets #RtToken:has-saved-secret on every token, now and as they come.
 * Ignored while not signed in.
 */
void
rt_session_set_saved_secret_ids (RtSession          *self,
                                 const char * const *ids)
{
  GListModel *model;
  guint n_items;

  g_return_if_fail (RT_IS_SESSION (self));
  g_return_if_fail (ids != NULL);

  if (self->account == NULL)
    return;

  g_hash_table_remove_all (self->saved_secret_ids);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (self->saved_secret_ids, g_strdup (ids[i]));

  model = G_LIST_MODEL (self->tokens);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (model, i);

      apply_saved_secret (self, token);
    }
}

gboolean
rt_session_has_saved_secret (RtSession  *self,
                             const char *token_id)
{
  g_return_val_if_fail (RT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (token_id != NULL, FALSE);

  return g_hash_table_contains (self->saved_secret_ids, token_id);
}

/**
 * rt_session_sign_in_async:
 * @server: the token service URL
 * @access_key: the key to sign in with
 *
 * Ends the current session and checks @access_key with GET /me. On success
 * the session is signed in and reads the token list (state LOADING, then
 * READY or ERROR); the caller may then store the key. On failure the state
 * is ERROR. A later sign-in or sign-out cancels this one.
 */
void
rt_session_sign_in_async (RtSession           *self,
                          const char          *server,
                          RtSecret            *access_key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_return_if_fail (RT_IS_SESSION (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (access_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = session_task_new (self, rt_session_sign_in_async, cancellable, callback, user_data);

  normalized = rt_session_normalize_server (server);

  reset (self);
  if (g_strcmp0 (self->server, normalized) != 0)
    {
      g_free (self->server);
      self->server = g_steal_pointer (&normalized);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
    }

  client = rt_client_new (self->server, access_key, NULL, &error);
  if (client == NULL)
    {
      set_error (self, error);
      set_state (self, RT_SESSION_STATE_ERROR);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_client (self, client);
  start_check (self, g_steal_pointer (&task));
}

gboolean
rt_session_sign_in_finish (RtSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return session_task_finish (self, result, rt_session_sign_in_async, error);
}

/**
 * rt_session_refresh_async:
 *
 * Reads the token list again. A 401 signs out (see #RtSession:error);
 * another failure is reported, and leaves the list as it was.
 */
void
rt_session_refresh_async (RtSession           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RT_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = session_task_new (self, rt_session_refresh_async, cancellable, callback, user_data);

  if (self->account == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               "%s", _("Not signed in"));
      return;
    }

  start_refresh (self, g_steal_pointer (&task));
}

gboolean
rt_session_refresh_finish (RtSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return session_task_finish (self, result, rt_session_refresh_async, error);
}

/**
 * rt_session_retry_async:
 *
 * Repeats what put the session in the ERROR state (see
 * rt_session_get_can_retry()): the sign-in with the same key, or the refresh.
 */
void
rt_session_retry_async (RtSession           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RT_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = session_task_new (self, rt_session_retry_async, cancellable, callback, user_data);

  if (self->account != NULL)
    start_refresh (self, g_steal_pointer (&task));
  else if (rt_session_get_can_retry (self))
    start_check (self, g_steal_pointer (&task));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                             "%s", _("Not signed in"));
}

gboolean
rt_session_retry_finish (RtSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return session_task_finish (self, result, rt_session_retry_async, error);
}

/**
 * rt_session_sign_out:
 *
 * Forgets the account, its client and tokens, and cancels their calls (which
 * then report %G_IO_ERROR_CANCELLED). The server stays, for signing in again.
 */
void
rt_session_sign_out (RtSession *self)
{
  g_return_if_fail (RT_IS_SESSION (self));

  reset (self);
  set_state (self, RT_SESSION_STATE_SIGNED_OUT);
}

/**
 * rt_session_report_error:
 * @error: (nullable): an error from a call made with the session's client
 *
 * Ends the session if @error says that its access key stopped working.
 *
 * Returns: whether it did
 */
gboolean
rt_session_report_error (RtSession    *self,
                         const GError *error)
{
  g_return_val_if_fail (RT_IS_SESSION (self), FALSE);

  if (!g_error_matches (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_UNAUTHORIZED))
    return FALSE;

  end_with_error (self, error);
  return TRUE;
}

/**
 * rt_session_token_changed:
 * @token: the server's new state of a token
 *
 * Returns: (transfer none) (nullable): the session's token with @token's id,
 *   updated in place or added; %NULL while not signed in
 */
RtToken *
rt_session_token_changed (RtSession *self,
                          RtToken   *token)
{
  RtToken *stored;

  g_return_val_if_fail (RT_IS_SESSION (self), NULL);
  g_return_val_if_fail (RT_IS_TOKEN (token), NULL);

  if (self->account == NULL)
    return NULL;

  stored = rt_token_store_update (self->tokens, token);
  apply_saved_secret (self, stored);

  return stored;
}

void
rt_session_token_removed (RtSession  *self,
                          const char *token_id)
{
  g_return_if_fail (RT_IS_SESSION (self));
  g_return_if_fail (token_id != NULL);

  rt_token_store_remove (self->tokens, token_id);
}

/* }}} */
