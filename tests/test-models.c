/* test-models.c: the object models and their change notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libglib-testing/signal-logger.h>

#include "rt-account.h"
#include "rt-clock.h"
#include "rt-enum-types.h"
#include "rt-problem.h"
#include "rt-product.h"
#include "rt-service-user.h"
#include "rt-subscription.h"
#include "rt-token.h"

#define FAKE_NOW "2026-11-20T12:00:00Z"

static GDate *
date_from_today (int days)
{
  GDate *date = rt_clock_today ();

  if (days >= 0)
    g_date_add_days (date, (guint) days);
  else
    g_date_subtract_days (date, (guint) -days);

  return date;
}

static GPtrArray *
products_new (const char *first_name,
              ...)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      g_autofree char *id = g_ascii_strdown (name, -1);

      g_strdelimit (id, " ", '-');
      g_ptr_array_add (products, rt_product_new (id, name, "1.0"));
    }
  va_end (args);

  return products;
}

/* A token with every field set; two calls give equal, distinct tokens. */
static RtToken *
full_token_new (void)
{
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (2026, 11, 18, 9, 30, 0);
  g_autoptr(GDateTime) last_used_at = g_date_time_new_utc (2026, 11, 19, 6, 15, 30);
  g_autoptr(GDate) end_date = g_date_new_dmy (18, G_DATE_DECEMBER, 2026);
  g_autoptr(GPtrArray) products = products_new ("Motion SDK", "Vision Kit", NULL);
  RtToken *token;

  token = g_object_new (RT_TYPE_TOKEN,
                        "id", "tok_3f9a0c1d2e4b5a69",
                        "name", "ci-pipeline",
                        "token-type", RT_TOKEN_TYPE_USER,
                        "username", "acme+ci-pipeline",
                        "status", RT_TOKEN_STATUS_ACTIVE,
                        "created-at", created_at,
                        "subscription-end-date", end_date,
                        "created-by", "Mia Member",
                        "created-for", "Mia Member",
                        "last-used-at", last_used_at,
                        NULL);
  rt_token_set_products (token, products);

  return token;
}

static int
compare_words (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Pops every logged emission and returns them sorted, one word each:
 * "notify::name", "items-changed(1,1,2)". The order of notifications
 * released by a thaw is GLib's business, so only the set is compared. */
static char *
pop_emissions (GtSignalLogger *logger)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  gpointer object = NULL;
  char *type_name = NULL;
  char *signal_name = NULL;
  GtSignalLoggerEmission *emission = NULL;

  while (gt_signal_logger_pop_emission (logger, &object, &type_name, &signal_name, &emission))
    {
      if (g_str_equal (signal_name, "notify"))
        {
          GParamSpec *pspec = NULL;

          gt_signal_logger_emission_get_params (emission, &pspec);
          g_ptr_array_add (words, g_strconcat ("notify::", pspec->name, NULL));
          g_param_spec_unref (pspec);
        }
      else if (g_str_equal (signal_name, "items-changed"))
        {
          guint position, removed, added;

          gt_signal_logger_emission_get_params (emission, &position, &removed, &added);
          g_ptr_array_add (words, g_strdup_printf ("items-changed(%u,%u,%u)",
                                                   position, removed, added));
        }
      else
        g_assert_not_reached ();

      g_clear_pointer (&type_name, g_free);
      g_clear_pointer (&signal_name, g_free);
      g_clear_pointer (&emission, gt_signal_logger_emission_free);
    }

  g_ptr_array_sort (words, compare_words);
  g_ptr_array_add (words, NULL);

  return g_strjoinv (" ", (char **) words->pdata);
}

static GtSignalLogger *
token_logger_new (RtToken *token)
{
  GtSignalLogger *logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, token, "notify");
  gt_signal_logger_connect (logger, rt_token_get_products (token), "items-changed");

  return logger;
}

#define assert_emissions(logger, expected) \
  G_STMT_START { \
    g_autofree char *ae_actual = pop_emissions (logger); \
    g_assert_cmpstr (ae_actual, ==, expected); \
  } G_STMT_END

/* --- small models ---------------------------------------------------------- */

