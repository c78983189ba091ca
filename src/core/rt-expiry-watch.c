/* rt-expiry-watch.c: which tokens to warn about, and what was warned about already
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rt-expiry-watch.h"

/* The state is a key file with one group per account, named by a hash of
 * its server and user (a URL may hold characters a group name may not):
 *
 *   [account 3f2a…]
 *   server=https://tokens.example.com
 *   user=u_ada
 *   last-checked=2026-11-18
 *   expiring-soon=2026-12-08 tok_1;2026-12-08 tok_3;
 *   expired=2026-10-04 tok_2;
 *
 * Each entry is the end date a token was last seen with, then its id.
 * Tokens with nothing to warn about are not listed. Nothing secret is kept:
 * ids, dates, the server URL and the user id. */

#define GROUP_PREFIX "account "

struct _RtExpiryWatch
{
  GObject   parent_instance;

  GKeyFile *key_file;
};

G_DEFINE_FINAL_TYPE (RtExpiryWatch, rt_expiry_watch, G_TYPE_OBJECT)

typedef struct
{
  RtExpiry expiry;
  GDate    end_date;
  gboolean seen;
} Entry;

void
rt_expiry_change_free (RtExpiryChange *change)
{
  if (change == NULL)
    return;

  g_free (change->token_id);
  g_free (change->token_name);
  g_free (change);
}

static RtExpiryChange *
change_new (const char  *token_id,
            const char  *token_name,
            RtExpiry     expiry,
            const GDate *end_date)
{
  RtExpiryChange *change = g_new0 (RtExpiryChange, 1);

  change->token_id = g_strdup (token_id);
  change->token_name = g_strdup (token_name);
  change->expiry = expiry;
  g_date_clear (&change->end_date, 1);
  if (end_date != NULL && g_date_valid (end_date))
    change->end_date = *end_date;

  return change;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const RtExpiryChange *change_a = *(const RtExpiryChange * const *) a;
  const RtExpiryChange *change_b = *(const RtExpiryChange * const *) b;

  return g_strcmp0 (change_a->token_id, change_b->token_id);
}

/* "YYYY-MM-DD", strictly. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned int year, month, day;
  int consumed = 0;

  g_date_clear (date, 1);
  if (text == NULL ||
      sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &consumed) != 3 ||
      consumed != 10 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

/**
 * rt_expiry_classify:
 * @token: a token
 * @today: the day to judge by (rt_clock_today())
 * @expiring_soon_days: the "expiring soon" days of the preferences
 *
 * A token without a subscription end date is never warned about. One whose
 * end date is before @today counts as expired even while the server still
 * calls it active, as the table's "expiring soon" does.
 */
RtExpiry
rt_expiry_classify (RtToken     *token,
                    const GDate *today,
                    guint        expiring_soon_days)
{
  const GDate *end_date;
  int days_left;

  g_return_val_if_fail (RT_IS_TOKEN (token), RT_EXPIRY_NONE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), RT_EXPIRY_NONE);

  end_date = rt_token_get_subscription_end_date (token);
  if (end_date == NULL || !g_date_valid (end_date))
    return RT_EXPIRY_NONE;

  days_left = g_date_days_between (today, end_date);
  if (rt_token_get_status (token) == RT_TOKEN_STATUS_EXPIRED || days_left < 0)
    return RT_EXPIRY_EXPIRED;
  if ((guint) days_left <= expiring_soon_days)
    return RT_EXPIRY_EXPIRING_SOON;

  return RT_EXPIRY_NONE;
}

/**
 * rt_expiry_watch_dup_account_hash:
 *
 * Returns: (transfer full): a name for the account (server and user) made
 *   of hex digits only
 */
char *
rt_expiry_watch_dup_account_hash (const char *server,
                                  const char *user)
{
  g_autofree char *account = NULL;

  g_return_val_if_fail (server != NULL && user != NULL, NULL);

  account = g_strconcat (server, "\n", user, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, account, -1);
}

static char *
group_for_account (const char *server,
                   const char *user)
{
  g_autofree char *hash = rt_expiry_watch_dup_account_hash (server, user);

  return g_strconcat (GROUP_PREFIX, hash, NULL);
}

static const char *
expiry_key (RtExpiry expiry)
{
  return expiry == RT_EXPIRY_EXPIRED ? "expired" : "expiring-soon";
}

