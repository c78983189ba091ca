/* rt-access-report.h: what Check Access found, per product, in a dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rt-product.h"

G_BEGIN_DECLS

/**
 * RtProductAccess:
 * @RT_PRODUCT_ACCESS_CAN_PULL: every repository of the product is granted
 * @RT_PRODUCT_ACCESS_ENDED: some are not: the token server grants only
 *   products with an active subscription
 * @RT_PRODUCT_ACCESS_NO_REPOSITORIES: the product names no repository
 */
typedef enum
{
  RT_PRODUCT_ACCESS_CAN_PULL,
  RT_PRODUCT_ACCESS_ENDED,
  RT_PRODUCT_ACCESS_NO_REPOSITORIES,
} RtProductAccess;

char            **rt_access_report_repositories   (GPtrArray    *products);
RtProductAccess   rt_access_report_product_access (RtProduct    *product,
                                                   GHashTable   *granted);
AdwMessageDialog *rt_access_report_new            (GtkWindow    *parent,
                                                   const char   *token_name,
                                                   const char   *registry_host,
                                                   GPtrArray    *products,
                                                   GHashTable   *granted);
AdwMessageDialog *rt_access_report_new_error      (GtkWindow    *parent,
                                                   const char   *token_name,
                                                   const GError *error);

G_END_DECLS