static void
test_clock (void)
{
  g_autoptr(GDateTime) now = rt_clock_now_utc ();
  g_autoptr(GDate) today = rt_clock_today ();
  g_autoptr(GDateTime) late = NULL;
  g_autoptr(GDate) next_day = NULL;

  g_assert_cmpint (g_date_time_get_year (now), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 12);
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
  g_assert_cmpint (g_date_get_day (today), ==, 20);
  g_assert_cmpint (g_date_get_month (today), ==, G_DATE_NOVEMBER);
  g_assert_cmpint (g_date_get_year (today), ==, 2026);
  g_assert_cmpuint (rt_clock_seconds_until_next_day (), ==, 12 * 60 * 60);

  /* "Today" is the UTC day, whatever offset the fake clock is written in. */
  g_setenv ("RT_FAKE_NOW", "2026-11-20T23:30:00-05:00", TRUE);
  late = rt_clock_now_utc ();
  next_day = rt_clock_today ();
  g_assert_cmpint (g_date_time_get_hour (late), ==, 4);
  g_assert_cmpint (g_date_get_day (next_day), ==, 21);
  g_assert_cmpuint (rt_clock_seconds_until_next_day (), ==, 19 * 60 * 60 + 30 * 60);
  g_setenv ("RT_FAKE_NOW", FAKE_NOW, TRUE);
}

static void
test_enums (void)
{
  g_autoptr(GEnumClass) status_class = g_type_class_ref (RT_TYPE_TOKEN_STATUS);
  RtTokenType type = RT_TOKEN_TYPE_USER;
  RtTokenStatus status = RT_TOKEN_STATUS_ACTIVE;
  RtRole role = RT_ROLE_MEMBER;

  g_assert_cmpstr (rt_token_type_to_string (RT_TOKEN_TYPE_SERVICE), ==, "service");
  g_assert_true (rt_token_type_from_string ("service", &type));
  g_assert_cmpint (type, ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_false (rt_token_type_from_string ("Service", &type));
  g_assert_false (rt_token_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, RT_TOKEN_TYPE_SERVICE);

  g_assert_cmpstr (rt_token_status_to_string (RT_TOKEN_STATUS_EXPIRED), ==, "expired");
  g_assert_true (rt_token_status_from_string ("expired", &status));
  g_assert_cmpint (status, ==, RT_TOKEN_STATUS_EXPIRED);
  g_assert_false (rt_token_status_from_string ("revoked", &status));

  g_assert_cmpstr (rt_role_to_string (RT_ROLE_ADMIN), ==, "admin");
  g_assert_true (rt_role_from_string ("admin", &role));
  g_assert_cmpint (role, ==, RT_ROLE_ADMIN);
  g_assert_false (rt_role_from_string ("owner", &role));

  /* glib-mkenums registered the types, with the wire names as nicks. */
  g_assert_cmpstr (g_enum_get_value (status_class, RT_TOKEN_STATUS_EXPIRED)->value_nick, ==,
                   "expired");
  g_assert_true (G_TYPE_IS_ENUM (RT_TYPE_TOKEN_TYPE));
  g_assert_true (G_TYPE_IS_ENUM (RT_TYPE_ROLE));
}

static void
test_product (void)
{
  RtProduct *product = rt_product_new ("vision-kit", "Vision Kit", "3.0");
  g_autoptr(RtProduct) same = rt_product_new ("vision-kit", "Vision Kit", "3.0");
  g_autoptr(RtProduct) newer = rt_product_new ("vision-kit", "Vision Kit", "3.1");
  g_autoptr(RtProduct) renamed = rt_product_new ("vision-kit", "VisionKit", "3.0");
  const char * const camera[] = { "vision-kit/camera", NULL };
  g_autoptr(RtProduct) with_repository = rt_product_new_full ("vision-kit", "Vision Kit", "3.0",
                                                              camera);
  g_auto(GStrv) repositories = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;

  g_assert_cmpstr (rt_product_get_id (product), ==, "vision-kit");
  g_assert_cmpstr (rt_product_get_name (product), ==, "Vision Kit");
  g_assert_cmpstr (rt_product_get_version (product), ==, "3.0");

  g_object_get (product, "id", &id, "name", &name, "version", &version, NULL);
  g_assert_cmpstr (id, ==, "vision-kit");
  g_assert_cmpstr (name, ==, "Vision Kit");
  g_assert_cmpstr (version, ==, "3.0");

  g_assert_true (rt_product_equal (product, product));
  g_assert_true (rt_product_equal (product, same));
  g_assert_false (rt_product_equal (product, newer));
  g_assert_false (rt_product_equal (product, renamed));
  g_assert_false (rt_product_equal (product, with_repository));

  g_assert_cmpuint (g_strv_length ((GStrv) rt_product_get_repositories (product)), ==, 0);
  g_object_get (with_repository, "repositories", &repositories, NULL);
  g_assert_cmpstrv (repositories, camera);

  g_assert_finalize_object (product);
}

static void
test_service_user (void)
{
  RtServiceUser *user = rt_service_user_new ("svc_deploy", "deploy-bot");
  g_autofree char *name = NULL;

  g_assert_cmpstr (rt_service_user_get_id (user), ==, "svc_deploy");
  g_assert_cmpstr (rt_service_user_get_name (user), ==, "deploy-bot");
  g_object_get (user, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "deploy-bot");
  g_assert_finalize_object (user);
}

static void
test_account (void)
{
  RtAccount *account;
  g_autofree char *user_id = NULL;
  g_autofree char *email = NULL;
  g_autofree char *project_name = NULL;
  g_autofree char *registry = NULL;
  RtRole role = RT_ROLE_MEMBER;

  account = rt_account_new ("u_ada", "Ada Admin", "ada@acme.example",
                            "acme", "Acme Robotics", RT_ROLE_ADMIN,
                            "registry.example.test");
  g_assert_cmpstr (rt_account_get_user_id (account), ==, "u_ada");
  g_assert_cmpstr (rt_account_get_user_name (account), ==, "Ada Admin");
  g_assert_cmpstr (rt_account_get_user_email (account), ==, "ada@acme.example");
  g_assert_cmpstr (rt_account_get_project_id (account), ==, "acme");
  g_assert_cmpstr (rt_account_get_project_name (account), ==, "Acme Robotics");
  g_assert_cmpint (rt_account_get_role (account), ==, RT_ROLE_ADMIN);
  g_assert_cmpstr (rt_account_get_registry (account), ==, "registry.example.test");

  g_object_get (account,
                "user-id", &user_id,
                "user-email", &email,
                "project-name", &project_name,
                "role", &role,
                "registry", &registry,
                NULL);
  g_assert_cmpstr (user_id, ==, "u_ada");
  g_assert_cmpstr (email, ==, "ada@acme.example");
  g_assert_cmpstr (project_name, ==, "Acme Robotics");
  g_assert_cmpint (role, ==, RT_ROLE_ADMIN);
  g_assert_cmpstr (registry, ==, "registry.example.test");

  g_assert_finalize_object (account);
}

static void
test_subscription (void)
{
  g_autoptr(GDate) end_date = g_date_new_dmy (18, G_DATE_DECEMBER, 2026);
  g_autoptr(GPtrArray) products = products_new ("Motion SDK", "Vision Kit", NULL);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GDate) property_date = NULL;
  g_autoptr(RtProduct) first = NULL;
  RtSubscription *subscription;

  subscription = rt_subscription_new ("sub_vision", end_date, products);

  /* The end date is a copy. */
  g_date_add_days (end_date, 1);

  g_assert_cmpstr (rt_subscription_get_id (subscription), ==, "sub_vision");
  g_assert_cmpint (g_date_get_day (rt_subscription_get_end_date (subscription)), ==, 18);
  g_assert_cmpuint (g_list_model_get_n_items (rt_subscription_get_products (subscription)), ==, 2);
  first = g_list_model_get_item (rt_subscription_get_products (subscription), 0);
  g_assert_true (first == g_ptr_array_index (products, 0));

  g_object_get (subscription, "products", &model, "end-date", &property_date, NULL);
  g_assert_true (model == rt_subscription_get_products (subscription));
  g_assert_cmpint (g_date_compare (property_date, rt_subscription_get_end_date (subscription)),
                   ==, 0);

  g_clear_object (&model);
  g_clear_object (&first);
  g_assert_finalize_object (subscription);
}

