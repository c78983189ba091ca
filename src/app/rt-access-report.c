/* rt-access-report.c: what Check Access found, per product, in a dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-access-report.h"
#include "rt-confirm.h"

#define RESPONSE_CLOSE "close"

/**
 * rt_access_report_repositories:
 * @products: (element-type RtProduct): the token's products
 *
 * Returns: (transfer full): the repositories of @products, each once, in
 *   the order the products name them
 */
char **
rt_access_report_repositories (GPtrArray *products)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (products != NULL, NULL);

  for (guint i = 0; i < products->len; i++)
    {
      const char * const *repositories = rt_product_get_repositories (g_ptr_array_index (products, i));

      for (guint j = 0; repositories != NULL && repositories[j] != NULL; j++)
        {
          if (g_hash_table_add (seen, (gpointer) repositories[j]))
            g_strv_builder_add (builder, repositories[j]);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * rt_access_report_product_access:
 * @granted: (element-type utf8 utf8): the repositories the secret may pull
 *
 * Returns: whether @product can be pulled with what is @granted
 */
RtProductAccess
rt_access_report_product_access (RtProduct  *product,
                                 GHashTable *granted)
{
  const char * const *repositories;

  g_return_val_if_fail (RT_IS_PRODUCT (product), RT_PRODUCT_ACCESS_NO_REPOSITORIES);
  g_return_val_if_fail (granted != NULL, RT_PRODUCT_ACCESS_NO_REPOSITORIES);

  repositories = rt_product_get_repositories (product);
  if (repositories == NULL || repositories[0] == NULL)
    return RT_PRODUCT_ACCESS_NO_REPOSITORIES;

  for (guint i = 0; repositories[i] != NULL; i++)
    {
      if (!g_hash_table_contains (granted, repositories[i]))
        return RT_PRODUCT_ACCESS_ENDED;
    }

  return RT_PRODUCT_ACCESS_CAN_PULL;
}

static AdwMessageDialog *
new_dialog (GtkWindow  *parent,
            const char *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Check Access"), body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dialog, RESPONSE_CLOSE, _("_Close"));
  adw_message_dialog_set_default_response (dialog, RESPONSE_CLOSE);
  adw_message_dialog_set_close_response (dialog, RESPONSE_CLOSE);
  rt_confirm_name_responses (dialog);

  return dialog;
}

static GtkWidget *
new_product_row (RtProduct       *product,
                 RtProductAccess  access)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  const char *text;
  g_autofree char *label = NULL;

  switch (access)
    {
    case RT_PRODUCT_ACCESS_CAN_PULL:
      text = C_("product access", "Can pull");
      icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      gtk_widget_add_css_class (icon, "success");
      break;
    case RT_PRODUCT_ACCESS_ENDED:
      text = C_("product access", "Subscription ended");
      icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
      gtk_widget_add_css_class (icon, "error");
      break;
    case RT_PRODUCT_ACCESS_NO_REPOSITORIES:
    default:
      text = C_("product access", "No registry repositories");
      icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
      gtk_widget_add_css_class (icon, "dim-label");
      break;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rt_product_get_name (product));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* Translators: a product and whether the token can pull it, e.g. "Vision Kit: Can pull" */
  label = g_strdup_printf (C_("product access", "%s: %s"), rt_product_get_name (product), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return row;
}

/**
 * rt_access_report_new:
 * @parent: the window the check was made from
 * @token_name: the token checked
 * @registry_host: the registry asked
 * @products: (element-type RtProduct): the token's products
 * @granted: (element-type utf8 utf8): the repositories the secret may pull
 *
 * Returns: (transfer floating): a dialog listing each product with whether
 *   the token can pull it; present it
 */
AdwMessageDialog *
rt_access_report_new (GtkWindow  *parent,
                      const char *token_name,
                      const char *registry_host,
                      GPtrArray  *products,
                      GHashTable *granted)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  GtkWidget *list;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (token_name != NULL, NULL);
  g_return_val_if_fail (registry_host != NULL, NULL);
  g_return_val_if_fail (products != NULL, NULL);
  g_return_val_if_fail (granted != NULL, NULL);

  if (products->len == 0)
    /* Translators: the first %s is a token name, the second a registry host */
    body = g_strdup_printf (_("“%s” covers no products: it can pull nothing from %s."),
                            token_name, registry_host);
  else
    /* Translators: the first %s is a token name, the second a registry host */
    body = g_strdup_printf (_("What the saved secret of “%s” can pull from %s:"),
                            token_name, registry_host);
  dialog = new_dialog (parent, body);

  if (products->len == 0)
    return dialog;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Products"),
                                  -1);
  for (guint i = 0; i < products->len; i++)
    {
      RtProduct *product = g_ptr_array_index (products, i);

      gtk_list_box_append (GTK_LIST_BOX (list),
                           new_product_row (product, rt_access_report_product_access (product, granted)));
    }
  adw_message_dialog_set_extra_child (dialog, list);

  return dialog;
}

/**
 * rt_access_report_new_error:
 * @parent: the window the check was made from
 * @token_name: the token checked
 * @error: why the check failed (an #RtRegistryAccessError, or the keyring's)
 *
 * Returns: (transfer floating): a dialog with @error's message; present it
 */
AdwMessageDialog *
rt_access_report_new_error (GtkWindow    *parent,
                            const char   *token_name,
                            const GError *error)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (token_name != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  /* Translators: the first %s is a token name, the second what went wrong,
   * e.g. "“ci-pipeline”: The registry refused this secret. …" */
  body = g_strdup_printf (_("“%s”: %s"), token_name, error->message);

  return new_dialog (parent, body);
}
