/* rt-service-user.c: a service user of the project, for service tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-service-user.h"

struct _RtServiceUser
{
  GObject parent_instance;

  char *id;
  char *name;
};

G_DEFINE_FINAL_TYPE (RtServiceUser, rt_service_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_service_user_finalize (GObject *object)
{
  RtServiceUser *self = (RtServiceUser *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (rt_service_user_parent_class)->finalize (object);
}

static void
rt_service_user_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtServiceUser *self = RT_SERVICE_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_service_user_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtServiceUser *self = RT_SERVICE_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_service_user_class_init (RtServiceUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_service_user_finalize;
  object_class->get_property = rt_service_user_get_property;
  object_class->set_property = rt_service_user_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_service_user_init (RtServiceUser *self)
{
}

RtServiceUser *
rt_service_user_new (const char *id,
                     const char *name)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (RT_TYPE_SERVICE_USER,
                       "id", id,
                       "name", name,
                       NULL);
}

const char *
rt_service_user_get_id (RtServiceUser *self)
{
  g_return_val_if_fail (RT_IS_SERVICE_USER (self), NULL);

  return self->id;
}

const char *
rt_service_user_get_name (RtServiceUser *self)
{
  g_return_val_if_fail (RT_IS_SERVICE_USER (self), NULL);

  return self->name;
}