static void
test_problem (void)
{
  g_autoptr(GHashTable) field_errors = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *fields;
  RtProblem *problem;

  g_hash_table_insert (field_errors, (gpointer) "type", (gpointer) "unknown type");
  g_hash_table_insert (field_errors, (gpointer) "name", (gpointer) "too short");

  problem = rt_problem_new ("urn:registry-tokens:problem:validation", "Invalid request",
                            422, NULL, field_errors);
  g_hash_table_remove_all (field_errors);

  g_assert_cmpstr (rt_problem_get_type_uri (problem), ==, "urn:registry-tokens:problem:validation");
  g_assert_cmpstr (rt_problem_get_kind (problem), ==, "validation");
  g_assert_true (rt_problem_has_kind (problem, "validation"));
  g_assert_cmpstr (rt_problem_get_title (problem), ==, "Invalid request");
  g_assert_cmpuint (rt_problem_get_status (problem), ==, 422);
  g_assert_null (rt_problem_get_detail (problem));

  fields = rt_problem_get_fields (problem);
  g_assert_cmpstr (fields[0], ==, "name");
  g_assert_cmpstr (fields[1], ==, "type");
  g_assert_null (fields[2]);
  g_assert_cmpstr (rt_problem_get_field_error (problem, "name"), ==, "too short");
  g_assert_cmpstr (rt_problem_get_field_error (problem, "type"), ==, "unknown type");
  g_assert_finalize_object (problem);

  problem = rt_problem_new ("about:blank", "Bad Gateway", 502, "upstream", NULL);
  g_assert_null (rt_problem_get_kind (problem));
  g_assert_false (rt_problem_has_kind (problem, "internal"));
  g_assert_cmpstr (rt_problem_get_detail (problem), ==, "upstream");
  g_assert_null (rt_problem_get_fields (problem)[0]);
  g_assert_finalize_object (problem);
}

