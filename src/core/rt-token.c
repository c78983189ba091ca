/* rt-token.c: a registry token, as the API describes it, plus derived state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-clock.h"
#include "rt-enum-types.h"
#include "rt-token.h"
#include "rt-token-private.h"

/* A token mirrors the API's Token object. The window keeps one RtToken per id
 * for its lifetime and refreshes it in place with rt_token_update_from(), so
 * every setter notifies only on a real change: a refresh that changes nothing
 * must not make list rows rebuild or lose their selection.
 *
 * days-left, expiring-soon and products-label are derived. They are cached and
 * recomputed whenever their inputs change, and by rt_token_refresh_derived()
 * when the day changes, so that they notify like any other property. */

G_DEFINE_FINAL_TYPE (RtToken, rt_token, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TOKEN_TYPE,
  PROP_USERNAME,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_SUBSCRIPTION_END_DATE,
  PROP_PRODUCTS,
  PROP_CREATED_BY,
  PROP_CREATED_FOR,
  PROP_LAST_USED_AT,
  PROP_DAYS_LEFT,
  PROP_EXPIRING_SOON,
  PROP_EXPIRING_SOON_DAYS,
  PROP_PRODUCTS_LABEL,
  PROP_BUSY,
  PROP_HAS_SAVED_SECRET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
build_products_label (GPtrArray *products)
{
  g_autoptr(GString) label = g_string_new (NULL);
  guint n_items = products != NULL ? products->len : 0;

  for (guint i = 0; i < n_items; i++)
    {
      RtProduct *product = g_ptr_array_index (products, i);

      if (i > 0)
        g_string_append (label, ", ");
      g_string_append (label, rt_product_get_name (product));
    }

  return g_string_free (g_steal_pointer (&label), FALSE);
}

void
_rt_token_recompute_derived (RtToken *self)
{
  int days_left = RT_TOKEN_DAYS_LEFT_NONE;
  gboolean expiring_soon = FALSE;
  g_autofree char *label = NULL;

  if (self->updating)
    return;

  if (g_date_valid (&self->end_date))
    {
      g_autoptr(GDate) today = rt_clock_today ();

      days_left = g_date_days_between (today, &self->end_date);
    }

  /* An active token whose end date has already passed by our clock is about
   * to be reported expired, so it counts as expiring soon too. */
  expiring_soon = (self->status == RT_TOKEN_STATUS_ACTIVE &&
                   days_left != RT_TOKEN_DAYS_LEFT_NONE &&
                   (gint64) days_left <= (gint64) self->expiring_soon_days);

  label = build_products_label (self->products);

  if (days_left != self->days_left)
    {
      self->days_left = days_left;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS_LEFT]);
    }

  if (expiring_soon != self->expiring_soon)
    {
      self->expiring_soon = expiring_soon;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING_SOON]);
    }

  if (strcmp (label, rt_token_get_products_label (self)) != 0)
    {
      g_clear_pointer (&self->products_label, g_ref_string_release);
      if (*label != '\0')
        self->products_label = g_ref_string_new (label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCTS_LABEL]);
    }
}

