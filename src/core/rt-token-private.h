/* rt-token-private.h: what RtToken's files share: its fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rt-token.h"

G_BEGIN_DECLS

#define RT_TOKEN_TIME_NONE G_MININT64

struct _RtToken
{
  GObject parent_instance;

  char *id;
  char *name;
  char *username;
  /* Shared between the tokens of a page (rt_token_share_strings()): a long
   * list names a handful of people many times over. */
  GRefString *created_by;
  GRefString *created_for;
  /* Microseconds since 1970 (UTC), or RT_TOKEN_TIME_NONE: a GDateTime is
   * made only when rt_token_get_created_at() (or _last_used_at()) asks. */
  gint64 created_at;
  gint64 last_used_at;
  GDateTime *created_at_object;
  GDateTime *last_used_at_object;
  GDate end_date;                /* invalid (cleared) for none */
  /* Of RtProduct, or NULL for none. Never changed once set, so that the
   * tokens of a page with the same products share one. */
  GPtrArray *products;
  GListStore *products_model;    /* made when first asked for */
  RtTokenType token_type;
  RtTokenStatus status;
  guint expiring_soon_days;

  /* derived */
  int days_left;
  gboolean expiring_soon;
  GRefString *products_label;    /* NULL for "" */

  /* set inside rt_token_update_from(), which recomputes derived state once */
  guint updating : 1;

  /* UI state, not from the API */
  guint busy : 1;
  guint has_saved_secret : 1;
};

/* Recomputes days-left, expiring-soon and products-label, notifying those
 * that changed; does nothing inside rt_token_update_from(). */
void _rt_token_recompute_derived (RtToken *self);

void _rt_token_set_created_at_time   (RtToken *self,
                                      gint64   time);
void _rt_token_set_last_used_at_time (RtToken *self,
                                      gint64   time);

/* Sets the products to @products itself, which nobody changes afterwards. */
void _rt_token_set_shared_products (RtToken   *self,
                                    GPtrArray *products);

G_END_DECLS