/* --- tokens ---------------------------------------------------------------- */

static void
test_token_properties (void)
{
  RtToken *token = full_token_new ();
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *username = NULL;
  g_autofree char *created_by = NULL;
  g_autofree char *created_for = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) last_used_at = NULL;
  g_autoptr(GDate) end_date = NULL;
  g_autoptr(GListModel) products = NULL;
  RtTokenType type = RT_TOKEN_TYPE_SERVICE;
  RtTokenStatus status = RT_TOKEN_STATUS_EXPIRED;
  int days_left = 0;
  gboolean expiring_soon = FALSE;
  guint expiring_soon_days = 0;

  g_object_get (token,
                "id", &id,
                "name", &name,
                "token-type", &type,
                "username", &username,
                "status", &status,
                "created-at", &created_at,
                "subscription-end-date", &end_date,
                "products", &products,
                "created-by", &created_by,
                "created-for", &created_for,
                "last-used-at", &last_used_at,
                "days-left", &days_left,
                "expiring-soon", &expiring_soon,
                "expiring-soon-days", &expiring_soon_days,
                "products-label", &label,
                NULL);

  g_assert_cmpstr (id, ==, "tok_3f9a0c1d2e4b5a69");
  g_assert_cmpstr (id, ==, rt_token_get_id (token));
  g_assert_cmpstr (name, ==, "ci-pipeline");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
  g_assert_cmpint (type, ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpint (rt_token_get_token_type (token), ==, RT_TOKEN_TYPE_USER);
  g_assert_cmpstr (username, ==, "acme+ci-pipeline");
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+ci-pipeline");
  g_assert_cmpint (status, ==, RT_TOKEN_STATUS_ACTIVE);
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_ACTIVE);
  g_assert_cmpint (g_date_time_get_hour (created_at), ==, 9);
  g_assert_true (g_date_time_equal (created_at, rt_token_get_created_at (token)));
  g_assert_cmpint (g_date_compare (end_date, rt_token_get_subscription_end_date (token)), ==, 0);
  g_assert_cmpint (g_date_get_day (end_date), ==, 18);
  g_assert_true (products == rt_token_get_products (token));
  g_assert_true (g_list_model_get_item_type (products) == RT_TYPE_PRODUCT);
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 2);
  g_assert_cmpstr (created_by, ==, "Mia Member");
  g_assert_cmpstr (rt_token_get_created_by (token), ==, "Mia Member");
  g_assert_cmpstr (created_for, ==, "Mia Member");
  g_assert_cmpstr (rt_token_get_created_for (token), ==, "Mia Member");
  g_assert_true (g_date_time_equal (last_used_at, rt_token_get_last_used_at (token)));
  /* From 2026-11-20 to 2026-12-18. */
  g_assert_cmpint (days_left, ==, 28);
  g_assert_cmpint (rt_token_get_days_left (token), ==, 28);
  g_assert_true (expiring_soon);
  g_assert_cmpuint (expiring_soon_days, ==, RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS);
  g_assert_cmpuint (expiring_soon_days, ==, 30);
  g_assert_cmpstr (label, ==, "Motion SDK, Vision Kit");

  g_clear_object (&products);
  g_assert_finalize_object (token);
}

/* A token keeps its times as instants: microseconds survive, times before
 * 1970 too, and another zone's time reads back in UTC, equal and silent. */
static void
test_token_times (void)
{
  RtToken *token = rt_token_new ("tok_times");
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) precise = g_date_time_new_utc (2026, 11, 19, 6, 15, 30.250001);
  g_autoptr(GDateTime) old = g_date_time_new_utc (1969, 12, 31, 23, 59, 59.5);
  g_autoptr(GDateTime) zoned = g_date_time_new (zone, 2026, 11, 19, 8, 15, 30.250001);
  g_autoptr(GDateTime) read = NULL;
  GtSignalLogger *logger;

  rt_token_set_created_at (token, precise);
  rt_token_set_last_used_at (token, old);
  g_assert_cmpint (g_date_time_difference (rt_token_get_created_at (token), precise), ==, 0);
  g_assert_cmpint (g_date_time_get_microsecond (rt_token_get_created_at (token)), ==,
                   g_date_time_get_microsecond (precise));
  g_assert_cmpint (g_date_time_difference (rt_token_get_last_used_at (token), old), ==, 0);
  g_assert_cmpint (g_date_time_get_year (rt_token_get_last_used_at (token)), ==, 1969);

  g_object_get (token, "created-at", &read, NULL);
  g_assert_true (g_date_time_equal (read, precise));

  logger = token_logger_new (token);
  rt_token_set_created_at (token, zoned);
  assert_emissions (logger, "");
  g_assert_cmpint (g_date_time_get_utc_offset (rt_token_get_created_at (token)), ==, 0);

  rt_token_set_created_at (token, NULL);
  assert_emissions (logger, "notify::created-at");
  g_assert_null (rt_token_get_created_at (token));

  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (token);
}

