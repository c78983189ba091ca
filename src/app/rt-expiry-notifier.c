/* rt-expiry-notifier.c: desktop notifications for tokens that stop working
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "rt-clock.h"
#include "rt-expiry-notifier.h"
#include "rt-expiry-watch.h"
#include "rt-format.h"

/* Each check reads the state file, decides with RtExpiryWatch, writes the
 * file back and then sends what changed: the window's refreshes and the
 * background checks share one file, and a restart warns about nothing new. */

struct _RtExpiryNotifier
{
  GObject       parent_instance;

  /* Weak: the application owns the notifier. */
  GApplication *application;
  GSettings    *settings;
};

G_DEFINE_FINAL_TYPE (RtExpiryNotifier, rt_expiry_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * rt_expiry_notifier_dup_notification_id:
 *
 * One notification per token and account: a newer warning about the token
 * replaces the older one.
 *
 * Returns: (transfer full): the GNotification id of @token_id's warning
 */
char *
rt_expiry_notifier_dup_notification_id (const char *server,
                                        const char *user,
                                        const char *token_id)
{
  g_autofree char *hash = rt_expiry_watch_dup_account_hash (server, user);

  return g_strdup_printf ("expiry-%.12s-%s", hash, token_id);
}

/* "Dec 9": the day is near enough for the year to go without saying. */
static char *
format_short_date (const GDate *date)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_utc (g_date_get_year (date),
                                                        g_date_get_month (date),
                                                        g_date_get_day (date),
                                                        0, 0, 0);

  /* Translators: a day in a notification's title, in the codes of
   * g_date_time_format(); "%b %-d" shows "Dec 9". */
  /* xgettext:no-c-format */
  return g_date_time_format (date_time, C_("notification date", "%b %-d"));
}

static GNotification *
notification_new (const char     *server,
                  const char     *user,
                  RtExpiryChange *change,
                  const GDate    *today)
{
  g_autoptr(GNotification) notification = NULL;
  /* The notification's title, which is a sentence (docs/DESIGN.md, Wording). */
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree char *end_date = rt_format_date (&change->end_date);
  /* Which account, too: it may not be the one a window shows. */
  GVariant *target = g_variant_new ("(sss)", server, user != NULL ? user : "", change->token_id);

  if (change->expiry == RT_EXPIRY_EXPIRING_SOON)
    {
      GDate stops = change->end_date;
      g_autofree char *stops_text = NULL;
      g_autofree char *relative = NULL;

      /* Active through its end date; it stops working the day after. */
      g_date_add_days (&stops, 1);
      stops_text = format_short_date (&stops);
      relative = rt_format_relative_days (g_date_days_between (today, &change->end_date));
      /* Translators: a notification's title; the first %s is a token's
       * name, the second a day, as in “ci-pipeline stops working on Dec 9” */
      summary = g_strdup_printf (_("%s stops working on %s"), change->token_name, stops_text);
      /* Translators: the first %s is “today”, “tomorrow”, “in 12 days”…,
       * the second a date */
      body = g_strdup_printf (_("Its subscription ends %s, on %s. Renew it to keep pulling images with this token."),
                              relative, end_date);
    }
  else
    {
      /* Translators: a notification's title; %s is a token's name */
      summary = g_strdup_printf (_("%s has stopped working"), change->token_name);
      /* Translators: %s is a date */
      body = g_strdup_printf (_("Its subscription ended on %s. Images can no longer be pulled with this token."),
                              end_date);
    }

  notification = g_notification_new (summary);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification,
                               change->expiry == RT_EXPIRY_EXPIRED ? G_NOTIFICATION_PRIORITY_HIGH
                                                                   : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target_value (notification, "app.open-token", target);
  g_notification_add_button_with_target_value (notification, _("Open"), "app.open-token", target);

  return g_steal_pointer (&notification);
}

/**
 * rt_expiry_notifier_check:
 * @session: a signed-in session whose token list is loaded
 *
 * Sends a notification for each token that started expiring soon or has
 * expired since the last check, and withdraws those about tokens that no
 * longer need one. Does nothing while @session has no loaded list, nor in
 * a non-unique instance.
 */
