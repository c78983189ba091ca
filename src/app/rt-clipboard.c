/* rt-clipboard.c: copying a secret to the clipboard, and clearing it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rt-clipboard.h"
#include "rt-secret-content-provider.h"

/* A copied secret stays on the clipboard for clear-seconds, then is cleared,
 * but only if the clipboard still holds it: whatever the user copied since is
 * left alone. Clearing first makes our provider forget the secret (so nothing
 * can read it any more, whatever happens next) and then empties the
 * clipboard. If GDK cannot take the clipboard at that moment, the clear stays
 * pending until rt_clipboard_retry_pending(), which the window calls when it
 * gets the focus back. */

#define MAX_CLEAR_SECONDS (G_MAXINT32 / 1000)

struct _RtClipboard
{
  GObject parent_instance;

  guint clear_seconds;

  /* While a secret is pending: */
  GdkClipboard *clipboard;            /* (owned) (nullable) */
  RtSecretContentProvider *provider;  /* (owned) (nullable) */
  gulong changed_id;
  guint timeout_id;
  gint64 copied_at;
  gint64 clears_at;                   /* monotonic µs, 0 if never */
  gboolean retry;                     /* clearing failed: retry on focus */
};

G_DEFINE_FINAL_TYPE (RtClipboard, rt_clipboard, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLEAR_SECONDS,
  PROP_PENDING,
  PROP_CLEARS_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rt_clipboard_set_clears_at (RtClipboard *self,
                            gint64       clears_at)
{
  if (self->clears_at == clears_at)
    return;

  self->clears_at = clears_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLEARS_AT]);
}

