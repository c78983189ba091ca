/* test-access-report.c: Check Access's verdict per product, and its dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-access-report.h"
#include "rt-registry-access.h"
#include "rt-test-gtk.h"

static GPtrArray *
demo_products (void)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const vision[] = { "vision-kit/camera", "vision-kit/models", NULL };
  const char * const edge[] = { "edge-os/base", NULL };
  const char * const bundle[] = { "vision-kit/camera", "edge-os/base", NULL };

  g_ptr_array_add (products, rt_product_new_full ("vision-kit", "Vision Kit", "3.0", vision));
  g_ptr_array_add (products, rt_product_new_full ("edge-os", "Edge OS", "2.1", edge));
  g_ptr_array_add (products, rt_product_new_full ("bundle", "Bundle", "1.0", bundle));
  g_ptr_array_add (products, rt_product_new ("docs", "Docs", "1.0"));

  return products;
}

static GHashTable *
granted_set (const char * const *repositories)
{
  GHashTable *granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; repositories[i] != NULL; i++)
    g_hash_table_add (granted, g_strdup (repositories[i]));

  return granted;
}

/* Each repository is asked once, in the order the products name them. */
static void
test_repositories (void)
{
  g_autoptr(GPtrArray) products = demo_products ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_auto(GStrv) repositories = rt_access_report_repositories (products);
  g_auto(GStrv) no_repositories = rt_access_report_repositories (none);
  const char * const expected[] = { "vision-kit/camera", "vision-kit/models", "edge-os/base", NULL };

  g_assert_cmpstrv (repositories, expected);
  g_assert_cmpuint (g_strv_length (no_repositories), ==, 0);
}

/* A product can be pulled only when every one of its repositories is granted. */
static void
test_product_access (void)
{
  g_autoptr(GPtrArray) products = demo_products ();
  const char * const vision_only[] = { "vision-kit/camera", "vision-kit/models", NULL };
  const char * const camera_only[] = { "vision-kit/camera", NULL };
  g_autoptr(GHashTable) granted = granted_set (vision_only);
  g_autoptr(GHashTable) partly = granted_set (camera_only);

  g_assert_cmpint (rt_access_report_product_access (g_ptr_array_index (products, 0), granted),
                   ==, RT_PRODUCT_ACCESS_CAN_PULL);
  g_assert_cmpint (rt_access_report_product_access (g_ptr_array_index (products, 1), granted),
                   ==, RT_PRODUCT_ACCESS_ENDED);
  g_assert_cmpint (rt_access_report_product_access (g_ptr_array_index (products, 2), granted),
                   ==, RT_PRODUCT_ACCESS_ENDED);
  g_assert_cmpint (rt_access_report_product_access (g_ptr_array_index (products, 3), granted),
                   ==, RT_PRODUCT_ACCESS_NO_REPOSITORIES);
  g_assert_cmpint (rt_access_report_product_access (g_ptr_array_index (products, 0), partly),
                   ==, RT_PRODUCT_ACCESS_ENDED);
}

static void
test_dialog (void)
{
  g_autoptr(GPtrArray) products = demo_products ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  const char * const vision_only[] = { "vision-kit/camera", "vision-kit/models", NULL };
  g_autoptr(GHashTable) granted = granted_set (vision_only);
  g_autoptr(GString) rows = g_string_new (NULL);
  AdwMessageDialog *dialog;

  dialog = g_object_ref_sink (rt_access_report_new (NULL, "ci-pipeline", "registry.example", products, granted));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Check Access");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "What the saved secret of “ci-pipeline” can pull from registry.example:");
  rt_test_collect_action_rows (GTK_WIDGET (dialog), rows);
  g_assert_cmpstr (rows->str, ==,
                   "Vision Kit: Can pull\n"
                   "Edge OS: Subscription ended\n"
                   "Bundle: Subscription ended\n"
                   "Docs: No registry repositories\n");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* No products: no list, and says so. */
  dialog = g_object_ref_sink (rt_access_report_new (NULL, "empty", "registry.example", none, granted));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "“empty” covers no products: it can pull nothing from registry.example.");
  g_assert_null (adw_message_dialog_get_extra_child (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_error_dialog (void)
{
  g_autoptr(GError) error = g_error_new_literal (RT_REGISTRY_ACCESS_ERROR,
                                                 RT_REGISTRY_ACCESS_ERROR_RATE_LIMITED,
                                                 "Too many failed logins.");
  AdwMessageDialog *dialog;

  dialog = g_object_ref_sink (rt_access_report_new_error (NULL, "ci-pipeline", error));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Check Access");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "“ci-pipeline”: Too many failed logins.");
  g_assert_null (adw_message_dialog_get_extra_child (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/access-report/repositories", test_repositories);
  g_test_add_func ("/access-report/product-access", test_product_access);
  g_test_add_func ("/access-report/dialog", test_dialog);
  g_test_add_func ("/access-report/error-dialog", test_error_dialog);

  return g_test_run ();
}