static void
test_token_defaults (void)
{
  RtToken *token = rt_token_new ("tok_empty");

  g_assert_cmpstr (rt_token_get_id (token), ==, "tok_empty");
  g_assert_null (rt_token_get_name (token));
  g_assert_null (rt_token_get_created_at (token));
  g_assert_null (rt_token_get_subscription_end_date (token));
  g_assert_null (rt_token_get_last_used_at (token));
  g_assert_cmpuint (g_list_model_get_n_items (rt_token_get_products (token)), ==, 0);
  g_assert_cmpint (rt_token_get_days_left (token), ==, RT_TOKEN_DAYS_LEFT_NONE);
  g_assert_false (rt_token_get_expiring_soon (token));
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "");
  g_assert_finalize_object (token);
}

static void
test_token_setters_notify_on_change (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);
  g_autoptr(GDateTime) same_instant = NULL;
  g_autoptr(GDate) same_date = g_date_new_dmy (18, G_DATE_DECEMBER, 2026);

  same_instant = g_date_time_new_from_iso8601 ("2026-11-18T10:30:00+01:00", NULL);
  rt_token_set_name (token, "ci-pipeline");
  rt_token_set_token_type (token, RT_TOKEN_TYPE_USER);
  rt_token_set_status (token, RT_TOKEN_STATUS_ACTIVE);
  rt_token_set_created_at (token, same_instant);
  rt_token_set_subscription_end_date (token, same_date);
  rt_token_set_expiring_soon_days (token, 30);
  g_object_set (token, "created-by", "Mia Member", NULL);
  assert_emissions (logger, "");

  rt_token_set_name (token, "ci");
  assert_emissions (logger, "notify::name");
  g_object_set (token, "created-for", "deploy-bot", NULL);
  assert_emissions (logger, "notify::created-for");
  rt_token_set_last_used_at (token, NULL);
  assert_emissions (logger, "notify::last-used-at");
  rt_token_set_last_used_at (token, NULL);
  assert_emissions (logger, "");
  rt_token_set_token_type (token, RT_TOKEN_TYPE_SERVICE);
  assert_emissions (logger, "notify::token-type");
}

static void
test_token_days_left (void)
{
  static const int offsets[] = { 0, 1, -1, 30, 31, -400, 365 };
  g_autoptr(RtToken) token = rt_token_new ("tok_days");

  g_assert_cmpint (rt_token_get_days_left (token), ==, RT_TOKEN_DAYS_LEFT_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(GDate) end_date = date_from_today (offsets[i]);

      rt_token_set_subscription_end_date (token, end_date);
      g_assert_cmpint (rt_token_get_days_left (token), ==, offsets[i]);
    }

  rt_token_set_subscription_end_date (token, NULL);
  g_assert_cmpint (rt_token_get_days_left (token), ==, RT_TOKEN_DAYS_LEFT_NONE);
}

static void
test_token_expiring_soon (void)
{
  static const struct {
    int days;
    RtTokenStatus status;
    guint threshold;
    gboolean expiring_soon;
  } cases[] = {
    { 0, RT_TOKEN_STATUS_ACTIVE, 30, TRUE },
    { 29, RT_TOKEN_STATUS_ACTIVE, 30, TRUE },
    { 30, RT_TOKEN_STATUS_ACTIVE, 30, TRUE },
    { 31, RT_TOKEN_STATUS_ACTIVE, 30, FALSE },
    { 31, RT_TOKEN_STATUS_ACTIVE, 31, TRUE },
    { 7, RT_TOKEN_STATUS_ACTIVE, 7, TRUE },
    { 8, RT_TOKEN_STATUS_ACTIVE, 7, FALSE },
    { 0, RT_TOKEN_STATUS_ACTIVE, 0, TRUE },
    { 1, RT_TOKEN_STATUS_ACTIVE, 0, FALSE },
    /* Past its end by our clock but not yet reported expired. */
    { -1, RT_TOKEN_STATUS_ACTIVE, 30, TRUE },
    { -1, RT_TOKEN_STATUS_EXPIRED, 30, FALSE },
    { 10, RT_TOKEN_STATUS_EXPIRED, 30, FALSE },
  };
  g_autoptr(RtToken) token = rt_token_new ("tok_soon");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) end_date = date_from_today (cases[i].days);

      rt_token_set_subscription_end_date (token, end_date);
      rt_token_set_status (token, cases[i].status);
      rt_token_set_expiring_soon_days (token, cases[i].threshold);
      g_test_message ("%d days, status %d, threshold %u",
                      cases[i].days, cases[i].status, cases[i].threshold);
      g_assert_cmpint (rt_token_get_expiring_soon (token), ==, cases[i].expiring_soon);
    }

  /* Without an end date a token never expires soon. */
  rt_token_set_status (token, RT_TOKEN_STATUS_ACTIVE);
  rt_token_set_subscription_end_date (token, NULL);
  g_assert_false (rt_token_get_expiring_soon (token));
}