void
rt_expiry_notifier_check (RtExpiryNotifier *self,
                          RtSession        *session)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = rt_clock_today ();
  g_autofree char *path = rt_expiry_watch_dup_default_path ();
  RtAccount *account;
  RtTokenStore *tokens;
  const char *server;
  const char *user;

  g_return_if_fail (RT_IS_EXPIRY_NOTIFIER (self));
  g_return_if_fail (RT_IS_SESSION (session));

  account = rt_session_get_account (session);
  server = rt_session_get_server (session);
  tokens = rt_session_get_tokens (session);
  if (self->application == NULL || account == NULL || server == NULL ||
      !rt_token_store_get_loaded (tokens))
    return;
  user = rt_account_get_user_id (account);

  /* A scripted run (--server) is for that run only: it keeps no state, and
   * its notifications' actions would go to the app's bus name, which it
   * does not own. */
  if (g_application_get_flags (self->application) & G_APPLICATION_NON_UNIQUE)
    {
      g_debug ("Not checking for expiry in a non-unique instance");
      return;
    }

  if (!rt_expiry_watch_load_file (watch, path, &error))
    {
      g_message ("Expiry warnings start afresh: %s", error->message);
      g_clear_error (&error);
    }

  changes = rt_expiry_watch_check (watch, server, user, G_LIST_MODEL (tokens), today,
                                   g_settings_get_uint (self->settings, "expiring-soon-days"));

  /* Saved first: a warning that cannot be recorded is sent again next time,
   * which is better than never. */
  if (!rt_expiry_watch_save_file (watch, path, &error))
    g_warning ("Could not save which tokens were warned about: %s", error->message);

  g_debug ("Checked %u tokens of %s for expiry: %u changes",
           g_list_model_get_n_items (G_LIST_MODEL (tokens)), server, changes->len);

  for (guint i = 0; i < changes->len; i++)
    {
      RtExpiryChange *change = g_ptr_array_index (changes, i);
      g_autofree char *id = rt_expiry_notifier_dup_notification_id (server, user, change->token_id);

      if (change->expiry == RT_EXPIRY_NONE)
        {
          g_debug ("Withdrawing the expiry warning about token %s", change->token_id);
          g_application_withdraw_notification (self->application, id);
        }
      else
        {
          g_autoptr(GNotification) notification = notification_new (server, user, change, today);

          g_message ("Warning that token %s (%s) %s", change->token_id, change->token_name,
                     change->expiry == RT_EXPIRY_EXPIRED ? "has expired" : "expires soon");
          g_application_send_notification (self->application, id, notification);
        }
    }
}

/**
 * rt_expiry_notifier_forget:
 * @server: a signed-out account's token service URL
 * @user: its user id
 *
 * Withdraws the account's warnings and forgets them, once it is signed out.
 */
void
rt_expiry_notifier_forget (RtExpiryNotifier *self,
                           const char       *server,
                           const char       *user)
{
  g_autoptr(RtExpiryWatch) watch = rt_expiry_watch_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rt_expiry_watch_dup_default_path ();

  g_return_if_fail (RT_IS_EXPIRY_NOTIFIER (self));
  g_return_if_fail (server != NULL && user != NULL);

  if (self->application == NULL ||
      (g_application_get_flags (self->application) & G_APPLICATION_NON_UNIQUE))
    return;

  if (!rt_expiry_watch_load_file (watch, path, &error))
    {
      g_debug ("No expiry warnings to forget: %s", error->message);
      return;
    }

  ids = rt_expiry_watch_forget (watch, server, user);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *id = rt_expiry_notifier_dup_notification_id (server, user,
                                                                     g_ptr_array_index (ids, i));

      g_debug ("Withdrawing the expiry warning about token %s: signed out",
               (const char *) g_ptr_array_index (ids, i));
      g_application_withdraw_notification (self->application, id);
    }

  if (!rt_expiry_watch_save_file (watch, path, &error))
    g_warning ("Could not save which tokens were warned about: %s", error->message);
}

static void
session_state_cb (RtExpiryNotifier *self,
                  GParamSpec       *pspec,
                  RtSession        *session)
{
  if (rt_session_get_state (session) == RT_SESSION_STATE_READY)
    rt_expiry_notifier_check (self, session);
}

/**
 * rt_expiry_notifier_watch:
 *
 * Checks @session's tokens each time its list has been read, for as long as
 * both exist.
 */
void
rt_expiry_notifier_watch (RtExpiryNotifier *self,
                          RtSession        *session)
{
  g_return_if_fail (RT_IS_EXPIRY_NOTIFIER (self));
  g_return_if_fail (RT_IS_SESSION (session));

  /* A window watches each account it shows, and may show one again. */
  if (g_signal_handler_find (session, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA,
                             0, 0, NULL, session_state_cb, self) != 0)
    return;

  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
rt_expiry_notifier_dispose (GObject *object)
{
  RtExpiryNotifier *self = RT_EXPIRY_NOTIFIER (object);

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rt_expiry_notifier_parent_class)->dispose (object);
}

static void
rt_expiry_notifier_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtExpiryNotifier *self = RT_EXPIRY_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_expiry_notifier_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RtExpiryNotifier *self = RT_EXPIRY_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_expiry_notifier_class_init (RtExpiryNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_expiry_notifier_dispose;
  object_class->get_property = rt_expiry_notifier_get_property;
  object_class->set_property = rt_expiry_notifier_set_property;

  /**
   * RtExpiryNotifier:application:
   *
   * The application that sends the notifications, and whose app.open-token
   * action they activate.
   */
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         G_TYPE_APPLICATION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rt_expiry_notifier_init (RtExpiryNotifier *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
}

RtExpiryNotifier *
rt_expiry_notifier_new (GApplication *application)
{
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  return g_object_new (RT_TYPE_EXPIRY_NOTIFIER,
                       "application", application,
                       NULL);
}
