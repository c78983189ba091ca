/* rt-token-filter.c: the token table's filter by status, type and creator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-token-filter.h"

/* The filter's state is also a group of stateful actions, for the filter
 * menu's check and radio items: status-active, status-expiring-soon and
 * status-expired (booleans), type ("" for any, "user", "service"),
 * created-by ("" for anyone) and clear. Type and created-by are for admins
 * only; set_admin() disables them and drops what they had chosen.
 *
 * A token changed in place is not filtered again by the table's RtFilterList:
 * the table calls rt_token_filter_refilter() once a refresh is done. */

struct _RtTokenFilter
{
  GtkFilter           parent_instance;

  GSimpleActionGroup *actions;
  guint               statuses;
  char               *token_type;
  char               *created_by;
  guint               admin : 1;
};

G_DEFINE_FINAL_TYPE (RtTokenFilter, rt_token_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_STATUSES,
  PROP_TOKEN_TYPE,
  PROP_CREATED_BY,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char     *action;
  RtStatusFilter  status;
} status_actions[] = {
  { "status-active", RT_STATUS_FILTER_ACTIVE },
  { "status-expiring-soon", RT_STATUS_FILTER_EXPIRING_SOON },
  { "status-expired", RT_STATUS_FILTER_EXPIRED },
};

/**
 * rt_token_filter_status_of:
 *
 * Returns: which of the Status filter's choices @token falls under, as its
 *   badge shows it
 */
RtStatusFilter
rt_token_filter_status_of (RtToken *token)
{
  g_return_val_if_fail (RT_IS_TOKEN (token), RT_STATUS_FILTER_ACTIVE);

  if (rt_token_get_status (token) == RT_TOKEN_STATUS_EXPIRED)
    return RT_STATUS_FILTER_EXPIRED;
  if (rt_token_get_expiring_soon (token))
    return RT_STATUS_FILTER_EXPIRING_SOON;

  return RT_STATUS_FILTER_ACTIVE;
}

static gboolean
rt_token_filter_match (GtkFilter *filter,
                       gpointer   item)
{
  RtTokenFilter *self = RT_TOKEN_FILTER (filter);
  RtToken *token = item;

  if (self->statuses != 0 && (self->statuses & rt_token_filter_status_of (token)) == 0)
    return FALSE;

  if (self->token_type != NULL &&
      g_strcmp0 (rt_token_type_to_string (rt_token_get_token_type (token)), self->token_type) != 0)
    return FALSE;

  if (self->created_by != NULL && g_strcmp0 (rt_token_get_created_by (token), self->created_by) != 0)
    return FALSE;

  return TRUE;
}

static GtkFilterMatch
rt_token_filter_get_strictness (GtkFilter *filter)
{
  return rt_token_filter_get_active (RT_TOKEN_FILTER (filter)) ? GTK_FILTER_MATCH_SOME
                                                               : GTK_FILTER_MATCH_ALL;
}

/* Actions {{{ */

static void
sync_actions (RtTokenFilter *self)
{
  GActionMap *map = G_ACTION_MAP (self->actions);

  for (guint i = 0; i < G_N_ELEMENTS (status_actions); i++)
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, status_actions[i].action)),
                               g_variant_new_boolean ((self->statuses & status_actions[i].status) != 0));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "type")),
                             g_variant_new_string (self->token_type != NULL ? self->token_type : ""));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "created-by")),
                             g_variant_new_string (self->created_by != NULL ? self->created_by : ""));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "clear")),
                               rt_token_filter_get_active (self));
}

static void
status_change_state_cb (GSimpleAction *action,
                        GVariant      *state,
                        RtTokenFilter *self)
{
  const char *name = g_action_get_name (G_ACTION (action));
  guint statuses = self->statuses;

  for (guint i = 0; i < G_N_ELEMENTS (status_actions); i++)
    {
      if (!g_str_equal (name, status_actions[i].action))
        continue;

      if (g_variant_get_boolean (state))
        statuses |= status_actions[i].status;
      else
        statuses &= ~status_actions[i].status;
    }

  rt_token_filter_set_statuses (self, statuses);
}

static void
type_change_state_cb (GSimpleAction *action,
                      GVariant      *state,
                      RtTokenFilter *self)
{
  rt_token_filter_set_token_type (self, g_variant_get_string (state, NULL));
}

static void
created_by_change_state_cb (GSimpleAction *action,
                            GVariant      *state,
                            RtTokenFilter *self)
{
  rt_token_filter_set_created_by (self, g_variant_get_string (state, NULL));
}

static void
clear_activate_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   RtTokenFilter *self)
{
  rt_token_filter_clear (self);
}

/* }}} */
/* GObject {{{ */

