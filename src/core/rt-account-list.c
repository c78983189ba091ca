/* rt-account-list.c: the saved accounts, one session each, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-account-list.h"

/* A list key and a relocatable schema: the "accounts" key of the app's
 * schema holds the ids in order, and each saved account has its own
 * APPLICATION_ID.Account settings at accounts/ID/ below the app's path.
 * GSettings cannot list the paths a relocatable schema is used at, so the
 * list key is what says which accounts exist and in which order; the child
 * schema gives each account typed keys that can grow (view state) without
 * parallel lists to keep in step. An account that is not saved (--server
 * with REGISTRY_TOKENS_ACCESS_KEY) is in the list but in no setting.
 *
 * A session's user and project name are written back as its sign-ins learn
 * them, which is how an account from before accounts learns its user. */

struct _RtAccountList
{
  GObject     parent_instance;

  GSettings  *settings;
  GPtrArray  *sessions;
  /* id → the account's GSettings, for the saved ones. */
  GHashTable *saved;
  RtSession  *current;
};

static void rt_account_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtAccountList, rt_account_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rt_account_list_list_model_init))

enum {
  PROP_0,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel {{{ */

static GType
rt_account_list_get_item_type (GListModel *model)
{
  return RT_TYPE_SESSION;
}

static guint
rt_account_list_get_n_items (GListModel *model)
{
  return RT_ACCOUNT_LIST (model)->sessions->len;
}

static gpointer
rt_account_list_get_item (GListModel *model,
                          guint       position)
{
  RtAccountList *self = RT_ACCOUNT_LIST (model);

  if (position >= self->sessions->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->sessions, position));
}

static void
rt_account_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rt_account_list_get_item_type;
  iface->get_n_items = rt_account_list_get_n_items;
  iface->get_item = rt_account_list_get_item;
}

/* }}} */
/* Settings {{{ */

static GSettings *
account_settings_new (RtAccountList *self,
                      const char    *id)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  GSettings *settings;
  static const char * const view_keys[] = { "visible-columns", "sort-column", "sort-descending" };

  g_object_get (self->settings, "path", &base, NULL);
  path = g_strconcat (base, "accounts/", id, "/", NULL);
  settings = g_settings_new_with_path (APPLICATION_ID ".Account", path);

  /* An account's table starts as the table was before it had its own. */
  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    {
      g_autoptr(GVariant) own = g_settings_get_user_value (settings, view_keys[i]);
      g_autoptr(GVariant) app_wide = NULL;

      if (own != NULL)
        continue;
      app_wide = g_settings_get_value (self->settings, view_keys[i]);
      g_settings_set_value (settings, view_keys[i], app_wide);
    }

  return settings;
}

static void
save_ids (RtAccountList *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < self->sessions->len; i++)
    {
      RtSession *session = g_ptr_array_index (self->sessions, i);

      if (g_hash_table_contains (self->saved, rt_session_get_id (session)))
        g_strv_builder_add (builder, rt_session_get_id (session));
    }

  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "accounts", (const char * const *) ids);
}

static void
save_current (RtAccountList *self)
{
  const char *id = self->current != NULL ? rt_session_get_id (self->current) : NULL;

  if (id != NULL && g_hash_table_contains (self->saved, id))
    g_settings_set_string (self->settings, "current-account", id);
}

static void
session_learned_cb (RtAccountList *self,
                    GParamSpec    *pspec,
                    RtSession     *session)
{
  GSettings *settings = g_hash_table_lookup (self->saved, rt_session_get_id (session));

  if (settings == NULL)
    return;

  g_settings_set_string (settings, "server-url", rt_session_get_server (session) ?: "");
  g_settings_set_string (settings, "user-id", rt_session_get_user_id (session) ?: "");
  g_settings_set_string (settings, "project-name", rt_session_get_project_name (session) ?: "");
}