/* Lets go of the pending secret without touching the clipboard. */
static void
rt_clipboard_release (RtClipboard *self)
{
  if (self->provider == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->clipboard);
  rt_secret_content_provider_forget (self->provider);
  g_clear_object (&self->provider);
  g_clear_object (&self->clipboard);
  self->copied_at = 0;
  self->retry = FALSE;

  rt_clipboard_set_clears_at (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static gboolean
rt_clipboard_holds_ours (RtClipboard *self)
{
  return gdk_clipboard_get_content (self->clipboard) == GDK_CONTENT_PROVIDER (self->provider);
}

/* Returns TRUE if the secret is off the clipboard. */
static gboolean
rt_clipboard_clear (RtClipboard *self,
                    gboolean     emit_cleared)
{
  g_autoptr(GdkContentProvider) empty = NULL;
  gboolean ok;

  g_assert (self->provider != NULL);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  rt_secret_content_provider_forget (self->provider);

  if (!rt_clipboard_holds_ours (self))
    {
      /* Someone else's content by now: not ours to clear. */
      rt_clipboard_release (self);
      return TRUE;
    }

  /* Empty content rather than none: after gdk_clipboard_set_content (NULL),
   * GTK 4.8 on X11 may report the next copy as another application's (see
   * docs/DESIGN.md and /clipboard/copy-after-clear). */
  empty = gdk_content_provider_new_union (NULL, 0);
  g_signal_handler_block (self->clipboard, self->changed_id);
  ok = gdk_clipboard_set_content (self->clipboard, empty);
  g_signal_handler_unblock (self->clipboard, self->changed_id);

  if (!ok)
    {
      g_debug ("Could not clear the clipboard; will retry when the window is focused");
      self->retry = TRUE;
      return FALSE;
    }

  g_debug ("Cleared the secret from the clipboard");
  rt_clipboard_release (self);

  if (emit_cleared)
    g_signal_emit (self, signals[CLEARED], 0);

  return TRUE;
}

static gboolean
rt_clipboard_timeout (gpointer user_data)
{
  RtClipboard *self = user_data;

  self->timeout_id = 0;
  rt_clipboard_clear (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
rt_clipboard_schedule (RtClipboard *self)
{
  gint64 clears_at = 0;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->provider == NULL || self->retry)
    return;

  if (self->clear_seconds > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 delay_ms;

      clears_at = self->copied_at + (gint64) self->clear_seconds * G_USEC_PER_SEC;
      delay_ms = MAX (0, (clears_at - now + 999) / 1000);
      self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay_ms,
                                             rt_clipboard_timeout, self, NULL);
      g_source_set_name_by_id (self->timeout_id, "[registry-tokens] clear clipboard");
    }

  rt_clipboard_set_clears_at (self, clears_at);
}

static void
rt_clipboard_changed (GdkClipboard *clipboard,
                      RtClipboard  *self)
{
  if (self->provider != NULL && !rt_clipboard_holds_ours (self))
    {
      g_debug ("The clipboard was taken over; it will not be cleared");
      rt_clipboard_release (self);
    }
}

static void
rt_clipboard_dispose (GObject *object)
{
  RtClipboard *self = RT_CLIPBOARD (object);

  if (self->provider != NULL)
    rt_clipboard_clear (self, FALSE);
  rt_clipboard_release (self);

  G_OBJECT_CLASS (rt_clipboard_parent_class)->dispose (object);
}

static void
rt_clipboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RtClipboard *self = RT_CLIPBOARD (object);

  switch (prop_id)
    {
    case PROP_CLEAR_SECONDS:
      g_value_set_uint (value, self->clear_seconds);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, rt_clipboard_get_pending (self));
      break;
    case PROP_CLEARS_AT:
      g_value_set_int64 (value, self->clears_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_clipboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RtClipboard *self = RT_CLIPBOARD (object);

  switch (prop_id)
    {
    case PROP_CLEAR_SECONDS:
      rt_clipboard_set_clear_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rt_clipboard_class_init (RtClipboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rt_clipboard_dispose;
  object_class->get_property = rt_clipboard_get_property;
  object_class->set_property = rt_clipboard_set_property;

  /**
   * RtClipboard:clear-seconds:
   *
   * How long a copied secret stays on the clipboard; 0 to leave it there.
   * The app binds it to the `clipboard-clear-seconds` setting.
   */
  properties[PROP_CLEAR_SECONDS] =
    g_param_spec_uint ("clear-seconds", NULL, NULL,
                       0, MAX_CLEAR_SECONDS, 30,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RtClipboard:pending:
   *
   * Whether a copied secret may still be on the clipboard and will be
   * cleared (now or, with clear-seconds 0, only by rt_clipboard_clear_now()).
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RtClipboard:clears-at:
   *
   * When the secret will be cleared, in g_get_monotonic_time() microseconds,
   * or 0 if no clear is scheduled.
   */
  properties[PROP_CLEARS_AT] =
    g_param_spec_int64 ("clears-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtClipboard::cleared:
   *
   * Emitted when the secret was removed from the clipboard, by the timer or
   * rt_clipboard_clear_now(). Not emitted when other content replaced it.
   */
  signals[CLEARED] =
    g_signal_new ("cleared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rt_clipboard_init (RtClipboard *self)
{
}

/**
 * rt_clipboard_new:
 * @clear_seconds: how long a copied secret stays; 0 for ever
 *
 * Returns: (transfer full): a new clipboard helper
 */
RtClipboard *
rt_clipboard_new (guint clear_seconds)
{
  return g_object_new (RT_TYPE_CLIPBOARD,
                       "clear-seconds", clear_seconds,
                       NULL);
}

guint
rt_clipboard_get_clear_seconds (RtClipboard *self)
{
  g_return_val_if_fail (RT_IS_CLIPBOARD (self), 0);

  return self->clear_seconds;
}

/**
 * rt_clipboard_set_clear_seconds:
 * @self: a clipboard helper
 * @clear_seconds: how long a copied secret stays; 0 for ever
 *
 * A secret already copied is then cleared @clear_seconds after it was copied
 * (at once if that is past).
 */
void
rt_clipboard_set_clear_seconds (RtClipboard *self,
                                guint        clear_seconds)
{
  g_return_if_fail (RT_IS_CLIPBOARD (self));

  clear_seconds = MIN (clear_seconds, MAX_CLEAR_SECONDS);
  if (self->clear_seconds == clear_seconds)
    return;

  self->clear_seconds = clear_seconds;
  rt_clipboard_schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLEAR_SECONDS]);
}

gboolean
rt_clipboard_get_pending (RtClipboard *self)
{
  g_return_val_if_fail (RT_IS_CLIPBOARD (self), FALSE);

  return self->provider != NULL;
}

gint64
rt_clipboard_get_clears_at (RtClipboard *self)
{
  g_return_val_if_fail (RT_IS_CLIPBOARD (self), 0);

  return self->clears_at;
}

/**
 * rt_clipboard_copy_secret:
 * @self: a clipboard helper
 * @clipboard: the clipboard, usually gtk_widget_get_clipboard()
 * @secret: the secret
 *
 * Puts @secret on @clipboard as text, marked for clipboard managers as a
 * secret, and schedules clearing it. A secret copied before is replaced (or,
 * if it went to another clipboard, cleared).
 *
 * Returns: %TRUE if the clipboard took the secret
 */
gboolean
rt_clipboard_copy_secret (RtClipboard  *self,
                          GdkClipboard *clipboard,
                          RtSecret     *secret)
{
  g_autoptr(RtSecretContentProvider) provider = NULL;

  g_return_val_if_fail (RT_IS_CLIPBOARD (self), FALSE);
  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->provider != NULL && self->clipboard != clipboard)
    rt_clipboard_clear (self, TRUE);
  /* On the same clipboard the new content simply replaces ours. */
  rt_clipboard_release (self);

  provider = rt_secret_content_provider_new (secret);
  if (!gdk_clipboard_set_content (clipboard, GDK_CONTENT_PROVIDER (provider)))
    {
      g_debug ("The clipboard refused the secret");
      rt_secret_content_provider_forget (provider);
      g_object_thaw_notify (G_OBJECT (self));
      return FALSE;
    }

  self->clipboard = g_object_ref (clipboard);
  self->provider = g_steal_pointer (&provider);
  self->changed_id = g_signal_connect_object (clipboard, "changed",
                                              G_CALLBACK (rt_clipboard_changed), self, 0);
  self->copied_at = g_get_monotonic_time ();
  rt_clipboard_schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * rt_clipboard_clear_now:
 * @self: a clipboard helper
 *
 * Clears a pending secret at once, if the clipboard still holds it. For quit.
 */
void
rt_clipboard_clear_now (RtClipboard *self)
{
  g_return_if_fail (RT_IS_CLIPBOARD (self));

  if (self->provider != NULL)
    rt_clipboard_clear (self, TRUE);
}

/**
 * rt_clipboard_retry_pending:
 * @self: a clipboard helper
 *
 * Retries a clear that failed, for example because a Wayland compositor does
 * not let an unfocused window set the clipboard. The window calls this when it
 * becomes active again. Does nothing if no clear failed.
 */
void
rt_clipboard_retry_pending (RtClipboard *self)
{
  g_return_if_fail (RT_IS_CLIPBOARD (self));

  if (self->provider != NULL && self->retry)
    rt_clipboard_clear (self, TRUE);
}
