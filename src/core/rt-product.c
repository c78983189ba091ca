/* rt-product.c: a product a token can pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-product.h"

struct _RtProduct
{
  GObject parent_instance;

  char *id;
  char *name;
  char *version;
  GStrv repositories;
};

G_DEFINE_FINAL_TYPE (RtProduct, rt_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_VERSION,
  PROP_REPOSITORIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_product_finalize (GObject *object)
{
  RtProduct *self = (RtProduct *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->repositories, g_strfreev);

  G_OBJECT_CLASS (rt_product_parent_class)->finalize (object);
}

static void
rt_product_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RtProduct *self = RT_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_REPOSITORIES:
      g_value_set_boxed (value, self->repositories);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_product_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RtProduct *self = RT_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      break;

    case PROP_REPOSITORIES:
      self->repositories = g_value_dup_boxed (value);
      if (self->repositories == NULL)
        self->repositories = g_new0 (char *, 1);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_product_class_init (RtProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_product_finalize;
  object_class->get_property = rt_product_get_property;
  object_class->set_property = rt_product_set_property;

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

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The registry repositories the product grants pull on; never NULL. */
  properties[PROP_REPOSITORIES] =
    g_param_spec_boxed ("repositories", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_product_init (RtProduct *self)
{
}

RtProduct *
rt_product_new (const char *id,
                const char *name,
                const char *version)
{
  return rt_product_new_full (id, name, version, NULL);
}

/**
 * rt_product_new_full:
 * @repositories: (nullable) (array zero-terminated=1): the registry
 *   repositories the product grants, e.g. `vision-kit/camera`
 */
RtProduct *
rt_product_new_full (const char         *id,
                     const char         *name,
                     const char         *version,
                     const char * const *repositories)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (version != NULL, NULL);

  return g_object_new (RT_TYPE_PRODUCT,
                       "id", id,
                       "name", name,
                       "version", version,
                       "repositories", repositories,
                       NULL);
}

const char *
rt_product_get_id (RtProduct *self)
{
  g_return_val_if_fail (RT_IS_PRODUCT (self), NULL);

  return self->id;
}

const char *
rt_product_get_name (RtProduct *self)
{
  g_return_val_if_fail (RT_IS_PRODUCT (self), NULL);

  return self->name;
}

const char *
rt_product_get_version (RtProduct *self)
{
  g_return_val_if_fail (RT_IS_PRODUCT (self), NULL);

  return self->version;
}

/**
 * rt_product_get_repositories:
 *
 * Returns: (transfer none): the registry repositories the product grants
 *   pull on; empty, never %NULL
 */
const char * const *
rt_product_get_repositories (RtProduct *self)
{
  g_return_val_if_fail (RT_IS_PRODUCT (self), NULL);

  return (const char * const *) self->repositories;
}

/**
 * rt_product_equal:
 * @a: a product
 * @b: another product
 *
 * Whether @a and @b describe the same product in the same version, field by
 * field (they need not be the same object).
 */
gboolean
rt_product_equal (RtProduct *a,
                  RtProduct *b)
{
  g_return_val_if_fail (RT_IS_PRODUCT (a), FALSE);
  g_return_val_if_fail (RT_IS_PRODUCT (b), FALSE);

  if (a == b)
    return TRUE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->version, b->version) == 0 &&
         g_strv_equal ((const char * const *) a->repositories,
                       (const char * const *) b->repositories);
}