/* id → Entry, from one list of the group; bad entries are dropped. */
static void
read_entries (GKeyFile   *key_file,
              const char *group,
              RtExpiry    expiry,
              GHashTable *entries)
{
  g_auto(GStrv) list = g_key_file_get_string_list (key_file, group, expiry_key (expiry),
                                                   NULL, NULL);

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      const char *space = strchr (list[i], ' ');
      g_autofree char *date_text = NULL;
      Entry *entry;

      if (space == NULL || space[1] == '\0')
        continue;

      entry = g_new0 (Entry, 1);
      entry->expiry = expiry;
      date_text = g_strndup (list[i], space - list[i]);
      if (!parse_date (date_text, &entry->end_date))
        {
          g_free (entry);
          continue;
        }
      g_hash_table_replace (entries, g_strdup (space + 1), entry);
    }
}

static int
compare_ids (const char **a,
             const char **b)
{
  return strcmp (*a, *b);
}

static void
add_entry (GPtrArray   *list,
           const char  *id,
           const GDate *end_date)
{
  g_autofree char *date = format_date (end_date);

  g_ptr_array_add (list, g_strconcat (date, " ", id, NULL));
}

/**
 * rt_expiry_watch_forget:
 * @server: the account's token service URL
 * @user: the account's user id
 *
 * Forgets what was warned about for an account that is gone (signed out).
 *
 * Returns: (transfer container) (element-type utf8): the tokens whose
 *   warnings stand, to withdraw
 */
GPtrArray *
rt_expiry_watch_forget (RtExpiryWatch *self,
                        const char    *server,
                        const char    *user)
{
  g_autofree char *group = NULL;
  g_autoptr(GHashTable) entries = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), ids);
  g_return_val_if_fail (server != NULL && user != NULL, ids);

  group = group_for_account (server, user);
  entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  read_entries (self->key_file, group, RT_EXPIRY_EXPIRING_SOON, entries);
  read_entries (self->key_file, group, RT_EXPIRY_EXPIRED, entries);
  g_key_file_remove_group (self->key_file, group, NULL);

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  g_ptr_array_sort (ids, (GCompareFunc) compare_ids);

  return ids;
}

/**
 * rt_expiry_watch_check:
 * @server: the account's token service URL
 * @user: the account's user id
 * @tokens: (element-type RtToken): every token of the account
 * @today: the day to judge by
 * @expiring_soon_days: the "expiring soon" days of the preferences
 *
 * Compares @tokens with what was warned about last time for this account,
 * and records the new state. A token is warned about when it starts
 * expiring soon (or its end date changes while it is), and when it has
 * expired since the last check: it was expiring soon then, or its end date
 * is on or after the day of the last check. A token that was already
 * expired when the account was first checked is not warned about. A token
 * with nothing to warn about any more, or gone from @tokens, has its warning
 * withdrawn.
 *
 * Returns: (transfer container) (element-type RtExpiryChange): the changes,
 *   by token id
 */
