/* rt-product.h: a product a token can pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RT_TYPE_PRODUCT (rt_product_get_type ())

G_DECLARE_FINAL_TYPE (RtProduct, rt_product, RT, PRODUCT, GObject)

RtProduct  *rt_product_new         (const char *id,
                                    const char *name,
                                    const char *version);
RtProduct  *rt_product_new_full    (const char         *id,
                                    const char         *name,
                                    const char         *version,
                                    const char * const *repositories);
const char *rt_product_get_id      (RtProduct  *self);
const char *rt_product_get_name    (RtProduct  *self);
const char *rt_product_get_version (RtProduct  *self);
const char * const *
            rt_product_get_repositories (RtProduct *self);
gboolean    rt_product_equal       (RtProduct  *a,
                                    RtProduct  *b);

G_END_DECLS