static void
test_token_threshold_notifies (void)
{
  g_autoptr(RtToken) token = rt_token_new ("tok_threshold");
  g_autoptr(GDate) end_date = date_from_today (31);
  g_autoptr(GtSignalLogger) logger = NULL;

  rt_token_set_subscription_end_date (token, end_date);
  g_assert_false (rt_token_get_expiring_soon (token));

  logger = token_logger_new (token);
  rt_token_set_expiring_soon_days (token, 31);
  assert_emissions (logger, "notify::expiring-soon notify::expiring-soon-days");
  rt_token_set_expiring_soon_days (token, 60);
  assert_emissions (logger, "notify::expiring-soon-days");
  g_object_set (token, "expiring-soon-days", 60, NULL);
  assert_emissions (logger, "");
  rt_token_set_status (token, RT_TOKEN_STATUS_EXPIRED);
  assert_emissions (logger, "notify::expiring-soon notify::status");
}

static void
test_token_products_label (void)
{
  g_autoptr(RtToken) token = rt_token_new ("tok_label");
  g_autoptr(GPtrArray) one = products_new ("Vision Kit", NULL);
  g_autoptr(GPtrArray) unsorted = products_new ("Vision Kit", "Motion SDK", "Audio Lab", NULL);
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  g_assert_cmpstr (rt_token_get_products_label (token), ==, "");

  rt_token_set_products (token, one);
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "Vision Kit");
  assert_emissions (logger, "items-changed(0,0,1) notify::products-label");

  /* In the order given: the API sorts, the model does not re-sort. */
  rt_token_set_products (token, unsorted);
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "Vision Kit, Motion SDK, Audio Lab");
  assert_emissions (logger, "items-changed(1,0,2) notify::products-label");

  rt_token_set_products (token, NULL);
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "");
  assert_emissions (logger, "items-changed(0,3,0) notify::products-label");
}

static void
test_token_minimal_splice (void)
{
  g_autoptr(RtToken) token = rt_token_new ("tok_splice");
  g_autoptr(GPtrArray) abcd = products_new ("A", "B", "C", "D", NULL);
  g_autoptr(GPtrArray) abcd_copy = products_new ("A", "B", "C", "D", NULL);
  g_autoptr(GPtrArray) abxd = products_new ("A", "B", "X", "D", NULL);
  g_autoptr(GPtrArray) ad = products_new ("A", "D", NULL);
  g_autoptr(GPtrArray) ade = products_new ("A", "D", "E", NULL);
  g_autoptr(GtSignalLogger) logger = NULL;
  g_autoptr(RtProduct) kept = NULL;

  rt_token_set_products (token, abcd);
  logger = token_logger_new (token);

  /* Equal products, other objects: nothing changes, the old objects stay. */
  rt_token_set_products (token, abcd_copy);
  assert_emissions (logger, "");
  kept = g_list_model_get_item (rt_token_get_products (token), 0);
  g_assert_true (kept == g_ptr_array_index (abcd, 0));

  rt_token_set_products (token, abxd);
  assert_emissions (logger, "items-changed(2,1,1) notify::products-label");
  rt_token_set_products (token, ad);
  assert_emissions (logger, "items-changed(1,2,0) notify::products-label");
  rt_token_set_products (token, ade);
  assert_emissions (logger, "items-changed(2,0,1) notify::products-label");
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "A, D, E");
}