static void
append (RtAccountList *self,
        RtSession     *session,
        GSettings     *settings)
{
  g_ptr_array_add (self->sessions, g_object_ref (session));
  if (settings != NULL)
    {
      g_hash_table_insert (self->saved, g_strdup (rt_session_get_id (session)),
                           g_object_ref (settings));
      g_signal_connect_object (session, "notify::user-id",
                               G_CALLBACK (session_learned_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::project-name",
                               G_CALLBACK (session_learned_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::server",
                               G_CALLBACK (session_learned_cb), self, G_CONNECT_SWAPPED);
    }
}

/**
 * rt_account_list_get_settings:
 * @session: a session of the list
 *
 * Returns: (transfer none) (nullable): the saved account's own settings
 *   (#APPLICATION_ID.Account: its server, user and table), or %NULL for a
 *   session that is not saved
 */
GSettings *
rt_account_list_get_settings (RtAccountList *self,
                              RtSession     *session)
{
  g_return_val_if_fail (RT_IS_ACCOUNT_LIST (self), NULL);
  g_return_val_if_fail (RT_IS_SESSION (session), NULL);

  return g_hash_table_lookup (self->saved, rt_session_get_id (session));
}

/* The single server URL of the versions before accounts becomes the first
 * account (its key is found by the server alone until its first sign-in
 * tells the user), and the old key is emptied so that it happens once. */
static void
migrate (RtAccountList *self)
{
  g_autofree char *legacy = g_settings_get_string (self->settings, "server-url");
  g_autoptr(RtSession) session = NULL;
  g_autoptr(GSettings) settings = NULL;
  const char *ids[2] = { NULL, NULL };

  if (legacy[0] == '\0')
    return;

  session = rt_session_new ();
  ids[0] = rt_session_get_id (session);
  settings = account_settings_new (self, ids[0]);
  g_settings_set_string (settings, "server-url", legacy);
  g_settings_set_strv (self->settings, "accounts", ids);
  g_settings_set_string (self->settings, "current-account", ids[0]);
  g_settings_reset (self->settings, "server-url");
}

static void
load (RtAccountList *self)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *current = NULL;

  ids = g_settings_get_strv (self->settings, "accounts");
  if (ids[0] == NULL)
    {
      migrate (self);
      g_strfreev (ids);
      ids = g_settings_get_strv (self->settings, "accounts");
    }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(RtSession) session = NULL;
      g_autofree char *server = NULL;
      g_autofree char *user_id = NULL;
      g_autofree char *project_name = NULL;

      if (ids[i][0] == '\0' || g_hash_table_contains (self->saved, ids[i]))
        continue;

      settings = account_settings_new (self, ids[i]);
      server = g_settings_get_string (settings, "server-url");
      if (server[0] == '\0')
        continue;
      user_id = g_settings_get_string (settings, "user-id");
      project_name = g_settings_get_string (settings, "project-name");

      session = rt_session_new_saved (ids[i], server, user_id, project_name);
      append (self, session, settings);
    }

  current = g_settings_get_string (self->settings, "current-account");
  self->current = rt_account_list_lookup (self, current);
  if (self->current == NULL && self->sessions->len > 0)
    self->current = g_ptr_array_index (self->sessions, 0);
}

/* }}} */
/* GObject {{{ */

static void
rt_account_list_dispose (GObject *object)
{
  RtAccountList *self = RT_ACCOUNT_LIST (object);

  self->current = NULL;
  g_ptr_array_set_size (self->sessions, 0);
  g_hash_table_remove_all (self->saved);

  G_OBJECT_CLASS (rt_account_list_parent_class)->dispose (object);
}

static void
rt_account_list_finalize (GObject *object)
{
  RtAccountList *self = RT_ACCOUNT_LIST (object);

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->saved, g_hash_table_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rt_account_list_parent_class)->finalize (object);
}

static void
rt_account_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtAccountList *self = RT_ACCOUNT_LIST (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_account_list_class_init (RtAccountListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_account_list_dispose;
  object_class->finalize = rt_account_list_finalize;
  object_class->get_property = rt_account_list_get_property;

  /**
   * RtAccountList:current:
   *
   * The account shown, or %NULL when there is none.
   */
  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL,
                         RT_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_account_list_init (RtAccountList *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* }}} */
/* Public API {{{ */

/**
 * rt_account_list_new:
 * @settings: the app's settings (schema APPLICATION_ID)
 *
 * Reads the saved accounts, first turning the single account of earlier
 * versions into the first of them.
 *
 * Returns: (transfer full): the account list
 */
RtAccountList *
rt_account_list_new (GSettings *settings)
{
  RtAccountList *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RT_TYPE_ACCOUNT_LIST, NULL);
  self->settings = g_object_ref (settings);
  load (self);

  return self;
}

/**
 * rt_account_list_get_current:
 *
 * Returns: (transfer none) (nullable): see #RtAccountList:current
 */
RtSession *
rt_account_list_get_current (RtAccountList *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT_LIST (self), NULL);

  return self->current;
}

/**
 * rt_account_list_set_current:
 * @session: (nullable): an account of the list
 *
 * Shows @session; a saved one is shown again on the next start.
 */
