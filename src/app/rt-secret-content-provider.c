/* rt-secret-content-provider.c: clipboard content served from a wipeable secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-secret-content-provider.h"

/* gdk_content_provider_new_for_bytes() would keep a GBytes copy of the secret
 * for as long as the clipboard holds it, and hand out GValue copies. This
 * provider holds only a reference to the RtSecret and writes its bytes into
 * each reader's stream when asked; rt_secret_content_provider_forget() drops
 * the reference, after which nothing can be read. It offers no GType, so GDK
 * never asks it for a GValue copy, and nothing as storable, so a clipboard
 * manager asked to keep the clipboard when the app quits gets nothing. */

struct _RtSecretContentProvider
{
  GdkContentProvider parent_instance;

  RtSecret *secret;  /* (nullable) (owned) */
};

G_DEFINE_FINAL_TYPE (RtSecretContentProvider, rt_secret_content_provider,
                     GDK_TYPE_CONTENT_PROVIDER)

/* The text types, most preferred first. X11 clients asking for UTF8_STRING,
 * TEXT or STRING are mapped to these by GDK. */
static const char * const text_mime_types[] = {
  "text/plain;charset=utf-8",
  "text/plain",
};

static const char password_manager_hint[] = "secret";

static gboolean
is_text_mime_type (const char *mime_type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (text_mime_types); i++)
    {
      if (g_str_equal (mime_type, text_mime_types[i]))
        return TRUE;
    }

  return FALSE;
}

static GdkContentFormats *
rt_secret_content_provider_ref_formats (GdkContentProvider *provider)
{
  RtSecretContentProvider *self = RT_SECRET_CONTENT_PROVIDER (provider);
  GdkContentFormatsBuilder *builder;

  if (self->secret == NULL)
    return gdk_content_formats_new (NULL, 0);

  builder = gdk_content_formats_builder_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (text_mime_types); i++)
    gdk_content_formats_builder_add_mime_type (builder, text_mime_types[i]);
  gdk_content_formats_builder_add_mime_type (builder, RT_PASSWORD_MANAGER_HINT_MIME_TYPE);

  return gdk_content_formats_builder_free_to_formats (builder);
}

static GdkContentFormats *
rt_secret_content_provider_ref_storable_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new (NULL, 0);
}

static void
rt_secret_content_provider_written (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rt_secret_content_provider_write_mime_type_async (GdkContentProvider  *provider,
                                                  const char          *mime_type,
                                                  GOutputStream       *stream,
                                                  int                  io_priority,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  RtSecretContentProvider *self = RT_SECRET_CONTENT_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;
  const char *data;
  gsize len = 0;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_priority (task, io_priority);
  g_task_set_source_tag (task, rt_secret_content_provider_write_mime_type_async);

  if (self->secret == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The secret is no longer on the clipboard"));
      return;
    }

  if (g_str_equal (mime_type, RT_PASSWORD_MANAGER_HINT_MIME_TYPE))
    {
      data = password_manager_hint;
      len = strlen (password_manager_hint);
    }
  else if (is_text_mime_type (mime_type))
    {
      /* The task keeps the buffer alive (and unwiped) until the write is
       * done, even if the secret is forgotten meanwhile. */
      g_task_set_task_data (task, rt_secret_ref (self->secret),
                            (GDestroyNotify) rt_secret_unref);
      data = rt_secret_get (self->secret, &len);
    }
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Cannot provide contents as “%s”"), mime_type);
      return;
    }

  g_output_stream_write_all_async (stream, data, len, io_priority, cancellable,
                                   rt_secret_content_provider_written,
                                   g_steal_pointer (&task));
}

static gboolean
rt_secret_content_provider_write_mime_type_finish (GdkContentProvider  *provider,
                                                   GAsyncResult        *result,
                                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rt_secret_content_provider_write_mime_type_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rt_secret_content_provider_finalize (GObject *object)
{
  RtSecretContentProvider *self = RT_SECRET_CONTENT_PROVIDER (object);

  g_clear_pointer (&self->secret, rt_secret_unref);

  G_OBJECT_CLASS (rt_secret_content_provider_parent_class)->finalize (object);
}

static void
rt_secret_content_provider_class_init (RtSecretContentProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->finalize = rt_secret_content_provider_finalize;

  provider_class->ref_formats = rt_secret_content_provider_ref_formats;
  provider_class->ref_storable_formats = rt_secret_content_provider_ref_storable_formats;
  provider_class->write_mime_type_async = rt_secret_content_provider_write_mime_type_async;
  provider_class->write_mime_type_finish = rt_secret_content_provider_write_mime_type_finish;
}

static void
rt_secret_content_provider_init (RtSecretContentProvider *self)
{
}

/**
 * rt_secret_content_provider_new:
 * @secret: the secret to offer
 *
 * Returns: (transfer full): a content provider holding a reference to @secret
 */
RtSecretContentProvider *
rt_secret_content_provider_new (RtSecret *secret)
{
  RtSecretContentProvider *self;

  g_return_val_if_fail (secret != NULL, NULL);

  self = g_object_new (RT_TYPE_SECRET_CONTENT_PROVIDER, NULL);
  self->secret = rt_secret_ref (secret);

  return self;
}

gboolean
rt_secret_content_provider_has_secret (RtSecretContentProvider *self)
{
  g_return_val_if_fail (RT_IS_SECRET_CONTENT_PROVIDER (self), FALSE);

  return self->secret != NULL;
}

/**
 * rt_secret_content_provider_forget:
 * @self: a provider
 *
 * Drops the provider's reference to the secret (wiping it, unless the caller
 * or a write in progress still holds one). From now on it offers nothing.
 */
void
rt_secret_content_provider_forget (RtSecretContentProvider *self)
{
  g_return_if_fail (RT_IS_SECRET_CONTENT_PROVIDER (self));

  g_clear_pointer (&self->secret, rt_secret_unref);
}