static void
rt_token_filter_finalize (GObject *object)
{
  RtTokenFilter *self = RT_TOKEN_FILTER (object);

  g_clear_object (&self->actions);
  g_clear_pointer (&self->token_type, g_free);
  g_clear_pointer (&self->created_by, g_free);

  G_OBJECT_CLASS (rt_token_filter_parent_class)->finalize (object);
}

static void
rt_token_filter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtTokenFilter *self = RT_TOKEN_FILTER (object);

  switch (prop_id)
    {
    case PROP_STATUSES:
      g_value_set_uint (value, self->statuses);
      break;

    case PROP_TOKEN_TYPE:
      g_value_set_string (value, self->token_type);
      break;

    case PROP_CREATED_BY:
      g_value_set_string (value, self->created_by);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, rt_token_filter_get_active (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_filter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtTokenFilter *self = RT_TOKEN_FILTER (object);

  switch (prop_id)
    {
    case PROP_STATUSES:
      rt_token_filter_set_statuses (self, g_value_get_uint (value));
      break;

    case PROP_TOKEN_TYPE:
      rt_token_filter_set_token_type (self, g_value_get_string (value));
      break;

    case PROP_CREATED_BY:
      rt_token_filter_set_created_by (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_filter_class_init (RtTokenFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = rt_token_filter_finalize;
  object_class->get_property = rt_token_filter_get_property;
  object_class->set_property = rt_token_filter_set_property;

  filter_class->match = rt_token_filter_match;
  filter_class->get_strictness = rt_token_filter_get_strictness;

  /**
   * RtTokenFilter:statuses:
   *
   * The #RtStatusFilter choices shown; 0 shows every status.
   */
  properties[PROP_STATUSES] =
    g_param_spec_uint ("statuses", NULL, NULL,
                       0, RT_STATUS_FILTER_ACTIVE | RT_STATUS_FILTER_EXPIRING_SOON | RT_STATUS_FILTER_EXPIRED, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenFilter:token-type:
   *
   * The API's name of the token type shown ("user", "service"), or %NULL
   * for both.
   */
  properties[PROP_TOKEN_TYPE] =
    g_param_spec_string ("token-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenFilter:created-by:
   *
   * The creator whose tokens are shown, or %NULL for anyone's.
   */
  properties[PROP_CREATED_BY] =
    g_param_spec_string ("created-by", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtTokenFilter:active:
   *
   * Whether the filter hides any token.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_token_filter_init (RtTokenFilter *self)
{
  GActionMap *map;
  g_autoptr(GSimpleAction) type = NULL;
  g_autoptr(GSimpleAction) created_by = NULL;
  g_autoptr(GSimpleAction) clear = NULL;

  self->actions = g_simple_action_group_new ();
  map = G_ACTION_MAP (self->actions);

  for (guint i = 0; i < G_N_ELEMENTS (status_actions); i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      action = g_simple_action_new_stateful (status_actions[i].action, NULL, g_variant_new_boolean (FALSE));
      g_signal_connect_object (action, "change-state", G_CALLBACK (status_change_state_cb), self, 0);
      g_action_map_add_action (map, G_ACTION (action));
    }

  type = g_simple_action_new_stateful ("type", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  g_signal_connect_object (type, "change-state", G_CALLBACK (type_change_state_cb), self, 0);
  g_simple_action_set_enabled (type, FALSE);
  g_action_map_add_action (map, G_ACTION (type));

  created_by = g_simple_action_new_stateful ("created-by", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  g_signal_connect_object (created_by, "change-state", G_CALLBACK (created_by_change_state_cb), self, 0);
  g_simple_action_set_enabled (created_by, FALSE);
  g_action_map_add_action (map, G_ACTION (created_by));

  clear = g_simple_action_new ("clear", NULL);
  g_signal_connect_object (clear, "activate", G_CALLBACK (clear_activate_cb), self, 0);
  g_simple_action_set_enabled (clear, FALSE);
  g_action_map_add_action (map, G_ACTION (clear));
}

/* }}} */
/* Public API {{{ */

RtTokenFilter *
rt_token_filter_new (void)
{
  return g_object_new (RT_TYPE_TOKEN_FILTER, NULL);
}

/* After one of the choices changed from @was_active. */
static void
changed (RtTokenFilter    *self,
         gboolean          was_active,
         GtkFilterChange   change,
         GParamSpec       *pspec)
{
  sync_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  if (was_active != rt_token_filter_get_active (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  gtk_filter_changed (GTK_FILTER (self), change);
}

guint
rt_token_filter_get_statuses (RtTokenFilter *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), 0);

  return self->statuses;
}

void
rt_token_filter_set_statuses (RtTokenFilter *self,
                              guint          statuses)
{
  gboolean was_active;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  if (self->statuses == statuses)
    return;

  /* No bit is every status: adding the first one, or taking a bit from a
   * set of several, shows fewer tokens. */
  if (self->statuses == 0 || (statuses != 0 && (statuses & self->statuses) == statuses))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (statuses == 0 || (statuses & self->statuses) == self->statuses)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  was_active = rt_token_filter_get_active (self);
  self->statuses = statuses;
  changed (self, was_active, change, properties[PROP_STATUSES]);
}

const char *
rt_token_filter_get_token_type (RtTokenFilter *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), NULL);

  return self->token_type;
}

/* Sets *@field to @value, "" as NULL; whether it changed, and how. */
static gboolean
set_choice (char            **field,
            const char       *value,
            GtkFilterChange  *change)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  if (*field == NULL)
    *change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (value == NULL)
    *change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    *change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
rt_token_filter_set_token_type (RtTokenFilter *self,
                                const char    *token_type)
{
  gboolean was_active;
  GtkFilterChange change;

  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  was_active = rt_token_filter_get_active (self);
  if (set_choice (&self->token_type, token_type, &change))
    changed (self, was_active, change, properties[PROP_TOKEN_TYPE]);
}

const char *
rt_token_filter_get_created_by (RtTokenFilter *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), NULL);

  return self->created_by;
}

void
rt_token_filter_set_created_by (RtTokenFilter *self,
                                const char    *created_by)
{
  gboolean was_active;
  GtkFilterChange change;

  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  was_active = rt_token_filter_get_active (self);
  if (set_choice (&self->created_by, created_by, &change))
    changed (self, was_active, change, properties[PROP_CREATED_BY]);
}

gboolean
rt_token_filter_get_active (RtTokenFilter *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), FALSE);

  return self->statuses != 0 || self->token_type != NULL || self->created_by != NULL;
}

/**
 * rt_token_filter_clear:
 *
 * Shows every token again.
 */
void
rt_token_filter_clear (RtTokenFilter *self)
{
  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  g_object_freeze_notify (G_OBJECT (self));
  rt_token_filter_set_statuses (self, 0);
  rt_token_filter_set_token_type (self, NULL);
  rt_token_filter_set_created_by (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rt_token_filter_refilter:
 *
 * Filters every token again, after tokens changed in place.
 */
void
rt_token_filter_refilter (RtTokenFilter *self)
{
  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  if (rt_token_filter_get_active (self))
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * rt_token_filter_describe:
 *
 * Returns: (transfer full) (nullable): what the filter shows, as in
 *   "Expired, Expiring Soon · Service · Created by Ada", or %NULL when it
 *   shows every token
 */
char *
rt_token_filter_describe (RtTokenFilter *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();

  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), NULL);

  if (!rt_token_filter_get_active (self))
    return NULL;

  if ((self->statuses & RT_STATUS_FILTER_ACTIVE) != 0)
    g_ptr_array_add (statuses, (gpointer) C_("token status", "Active"));
  if ((self->statuses & RT_STATUS_FILTER_EXPIRING_SOON) != 0)
    g_ptr_array_add (statuses, (gpointer) C_("token status", "Expiring Soon"));
  if ((self->statuses & RT_STATUS_FILTER_EXPIRED) != 0)
    g_ptr_array_add (statuses, (gpointer) C_("token status", "Expired"));
  if (statuses->len > 0)
    {
      g_ptr_array_add (statuses, NULL);
      /* Translators: the separator between the statuses a filter shows */
      g_ptr_array_add (parts, g_strjoinv (_(", "), (char **) statuses->pdata));
    }

  if (g_strcmp0 (self->token_type, "service") == 0)
    g_ptr_array_add (parts, g_strdup (C_("token type", "Service")));
  else if (self->token_type != NULL)
    g_ptr_array_add (parts, g_strdup (C_("token type", "User")));

  if (self->created_by != NULL)
    /* Translators: a filter's choice; %s is the name of whoever created the tokens */
    g_ptr_array_add (parts, g_strdup_printf (_("Created by %s"), self->created_by));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a filter, e.g. "Expired · Service" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/**
 * rt_token_filter_get_actions:
 *
 * Returns: (transfer none): the filter's actions, for its menu
 */
GActionGroup *
rt_token_filter_get_actions (RtTokenFilter *self)
{
  g_return_val_if_fail (RT_IS_TOKEN_FILTER (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/**
 * rt_token_filter_set_admin:
 *
 * Whether the admin-only choices, type and creator, may be made; when they
 * may not, they are dropped.
 */
void
rt_token_filter_set_admin (RtTokenFilter *self,
                           gboolean       admin)
{
  GActionMap *map;

  g_return_if_fail (RT_IS_TOKEN_FILTER (self));

  admin = !!admin;
  if (self->admin == admin)
    return;

  self->admin = admin;
  map = G_ACTION_MAP (self->actions);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "type")), admin);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "created-by")), admin);
  if (!admin)
    {
      rt_token_filter_set_token_type (self, NULL);
      rt_token_filter_set_created_by (self, NULL);
    }
}

/* }}} */