static gboolean
set_string (RtToken     *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

/* Not interned: GLib before 2.78 can free an interned string that another
 * thread is taking, and pages are parsed in a worker. */
static gboolean
set_ref_string (RtToken     *self,
                GRefString **field,
                const char  *value,
                guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_clear_pointer (field, g_ref_string_release);
  if (value != NULL)
    *field = g_ref_string_new (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

static gint64
time_from_date_time (GDateTime *date_time)
{
  if (date_time == NULL)
    return RT_TOKEN_TIME_NONE;

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static GDateTime *
date_time_from_time (gint64 time)
{
  gint64 seconds = time / G_USEC_PER_SEC;
  gint64 microseconds = time % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (time == RT_TOKEN_TIME_NONE)
    return NULL;

  if (microseconds < 0)
    {
      microseconds += G_USEC_PER_SEC;
      seconds--;
    }

  whole = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_add (whole, microseconds);
}

/* @object, the GDateTime of @field, is made when first asked for. */
static GDateTime *
get_date_time (gint64      field,
               GDateTime **object)
{
  if (*object == NULL)
    *object = date_time_from_time (field);

  return *object;
}

static void
set_time (RtToken    *self,
          gint64     *field,
          GDateTime **object,
          gint64      value,
          guint       prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_clear_pointer (object, g_date_time_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_rt_token_set_created_at_time (RtToken *self,
                               gint64   time)
{
  set_time (self, &self->created_at, &self->created_at_object, time, PROP_CREATED_AT);
}

void
_rt_token_set_last_used_at_time (RtToken *self,
                                 gint64   time)
{
  set_time (self, &self->last_used_at, &self->last_used_at_object, time, PROP_LAST_USED_AT);
}

static void
rt_token_finalize (GObject *object)
{
  RtToken *self = (RtToken *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->created_by, g_ref_string_release);
  g_clear_pointer (&self->created_for, g_ref_string_release);
  g_clear_pointer (&self->created_at_object, g_date_time_unref);
  g_clear_pointer (&self->last_used_at_object, g_date_time_unref);
  g_clear_pointer (&self->products_label, g_ref_string_release);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_object (&self->products_model);

  G_OBJECT_CLASS (rt_token_parent_class)->finalize (object);
}

static void
rt_token_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RtToken *self = RT_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TOKEN_TYPE:
      g_value_set_enum (value, self->token_type);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_CREATED_AT:
      g_value_take_boxed (value, self->created_at_object != NULL
                                 ? g_date_time_ref (self->created_at_object)
                                 : date_time_from_time (self->created_at));
      break;

    case PROP_SUBSCRIPTION_END_DATE:
      g_value_set_boxed (value, rt_token_get_subscription_end_date (self));
      break;

    case PROP_PRODUCTS:
      g_value_set_object (value, rt_token_get_products (self));
      break;

    case PROP_CREATED_BY:
      g_value_set_string (value, self->created_by);
      break;

    case PROP_CREATED_FOR:
      g_value_set_string (value, self->created_for);
      break;

    case PROP_LAST_USED_AT:
      g_value_take_boxed (value, self->last_used_at_object != NULL
                                 ? g_date_time_ref (self->last_used_at_object)
                                 : date_time_from_time (self->last_used_at));
      break;

    case PROP_DAYS_LEFT:
      g_value_set_int (value, self->days_left);
      break;

    case PROP_EXPIRING_SOON:
      g_value_set_boolean (value, self->expiring_soon);
      break;

    case PROP_EXPIRING_SOON_DAYS:
      g_value_set_uint (value, self->expiring_soon_days);
      break;

    case PROP_PRODUCTS_LABEL:
      g_value_set_string (value, rt_token_get_products_label (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_HAS_SAVED_SECRET:
      g_value_set_boolean (value, self->has_saved_secret);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_token_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  RtToken *self = RT_TOKEN (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      rt_token_set_name (self, g_value_get_string (value));
      break;

    case PROP_TOKEN_TYPE:
      rt_token_set_token_type (self, g_value_get_enum (value));
      break;

    case PROP_USERNAME:
      rt_token_set_username (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      rt_token_set_status (self, g_value_get_enum (value));
      break;

    case PROP_CREATED_AT:
      rt_token_set_created_at (self, g_value_get_boxed (value));
      break;

    case PROP_SUBSCRIPTION_END_DATE:
      rt_token_set_subscription_end_date (self, g_value_get_boxed (value));
      break;

    case PROP_CREATED_BY:
      rt_token_set_created_by (self, g_value_get_string (value));
      break;

    case PROP_CREATED_FOR:
      rt_token_set_created_for (self, g_value_get_string (value));
      break;

    case PROP_LAST_USED_AT:
      rt_token_set_last_used_at (self, g_value_get_boxed (value));
      break;

    case PROP_EXPIRING_SOON_DAYS:
      rt_token_set_expiring_soon_days (self, g_value_get_uint (value));
      break;

    case PROP_BUSY:
      rt_token_set_busy (self, g_value_get_boolean (value));
      break;

    case PROP_HAS_SAVED_SECRET:
      rt_token_set_has_saved_secret (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL,
                              NULL,
                              (G_PARAM_READWRITE |
                               G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
rt_token_class_init (RtTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rt_token_finalize;
  object_class->get_property = rt_token_get_property;
  object_class->set_property = rt_token_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] = string_property ("name");
  properties[PROP_USERNAME] = string_property ("username");
  properties[PROP_CREATED_BY] = string_property ("created-by");
  properties[PROP_CREATED_FOR] = string_property ("created-for");

  properties[PROP_TOKEN_TYPE] =
    g_param_spec_enum ("token-type", NULL, NULL,
                       RT_TYPE_TOKEN_TYPE,
                       RT_TOKEN_TYPE_USER,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       RT_TYPE_TOKEN_STATUS,
                       RT_TOKEN_STATUS_ACTIVE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUBSCRIPTION_END_DATE] =
    g_param_spec_boxed ("subscription-end-date", NULL, NULL,
                        G_TYPE_DATE,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The list never changes identity, so this is never notified; watch its
   * items-changed signal (or products-label) instead. */
  properties[PROP_PRODUCTS] =
    g_param_spec_object ("products", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_USED_AT] =
    g_param_spec_boxed ("last-used-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:days-left:
   *
   * Whole days from today (UTC, see rt_clock_today()) to the subscription end
   * date: 0 on the last day, negative once it has passed, and
   * %RT_TOKEN_DAYS_LEFT_NONE when the token has no end date.
   */
  properties[PROP_DAYS_LEFT] =
    g_param_spec_int ("days-left", NULL, NULL,
                      G_MININT, G_MAXINT, RT_TOKEN_DAYS_LEFT_NONE,
                      (G_PARAM_READABLE |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:expiring-soon:
   *
   * Whether the token is active, has an end date, and days-left is at most
   * expiring-soon-days.
   */
  properties[PROP_EXPIRING_SOON] =
    g_param_spec_boolean ("expiring-soon", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:expiring-soon-days:
   *
   * The threshold of expiring-soon. A display setting of this object, not
   * part of the API's token, so rt_token_update_from() leaves it alone.
   */
  properties[PROP_EXPIRING_SOON_DAYS] =
    g_param_spec_uint ("expiring-soon-days", NULL, NULL,
                       0, G_MAXUINT, RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:products-label:
   *
   * The product names joined with ", ", in the order the API gave them.
   */
  properties[PROP_PRODUCTS_LABEL] =
    g_param_spec_string ("products-label", NULL, NULL,
                         "",
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:busy:
   *
   * Whether an action on the token is under way in the window. UI state, so
   * rt_token_update_from() leaves it alone.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * RtToken:has-saved-secret:
   *
   * Whether the token's secret is saved in the keyring. UI state, so
   * rt_token_update_from() leaves it alone.
   */
  properties[PROP_HAS_SAVED_SECRET] =
    g_param_spec_boolean ("has-saved-secret", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_token_init (RtToken *self)
{
  self->token_type = RT_TOKEN_TYPE_USER;
  self->status = RT_TOKEN_STATUS_ACTIVE;
  self->expiring_soon_days = RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS;
  self->days_left = RT_TOKEN_DAYS_LEFT_NONE;
  self->created_at = RT_TOKEN_TIME_NONE;
  self->last_used_at = RT_TOKEN_TIME_NONE;
  g_date_clear (&self->end_date, 1);
}

/**
 * rt_token_new:
 * @id: the token id
 *
 * Returns: (transfer full): a new token with that id and every other field
 *   empty
 */
RtToken *
rt_token_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (RT_TYPE_TOKEN, "id", id, NULL);
}

const char *
rt_token_get_id (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->id;
}

const char *
rt_token_get_name (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->name;
}

void
rt_token_set_name (RtToken    *self,
                   const char *name)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  set_string (self, &self->name, name, PROP_NAME);
}

RtTokenType
rt_token_get_token_type (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), RT_TOKEN_TYPE_USER);

  return self->token_type;
}

void
rt_token_set_token_type (RtToken     *self,
                         RtTokenType  token_type)
{
  g_return_if_fail (RT_IS_TOKEN (self));
  g_return_if_fail (token_type == RT_TOKEN_TYPE_USER || token_type == RT_TOKEN_TYPE_SERVICE);

  if (self->token_type == token_type)
    return;

  self->token_type = token_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_TYPE]);
}

const char *
rt_token_get_username (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->username;
}

void
rt_token_set_username (RtToken    *self,
                       const char *username)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  set_string (self, &self->username, username, PROP_USERNAME);
}

RtTokenStatus
rt_token_get_status (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), RT_TOKEN_STATUS_EXPIRED);

  return self->status;
}

void
rt_token_set_status (RtToken       *self,
                     RtTokenStatus  status)
{
  g_return_if_fail (RT_IS_TOKEN (self));
  g_return_if_fail (status == RT_TOKEN_STATUS_ACTIVE || status == RT_TOKEN_STATUS_EXPIRED);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  _rt_token_recompute_derived (self);
}

/**
 * rt_token_get_created_at:
 * @self: a token
 *
 * Returns: (transfer none) (nullable): when the token was created, in UTC
 */
GDateTime *
rt_token_get_created_at (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return get_date_time (self->created_at, &self->created_at_object);
}

void
rt_token_set_created_at (RtToken   *self,
                         GDateTime *created_at)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  _rt_token_set_created_at_time (self, time_from_date_time (created_at));
}

/**
 * rt_token_get_subscription_end_date:
 * @self: a token
 *
 * Returns: (transfer none) (nullable): the last day the token works, or %NULL
 *   when no subscription covers its products
 */
const GDate *
rt_token_get_subscription_end_date (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return g_date_valid (&self->end_date) ? &self->end_date : NULL;
}

void
rt_token_set_subscription_end_date (RtToken     *self,
                                    const GDate *end_date)
{
  g_return_if_fail (RT_IS_TOKEN (self));
  g_return_if_fail (end_date == NULL || g_date_valid (end_date));

  if (!g_date_valid (&self->end_date) && end_date == NULL)
    return;
  if (g_date_valid (&self->end_date) && end_date != NULL &&
      g_date_compare (&self->end_date, end_date) == 0)
    return;

  if (end_date != NULL)
    self->end_date = *end_date;
  else
    g_date_clear (&self->end_date, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIPTION_END_DATE]);
  _rt_token_recompute_derived (self);
}

const char *
rt_token_get_created_by (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->created_by;
}

void
rt_token_set_created_by (RtToken    *self,
                         const char *created_by)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  set_ref_string (self, &self->created_by, created_by, PROP_CREATED_BY);
}

const char *
rt_token_get_created_for (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->created_for;
}

void
rt_token_set_created_for (RtToken    *self,
                          const char *created_for)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  set_ref_string (self, &self->created_for, created_for, PROP_CREATED_FOR);
}

/**
 * rt_token_get_last_used_at:
 * @self: a token
 *
 * Returns: (transfer none) (nullable): when the token was last used, in
 *   UTC, or %NULL if never
 */
GDateTime *
rt_token_get_last_used_at (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return get_date_time (self->last_used_at, &self->last_used_at_object);
}

void
rt_token_set_last_used_at (RtToken   *self,
                           GDateTime *last_used_at)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  _rt_token_set_last_used_at_time (self, time_from_date_time (last_used_at));
}

int
rt_token_get_days_left (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), RT_TOKEN_DAYS_LEFT_NONE);

  return self->days_left;
}

gboolean
rt_token_get_expiring_soon (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), FALSE);

  return self->expiring_soon;
}

guint
rt_token_get_expiring_soon_days (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), RT_TOKEN_DEFAULT_EXPIRING_SOON_DAYS);

  return self->expiring_soon_days;
}