static void
test_token_refresh_derived (void)
{
  g_autoptr(RtToken) token = rt_token_new ("tok_midnight");
  g_autoptr(GDate) end_date = g_date_new_dmy (20, G_DATE_DECEMBER, 2026);
  g_autoptr(GtSignalLogger) logger = NULL;

  /* 31 days before the end: not yet expiring soon. */
  g_setenv ("RT_FAKE_NOW", "2026-11-19T23:59:59Z", TRUE);
  rt_token_set_subscription_end_date (token, end_date);
  g_assert_cmpint (rt_token_get_days_left (token), ==, 31);
  g_assert_false (rt_token_get_expiring_soon (token));

  logger = token_logger_new (token);

  /* The same day: nothing to notify. */
  rt_token_refresh_derived (token);
  assert_emissions (logger, "");

  /* Midnight passes. */
  g_setenv ("RT_FAKE_NOW", "2026-11-20T00:00:01Z", TRUE);
  rt_token_refresh_derived (token);
  g_assert_cmpint (rt_token_get_days_left (token), ==, 30);
  g_assert_true (rt_token_get_expiring_soon (token));
  assert_emissions (logger, "notify::days-left notify::expiring-soon");

  /* Another day: only the count changes. */
  g_setenv ("RT_FAKE_NOW", "2026-11-21T08:00:00Z", TRUE);
  rt_token_refresh_derived (token);
  g_assert_cmpint (rt_token_get_days_left (token), ==, 29);
  assert_emissions (logger, "notify::days-left");

  rt_token_refresh_derived (token);
  assert_emissions (logger, "");

  g_setenv ("RT_FAKE_NOW", FAKE_NOW, TRUE);
}

/* --- rt_token_update_from() ------------------------------------------------ */

static void
test_update_identical (void)
{
  RtToken *token = full_token_new ();
  RtToken *copy = full_token_new ();
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);
  g_autoptr(RtProduct) before = g_list_model_get_item (rt_token_get_products (token), 1);
  g_autoptr(RtProduct) after = NULL;

  rt_token_update_from (token, copy);
  assert_emissions (logger, "");

  /* Same instant in another zone is no change either. */
  {
    g_autoptr(GDateTime) shifted = g_date_time_new_from_iso8601 ("2026-11-18T11:30:00+02:00", NULL);

    rt_token_set_created_at (copy, shifted);
    rt_token_update_from (token, copy);
    assert_emissions (logger, "");
  }

  after = g_list_model_get_item (rt_token_get_products (token), 1);
  g_assert_true (before == after);

  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (copy);
  g_clear_object (&before);
  g_clear_object (&after);
  g_assert_finalize_object (token);
}

static void
test_update_name (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) renamed = full_token_new ();
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  rt_token_set_name (renamed, "ci-pipeline-2");
  rt_token_update_from (token, renamed);
  assert_emissions (logger, "notify::name");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline-2");

  rt_token_update_from (token, renamed);
  assert_emissions (logger, "");
}

static void
test_update_products (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) resynced = full_token_new ();
  g_autoptr(GPtrArray) products = products_new ("Audio Lab", "Motion SDK", "Vision Kit", NULL);
  g_autoptr(GPtrArray) upgraded = products_new ("Audio Lab", "Motion SDK", "Vision Kit", NULL);
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  rt_token_set_products (resynced, products);
  rt_token_update_from (token, resynced);
  assert_emissions (logger, "items-changed(0,0,1) notify::products-label");
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "Audio Lab, Motion SDK, Vision Kit");

  /* A new version of one product: one item replaced, the label unchanged. */
  g_object_unref (g_ptr_array_index (upgraded, 1));
  g_ptr_array_index (upgraded, 1) = rt_product_new ("motion-sdk", "Motion SDK", "6.0");
  rt_token_set_products (resynced, upgraded);
  rt_token_update_from (token, resynced);
  assert_emissions (logger, "items-changed(1,1,1)");
}

static void
test_update_status (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) expired = full_token_new ();
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  rt_token_set_status (expired, RT_TOKEN_STATUS_EXPIRED);
  rt_token_update_from (token, expired);
  assert_emissions (logger, "notify::expiring-soon notify::status");
  g_assert_cmpint (rt_token_get_status (token), ==, RT_TOKEN_STATUS_EXPIRED);
  g_assert_false (rt_token_get_expiring_soon (token));
}

static void
test_update_dates (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) other = full_token_new ();
  g_autoptr(GDate) later = g_date_new_dmy (31, G_DATE_MARCH, 2027);
  g_autoptr(GDate) soon = g_date_new_dmy (18, G_DATE_DECEMBER, 2026);
  g_autoptr(GDate) sooner = g_date_new_dmy (17, G_DATE_DECEMBER, 2026);
  g_autoptr(GDateTime) used = g_date_time_new_utc (2026, 11, 20, 11, 0, 0);
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  /* Renewed: the end date moves past the threshold. */
  rt_token_set_subscription_end_date (other, later);
  rt_token_update_from (token, other);
  assert_emissions (logger,
                    "notify::days-left notify::expiring-soon notify::subscription-end-date");
  g_assert_cmpint (rt_token_get_days_left (token), ==, 131);

  /* Back within the threshold. */
  rt_token_set_subscription_end_date (other, soon);
  rt_token_update_from (token, other);
  assert_emissions (logger,
                    "notify::days-left notify::expiring-soon notify::subscription-end-date");

  /* A day sooner, still expiring soon: expiring-soon stays quiet. */
  rt_token_set_subscription_end_date (other, sooner);
  rt_token_update_from (token, other);
  assert_emissions (logger, "notify::days-left notify::subscription-end-date");
  g_assert_cmpint (rt_token_get_days_left (token), ==, 27);

  /* No end date at all. */
  rt_token_set_subscription_end_date (other, NULL);
  rt_token_update_from (token, other);
  assert_emissions (logger,
                    "notify::days-left notify::expiring-soon notify::subscription-end-date");
  g_assert_cmpint (rt_token_get_days_left (token), ==, RT_TOKEN_DAYS_LEFT_NONE);

  rt_token_set_last_used_at (other, used);
  rt_token_update_from (token, other);
  assert_emissions (logger, "notify::last-used-at");
  g_assert_true (g_date_time_equal (rt_token_get_last_used_at (token), used));

  rt_token_set_last_used_at (other, NULL);
  rt_token_update_from (token, other);
  assert_emissions (logger, "notify::last-used-at");
  g_assert_null (rt_token_get_last_used_at (token));
}

