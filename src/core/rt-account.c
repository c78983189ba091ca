/* rt-account.c: who the access key belongs to (GET /me)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-account.h"
#include "rt-enum-types.h"

struct _RtAccount
{
  GObject parent_instance;

  char *user_id;
  char *user_name;
  char *user_email;
  char *project_id;
  char *project_name;
  char *registry;
  RtRole role;
};

G_DEFINE_FINAL_TYPE (RtAccount, rt_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_USER_EMAIL,
  PROP_PROJECT_ID,
  PROP_PROJECT_NAME,
  PROP_ROLE,
  PROP_REGISTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_account_finalize (GObject *object)
{
  RtAccount *self = (RtAccount *)object;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->user_email, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->project_name, g_free);
  g_clear_pointer (&self->registry, g_free);

  G_OBJECT_CLASS (rt_account_parent_class)->finalize (object);
}

static void
rt_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RtAccount *self = RT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_USER_EMAIL:
      g_value_set_string (value, self->user_email);
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;

    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_REGISTRY:
      g_value_set_string (value, self->registry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RtAccount *self = RT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      self->user_id = g_value_dup_string (value);
      break;

    case PROP_USER_NAME:
      self->user_name = g_value_dup_string (value);
      break;

    case PROP_USER_EMAIL:
      self->user_email = g_value_dup_string (value);
      break;

    case PROP_PROJECT_ID:
      self->project_id = g_value_dup_string (value);
      break;

    case PROP_PROJECT_NAME:
      self->project_name = g_value_dup_string (value);
      break;

    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;

    case PROP_REGISTRY:
      self->registry = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL,
                              NULL,
                              (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                               G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
rt_account_class_init (RtAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_account_finalize;
  object_class->get_property = rt_account_get_property;
  object_class->set_property = rt_account_set_property;

  properties[PROP_USER_ID] = string_property ("user-id");
  properties[PROP_USER_NAME] = string_property ("user-name");
  properties[PROP_USER_EMAIL] = string_property ("user-email");
  properties[PROP_PROJECT_ID] = string_property ("project-id");
  properties[PROP_PROJECT_NAME] = string_property ("project-name");
  properties[PROP_REGISTRY] = string_property ("registry");

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       RT_TYPE_ROLE,
                       RT_ROLE_MEMBER,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_account_init (RtAccount *self)
{
}

RtAccount *
rt_account_new (const char *user_id,
                const char *user_name,
                const char *user_email,
                const char *project_id,
                const char *project_name,
                RtRole      role,
                const char *registry)
{
  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (user_name != NULL, NULL);
  g_return_val_if_fail (user_email != NULL, NULL);
  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (project_name != NULL, NULL);
  g_return_val_if_fail (role == RT_ROLE_MEMBER || role == RT_ROLE_ADMIN, NULL);
  g_return_val_if_fail (registry != NULL, NULL);

  return g_object_new (RT_TYPE_ACCOUNT,
                       "user-id", user_id,
                       "user-name", user_name,
                       "user-email", user_email,
                       "project-id", project_id,
                       "project-name", project_name,
                       "role", role,
                       "registry", registry,
                       NULL);
}

const char *
rt_account_get_user_id (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->user_id;
}

const char *
rt_account_get_user_name (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->user_name;
}

const char *
rt_account_get_user_email (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->user_email;
}

const char *
rt_account_get_project_id (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->project_id;
}

const char *
rt_account_get_project_name (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->project_name;
}

RtRole
rt_account_get_role (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), RT_ROLE_MEMBER);

  return self->role;
}

/**
 * rt_account_get_registry:
 * @self: an account
 *
 * Returns: the registry host as `docker login` names it (host and optional
 *   port, no scheme)
 */
const char *
rt_account_get_registry (RtAccount *self)
{
  g_return_val_if_fail (RT_IS_ACCOUNT (self), NULL);

  return self->registry;
}