void
rt_account_list_set_current (RtAccountList *self,
                             RtSession     *session)
{
  g_return_if_fail (RT_IS_ACCOUNT_LIST (self));
  g_return_if_fail (session == NULL || g_ptr_array_find (self->sessions, session, NULL));

  if (self->current == session)
    return;

  self->current = session;
  save_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/**
 * rt_account_list_lookup:
 * @id: (nullable): an account id
 *
 * Returns: (transfer none) (nullable): the account with @id
 */
RtSession *
rt_account_list_lookup (RtAccountList *self,
                        const char    *id)
{
  g_return_val_if_fail (RT_IS_ACCOUNT_LIST (self), NULL);

  for (guint i = 0; id != NULL && i < self->sessions->len; i++)
    {
      RtSession *session = g_ptr_array_index (self->sessions, i);

      if (g_str_equal (rt_session_get_id (session), id))
        return session;
    }

  return NULL;
}

/**
 * rt_account_list_find:
 * @server: a token service URL
 * @user_id: (nullable): a user, or %NULL for any
 *
 * Returns: (transfer none) (nullable): the first account of @user_id at
 *   @server (normalized as the session does)
 */
RtSession *
rt_account_list_find (RtAccountList *self,
                      const char    *server,
                      const char    *user_id)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (RT_IS_ACCOUNT_LIST (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  normalized = rt_session_normalize_server (server);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      RtSession *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (rt_session_get_server (session), normalized) == 0 &&
          (user_id == NULL || g_strcmp0 (rt_session_get_user_id (session), user_id) == 0))
        return session;
    }

  return NULL;
}

gboolean
rt_account_list_is_saved (RtAccountList *self,
                          RtSession     *session)
{
  g_return_val_if_fail (RT_IS_ACCOUNT_LIST (self), FALSE);
  g_return_val_if_fail (RT_IS_SESSION (session), FALSE);

  return g_hash_table_contains (self->saved, rt_session_get_id (session));
}

/**
 * rt_account_list_add:
 * @session: a session with a server, not in the list
 * @save: whether to save it (otherwise it lasts as long as the list)
 *
 * Appends @session. A saved account of the same server and user is
 * replaced: removed, and @session takes its place.
 */
void
rt_account_list_add (RtAccountList *self,
                     RtSession     *session,
                     gboolean       save)
{
  g_autoptr(GSettings) settings = NULL;
  RtSession *replaced = NULL;
  guint position;

  g_return_if_fail (RT_IS_ACCOUNT_LIST (self));
  g_return_if_fail (RT_IS_SESSION (session));
  g_return_if_fail (rt_session_get_server (session) != NULL);
  g_return_if_fail (!g_ptr_array_find (self->sessions, session, NULL));

  if (save && rt_session_get_user_id (session) != NULL)
    replaced = rt_account_list_find (self, rt_session_get_server (session),
                                     rt_session_get_user_id (session));
  if (replaced != NULL && rt_account_list_is_saved (self, replaced))
    rt_account_list_remove (self, replaced);

  if (save)
    settings = account_settings_new (self, rt_session_get_id (session));

  position = self->sessions->len;
  append (self, session, settings);
  if (settings != NULL)
    {
      session_learned_cb (self, NULL, session);
      save_ids (self);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/**
 * rt_account_list_remove:
 * @session: an account of the list
 *
 * Removes @session and, if saved, its settings. If it was the current
 * account, the first one left is (or none).
 */
void
rt_account_list_remove (RtAccountList *self,
                        RtSession     *session)
{
  g_autoptr(RtSession) removed = NULL;
  GSettings *settings;
  guint position;

  g_return_if_fail (RT_IS_ACCOUNT_LIST (self));
  g_return_if_fail (RT_IS_SESSION (session));

  if (!g_ptr_array_find (self->sessions, session, &position))
    return;

  removed = g_object_ref (session);
  g_signal_handlers_disconnect_by_func (session, session_learned_cb, self);
  settings = g_hash_table_lookup (self->saved, rt_session_get_id (session));
  if (settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;
      g_auto(GStrv) keys = NULL;

      g_object_get (settings, "settings-schema", &schema, NULL);
      keys = g_settings_schema_list_keys (schema);
      for (guint i = 0; keys[i] != NULL; i++)
        g_settings_reset (settings, keys[i]);
    }

  g_ptr_array_remove_index (self->sessions, position);
  g_hash_table_remove (self->saved, rt_session_get_id (session));
  save_ids (self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  if (self->current == session)
    {
      self->current = NULL;
      rt_account_list_set_current (self, self->sessions->len > 0 ?
                                         g_ptr_array_index (self->sessions, 0) : NULL);
      if (self->current == NULL)
        {
          g_settings_reset (self->settings, "current-account");
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
        }
    }
}

/* }}} */