static void
test_update_everything (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) other = rt_token_new (rt_token_get_id (token));
  g_autoptr(GDateTime) created_at = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  rt_token_set_name (other, "deploy");
  rt_token_set_token_type (other, RT_TOKEN_TYPE_SERVICE);
  rt_token_set_username (other, "acme+deploy");
  rt_token_set_status (other, RT_TOKEN_STATUS_EXPIRED);
  rt_token_set_created_at (other, created_at);
  rt_token_set_created_by (other, "Ada Admin");
  rt_token_set_created_for (other, "deploy-bot");
  rt_token_set_expiring_soon_days (other, 3);

  rt_token_update_from (token, other);
  assert_emissions (logger,
                    "items-changed(0,2,0) "
                    "notify::created-at notify::created-by notify::created-for "
                    "notify::days-left notify::expiring-soon notify::last-used-at "
                    "notify::name notify::products-label notify::status "
                    "notify::subscription-end-date notify::token-type notify::username");

  /* The threshold is this object's display setting, not an API field. */
  g_assert_cmpuint (rt_token_get_expiring_soon_days (token), ==, 30);
  g_assert_cmpstr (rt_token_get_username (token), ==, "acme+deploy");
  g_assert_cmpstr (rt_token_get_products_label (token), ==, "");
}

static void
test_update_wrong_id (void)
{
  g_autoptr(RtToken) token = full_token_new ();
  g_autoptr(RtToken) stranger = rt_token_new ("tok_someone_else");
  g_autoptr(GtSignalLogger) logger = token_logger_new (token);

  rt_token_set_name (stranger, "intruder");

  g_test_expect_message ("RtCore", G_LOG_LEVEL_CRITICAL, "*g_strcmp0*");
  rt_token_update_from (token, stranger);
  g_test_assert_expected_messages ();

  assert_emissions (logger, "");
  g_assert_cmpstr (rt_token_get_name (token), ==, "ci-pipeline");
}

int
main (int   argc,
      char *argv[])
{
  /* Before the first use of the clock. */
  g_setenv ("RT_FAKE_NOW", FAKE_NOW, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/clock", test_clock);
  g_test_add_func ("/models/enums", test_enums);
  g_test_add_func ("/models/product", test_product);
  g_test_add_func ("/models/service-user", test_service_user);
  g_test_add_func ("/models/account", test_account);
  g_test_add_func ("/models/subscription", test_subscription);
  g_test_add_func ("/models/problem", test_problem);

  g_test_add_func ("/models/token/properties", test_token_properties);
  g_test_add_func ("/models/token/defaults", test_token_defaults);
  g_test_add_func ("/models/token/times", test_token_times);
  g_test_add_func ("/models/token/setters-notify-on-change", test_token_setters_notify_on_change);
  g_test_add_func ("/models/token/days-left", test_token_days_left);
  g_test_add_func ("/models/token/expiring-soon", test_token_expiring_soon);
  g_test_add_func ("/models/token/threshold-notifies", test_token_threshold_notifies);
  g_test_add_func ("/models/token/products-label", test_token_products_label);
  g_test_add_func ("/models/token/minimal-splice", test_token_minimal_splice);
  g_test_add_func ("/models/token/refresh-derived", test_token_refresh_derived);

  g_test_add_func ("/models/token/update-from/identical", test_update_identical);
  g_test_add_func ("/models/token/update-from/name", test_update_name);
  g_test_add_func ("/models/token/update-from/products", test_update_products);
  g_test_add_func ("/models/token/update-from/status", test_update_status);
  g_test_add_func ("/models/token/update-from/dates", test_update_dates);
  g_test_add_func ("/models/token/update-from/everything", test_update_everything);
  g_test_add_func ("/models/token/update-from/wrong-id", test_update_wrong_id);

  return g_test_run ();
}
