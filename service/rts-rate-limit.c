/* rts-rate-limit.c: counts failed attempts per key in a sliding window
 *
 * Times are monotonic microseconds. Each key keeps at most max_failures
 * times, so memory is bounded by max_keys × max_failures; when every slot
 * holds a live key, unknown keys are refused until the window frees one,
 * so that flooding the table never lifts the limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rts-rate-limit.h"

struct _RtsRateLimit
{
  guint       max_failures;
  GTimeSpan   window;
  guint       max_keys;
  GHashTable *failures;   /* key → GQueue of gint64 times, oldest first */
};

static void
queue_free (gpointer data)
{
  g_queue_free_full (data, g_free);
}

RtsRateLimit *
rts_rate_limit_new (guint     max_failures,
                    GTimeSpan window,
                    guint     max_keys)
{
  RtsRateLimit *limit;

  g_return_val_if_fail (max_failures > 0, NULL);
  g_return_val_if_fail (window > 0, NULL);

  limit = g_new0 (RtsRateLimit, 1);
  limit->max_failures = max_failures;
  limit->window = window;
  limit->max_keys = max_keys;
  limit->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, queue_free);

  return limit;
}

void
rts_rate_limit_free (RtsRateLimit *limit)
{
  if (limit == NULL)
    return;

  g_hash_table_unref (limit->failures);
  g_free (limit);
}

/* Drops the times that left the window; TRUE when none is left. */
static gboolean
expire (RtsRateLimit *limit,
        GQueue       *times,
        gint64        now)
{
  gint64 *oldest;

  while ((oldest = g_queue_peek_head (times)) != NULL && *oldest + limit->window <= now)
    g_free (g_queue_pop_head (times));

  return g_queue_is_empty (times);
}

static gboolean
expire_cb (gpointer key,
           gpointer value,
           gpointer user_data)
{
  const gint64 *now = ((gpointer *) user_data)[1];

  return expire (((gpointer *) user_data)[0], value, *now);
}

static void
expire_all (RtsRateLimit *limit,
            gint64        now)
{
  gpointer data[2] = { limit, &now };

  g_hash_table_foreach_remove (limit->failures, expire_cb, data);
}

static guint
seconds_until (gint64 when,
               gint64 now)
{
  return (guint) MAX (1, (when - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/**
 * rts_rate_limit_allows:
 * @out_retry_after: (out): when refused, the seconds until an attempt
 *   may be allowed again
 *
 * Returns: whether an attempt for key may go ahead
 */
gboolean
rts_rate_limit_allows (RtsRateLimit *limit,
                       const char   *key,
                       gint64        now,
                       guint        *out_retry_after)
{
  GQueue *times = g_hash_table_lookup (limit->failures, key);

  *out_retry_after = 0;

  if (times == NULL)
    {
      if (g_hash_table_size (limit->failures) < limit->max_keys)
        return TRUE;

      expire_all (limit, now);
      if (g_hash_table_size (limit->failures) < limit->max_keys)
        return TRUE;

      *out_retry_after = seconds_until (now + limit->window, now);
      return FALSE;
    }

  if (expire (limit, times, now))
    {
      g_hash_table_remove (limit->failures, key);
      return TRUE;
    }

  if (g_queue_get_length (times) < limit->max_failures)
    return TRUE;

  *out_retry_after = seconds_until (*(gint64 *) g_queue_peek_head (times) + limit->window, now);

  return FALSE;
}

void
rts_rate_limit_add_failure (RtsRateLimit *limit,
                            const char   *key,
                            gint64        now)
{
  GQueue *times = g_hash_table_lookup (limit->failures, key);
  gint64 *time = g_new (gint64, 1);

  if (times == NULL)
    {
      if (g_hash_table_size (limit->failures) >= limit->max_keys)
        expire_all (limit, now);
      if (g_hash_table_size (limit->failures) >= limit->max_keys)
        {
          g_free (time);
          return;
        }

      times = g_queue_new ();
      g_hash_table_insert (limit->failures, g_strdup (key), times);
    }

  *time = now;
  g_queue_push_tail (times, time);

  while (g_queue_get_length (times) > limit->max_failures)
    g_free (g_queue_pop_head (times));
}