GPtrArray *
rt_expiry_watch_check (RtExpiryWatch *self,
                       const char    *server,
                       const char    *user,
                       GListModel    *tokens,
                       const GDate   *today,
                       guint          expiring_soon_days)
{
  g_autofree char *group = NULL;
  g_autofree char *today_text = NULL;
  g_autoptr(GHashTable) previous = NULL;
  g_autoptr(GPtrArray) soon = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *changes;
  GDate last_checked;
  guint n_tokens;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), NULL);
  g_return_val_if_fail (server != NULL && user != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (tokens), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) rt_expiry_change_free);
  group = group_for_account (server, user);
  previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  read_entries (self->key_file, group, RT_EXPIRY_EXPIRING_SOON, previous);
  read_entries (self->key_file, group, RT_EXPIRY_EXPIRED, previous);
  {
    g_autofree char *text = g_key_file_get_string (self->key_file, group, "last-checked", NULL);

    parse_date (text, &last_checked);
  }

  n_tokens = g_list_model_get_n_items (tokens);
  for (guint i = 0; i < n_tokens; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (tokens, i);
      const char *id = rt_token_get_id (token);
      RtExpiry expiry = rt_expiry_classify (token, today, expiring_soon_days);
      const GDate *end_date = rt_token_get_subscription_end_date (token);
      Entry *entry = g_hash_table_lookup (previous, id);
      gboolean warn;

      if (entry != NULL)
        entry->seen = TRUE;

      if (expiry == RT_EXPIRY_NONE)
        {
          if (entry != NULL)
            g_ptr_array_add (changes, change_new (id, rt_token_get_name (token),
                                                  RT_EXPIRY_NONE, NULL));
          continue;
        }

      add_entry (expiry == RT_EXPIRY_EXPIRED ? expired : soon, id, end_date);

      if (entry != NULL && entry->expiry == expiry &&
          g_date_compare (&entry->end_date, end_date) == 0)
        continue;

      if (expiry == RT_EXPIRY_EXPIRING_SOON)
        warn = TRUE;
      else
        warn = (entry != NULL && entry->expiry == RT_EXPIRY_EXPIRING_SOON) ||
               (g_date_valid (&last_checked) && g_date_compare (end_date, &last_checked) >= 0);

      if (warn)
        g_ptr_array_add (changes, change_new (id, rt_token_get_name (token), expiry, end_date));
    }

  /* Deleted tokens: nothing left to warn about. */
  g_hash_table_iter_init (&iter, previous);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      if (!entry->seen)
        g_ptr_array_add (changes, change_new (key, NULL, RT_EXPIRY_NONE, NULL));
    }

  g_ptr_array_sort (changes, compare_changes);

  today_text = format_date (today);
  g_key_file_set_string (self->key_file, group, "server", server);
  g_key_file_set_string (self->key_file, group, "user", user);
  g_key_file_set_string (self->key_file, group, "last-checked", today_text);
  g_key_file_set_string_list (self->key_file, group, "expiring-soon",
                              (const char * const *) soon->pdata, soon->len);
  g_key_file_set_string_list (self->key_file, group, "expired",
                              (const char * const *) expired->pdata, expired->len);

  return changes;
}

/**
 * rt_expiry_watch_load_data:
 *
 * Replaces the state with the one in @data (as rt_expiry_watch_to_data()
 * wrote it). On error the state is left empty.
 */
gboolean
rt_expiry_watch_load_data (RtExpiryWatch  *self,
                           const char     *data,
                           gsize           length,
                           GError        **error)
{
  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  g_key_file_unref (self->key_file);
  self->key_file = g_key_file_new ();

  if (length == 0)
    return TRUE;

  if (!g_key_file_load_from_data (self->key_file, data, length, G_KEY_FILE_NONE, error))
    {
      g_key_file_unref (self->key_file);
      self->key_file = g_key_file_new ();
      return FALSE;
    }

  return TRUE;
}

char *
rt_expiry_watch_to_data (RtExpiryWatch *self,
                         gsize         *length)
{
  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), NULL);

  return g_key_file_to_data (self->key_file, length, NULL);
}

/**
 * rt_expiry_watch_load_file:
 *
 * Replaces the state with the one in @path; a missing file is an empty state.
 */
gboolean
rt_expiry_watch_load_file (RtExpiryWatch  *self,
                           const char     *path,
                           GError        **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return rt_expiry_watch_load_data (self, NULL, 0, error);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return rt_expiry_watch_load_data (self, contents, length, error);
}

/* Only the user may read it: it names the servers and users. */
gboolean
rt_expiry_watch_save_file (RtExpiryWatch  *self,
                           const char     *path,
                           GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (RT_IS_EXPIRY_WATCH (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not make %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = rt_expiry_watch_to_data (self, &length);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * rt_expiry_watch_dup_default_path:
 *
 * Returns: (transfer full): where the app keeps the state, in its data folder
 */
char *
rt_expiry_watch_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "registry-tokens", "expiry-warnings.ini", NULL);
}

static void
rt_expiry_watch_finalize (GObject *object)
{
  RtExpiryWatch *self = RT_EXPIRY_WATCH (object);

  g_clear_pointer (&self->key_file, g_key_file_unref);

  G_OBJECT_CLASS (rt_expiry_watch_parent_class)->finalize (object);
}

static void
rt_expiry_watch_class_init (RtExpiryWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rt_expiry_watch_finalize;
}

static void
rt_expiry_watch_init (RtExpiryWatch *self)
{
  self->key_file = g_key_file_new ();
}

RtExpiryWatch *
rt_expiry_watch_new (void)
{
  return g_object_new (RT_TYPE_EXPIRY_WATCH, NULL);
}
