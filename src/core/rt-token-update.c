/* rt-token-update.c: refreshing an RtToken in place: its products, a newer copy, shared names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-token.h"
#include "rt-token-private.h"

/* @field becomes @pool's copy of its text, which is added when new. */
static void
share_ref_string (GRefString **field,
                  GHashTable  *pool)
{
  GRefString *shared;

  if (*field == NULL)
    return;

  shared = g_hash_table_lookup (pool, *field);
  if (shared == NULL)
    g_hash_table_add (pool, g_ref_string_acquire (*field));
  else if (shared != *field)
    {
      g_ref_string_release (*field);
      *field = g_ref_string_acquire (shared);
    }
}

/* Replaces the products with those of @products, touching the store only
 * where they differ: the common head and tail stay, the middle is one
 * splice, and equal lists emit no items-changed at all. @products is kept
 * when @shared, copied otherwise. */
static void
splice_products (RtToken   *self,
                 GPtrArray *products,
                 gboolean   shared)
{
  guint n_old = self->products != NULL ? self->products->len : 0;
  RtProduct **old = self->products != NULL ? (RtProduct **) self->products->pdata : NULL;
  guint n_items = products != NULL ? products->len : 0;
  RtProduct **items = products != NULL ? (RtProduct **) products->pdata : NULL;
  guint head = 0;
  guint tail = 0;

  while (head < n_old && head < n_items && rt_product_equal (old[head], items[head]))
    head++;

  if (head == n_old && head == n_items)
    return;

  while (tail < n_old - head && tail < n_items - head &&
         rt_product_equal (old[n_old - 1 - tail], items[n_items - 1 - tail]))
    tail++;

  if (self->products_model != NULL)
    g_list_store_splice (self->products_model,
                         head,
                         n_old - head - tail,
                         (gpointer *) items + head,
                         n_items - head - tail);

  g_clear_pointer (&self->products, g_ptr_array_unref);
  if (n_items > 0 && shared)
    self->products = g_ptr_array_ref (products);
  else if (n_items > 0)
    {
      self->products = g_ptr_array_new_full (n_items, g_object_unref);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (self->products, g_object_ref (items[i]));
    }

  _rt_token_recompute_derived (self);
}

/**
 * rt_token_get_products:
 * @self: a token
 *
 * Returns: (transfer none): the products the token can pull, a list of
 *   #RtProduct that keeps its identity for the token's lifetime
 */
GListModel *
rt_token_get_products (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  if (self->products_model == NULL)
    {
      self->products_model = g_list_store_new (RT_TYPE_PRODUCT);
      if (self->products != NULL)
        g_list_store_splice (self->products_model, 0, 0,
                             self->products->pdata, self->products->len);
    }

  return G_LIST_MODEL (self->products_model);
}

/**
 * rt_token_set_products:
 * @self: a token
 * @products: (element-type RtProduct) (nullable): the new products
 *
 * Updates the product list with at most one items-changed, and none when
 * @products equals it item by item.
 */
void
rt_token_set_products (RtToken   *self,
                       GPtrArray *products)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  for (guint i = 0; products != NULL && i < products->len; i++)
    g_return_if_fail (RT_IS_PRODUCT (g_ptr_array_index (products, i)));

  splice_products (self, products, FALSE);
}

void
_rt_token_set_shared_products (RtToken   *self,
                               GPtrArray *products)
{
  splice_products (self, products, TRUE);
}

/**
 * rt_token_update_from:
 * @self: a token
 * @other: a newer copy of the same token (same id)
 *
 * Copies every API field of @other into @self in place. Only properties whose
 * value changed are notified, all at once when the update is complete; the
 * products list emits at most one items-changed. expiring-soon-days, busy and
 * has-saved-secret are kept.
 */
void
rt_token_update_from (RtToken *self,
                      RtToken *other)
{
  g_autoptr(GPtrArray) products = NULL;

  g_return_if_fail (RT_IS_TOKEN (self));
  g_return_if_fail (RT_IS_TOKEN (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  if (self == other)
    return;

  /* Held across the update: @other's list may be @self's own products'
   * owner. */
  if (other->products != NULL)
    products = g_ptr_array_ref (other->products);

  g_object_freeze_notify (G_OBJECT (self));

  /* Derived state is recomputed once at the end, so that an intermediate
   * combination of old and new fields cannot notify a spurious change. */
  self->updating = TRUE;
  rt_token_set_name (self, other->name);
  rt_token_set_token_type (self, other->token_type);
  rt_token_set_username (self, other->username);
  rt_token_set_status (self, other->status);
  _rt_token_set_created_at_time (self, other->created_at);
  rt_token_set_subscription_end_date (self, rt_token_get_subscription_end_date (other));
  _rt_token_set_shared_products (self, products);
  rt_token_set_created_by (self, other->created_by);
  rt_token_set_created_for (self, other->created_for);
  _rt_token_set_last_used_at_time (self, other->last_used_at);
  self->updating = FALSE;

  _rt_token_recompute_derived (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rt_token_new_string_pool:
 *
 * Returns: (transfer full): a pool for rt_token_share_strings()
 */
GHashTable *
rt_token_new_string_pool (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal,
                                (GDestroyNotify) g_ref_string_release, NULL);
}

/**
 * rt_token_share_strings:
 * @self: a token
 * @pool: from rt_token_new_string_pool(); one thread at a time
 *
 * Makes @self hold the same copy of its people's names and of its products
 * label as every other token shared through @pool. Nothing visible changes.
 */
void
rt_token_share_strings (RtToken    *self,
                        GHashTable *pool)
{
  g_return_if_fail (RT_IS_TOKEN (self));
  g_return_if_fail (pool != NULL);

  share_ref_string (&self->created_by, pool);
  share_ref_string (&self->created_for, pool);
  share_ref_string (&self->products_label, pool);
}