void
rt_token_set_expiring_soon_days (RtToken *self,
                                 guint    days)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  if (self->expiring_soon_days == days)
    return;

  self->expiring_soon_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRING_SOON_DAYS]);
  _rt_token_recompute_derived (self);
}

const char *
rt_token_get_products_label (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), NULL);

  return self->products_label != NULL ? self->products_label : "";
}

/**
 * rt_token_refresh_derived:
 * @self: a token
 *
 * Recomputes days-left and expiring-soon against today's date, notifying
 * only those that changed. Call it when the day changes.
 */
void
rt_token_refresh_derived (RtToken *self)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  _rt_token_recompute_derived (self);
}

gboolean
rt_token_get_busy (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), FALSE);

  return self->busy;
}

void
rt_token_set_busy (RtToken  *self,
                   gboolean  busy)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
rt_token_get_has_saved_secret (RtToken *self)
{
  g_return_val_if_fail (RT_IS_TOKEN (self), FALSE);

  return self->has_saved_secret;
}

void
rt_token_set_has_saved_secret (RtToken  *self,
                               gboolean  has_saved_secret)
{
  g_return_if_fail (RT_IS_TOKEN (self));

  has_saved_secret = !!has_saved_secret;
  if (self->has_saved_secret == has_saved_secret)
    return;

  self->has_saved_secret = has_saved_secret;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SAVED_SECRET]);
}
