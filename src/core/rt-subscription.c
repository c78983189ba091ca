/* rt-subscription.c: a subscription of the project and the products it covers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-product.h"
#include "rt-subscription.h"

struct _RtSubscription
{
  GObject parent_instance;

  char *id;
  GDate *end_date;
  GListStore *products;
};

G_DEFINE_FINAL_TYPE (RtSubscription, rt_subscription, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_END_DATE,
  PROP_PRODUCTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rt_subscription_finalize (GObject *object)
{
  RtSubscription *self = (RtSubscription *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->end_date, g_date_free);
  g_clear_object (&self->products);

  G_OBJECT_CLASS (rt_subscription_parent_class)->finalize (object);
}

static void
rt_subscription_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtSubscription *self = RT_SUBSCRIPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_END_DATE:
      g_value_set_boxed (value, self->end_date);
      break;

    case PROP_PRODUCTS:
      g_value_set_object (value, self->products);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_subscription_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtSubscription *self = RT_SUBSCRIPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_END_DATE:
      self->end_date = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_subscription_class_init (RtSubscriptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_subscription_finalize;
  object_class->get_property = rt_subscription_get_property;
  object_class->set_property = rt_subscription_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_END_DATE] =
    g_param_spec_boxed ("end-date", NULL, NULL,
                        G_TYPE_DATE,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The list itself never changes identity, so this is never notified. */
  properties[PROP_PRODUCTS] =
    g_param_spec_object ("products", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_subscription_init (RtSubscription *self)
{
  self->products = g_list_store_new (RT_TYPE_PRODUCT);
}

/**
 * rt_subscription_new:
 * @id: the subscription id
 * @end_date: the last day the subscription is active
 * @products: (element-type RtProduct) (nullable): the products it covers
 *
 * Returns: (transfer full): a new subscription
 */
RtSubscription *
rt_subscription_new (const char  *id,
                     const GDate *end_date,
                     GPtrArray   *products)
{
  RtSubscription *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (end_date != NULL && g_date_valid (end_date), NULL);

  self = g_object_new (RT_TYPE_SUBSCRIPTION,
                       "id", id,
                       "end-date", end_date,
                       NULL);

  if (products != NULL)
    g_list_store_splice (self->products, 0, 0, products->pdata, products->len);

  return self;
}

const char *
rt_subscription_get_id (RtSubscription *self)
{
  g_return_val_if_fail (RT_IS_SUBSCRIPTION (self), NULL);

  return self->id;
}

const GDate *
rt_subscription_get_end_date (RtSubscription *self)
{
  g_return_val_if_fail (RT_IS_SUBSCRIPTION (self), NULL);

  return self->end_date;
}

/**
 * rt_subscription_get_products:
 * @self: a subscription
 *
 * Returns: (transfer none): a list of #RtProduct
 */
GListModel *
rt_subscription_get_products (RtSubscription *self)
{
  g_return_val_if_fail (RT_IS_SUBSCRIPTION (self), NULL);

  return G_LIST_MODEL (self->products);
}
