/* rt-secret.c: a reference-counted buffer for a secret that is wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rt-secret.h"

/* A token secret or an access key. The bytes are NUL-terminated (so they can
 * be handed to APIs that take a string) and are zeroed with explicit_bzero()
 * before the memory goes back to the allocator, so a freed secret does not
 * linger in the heap. The buffer is never logged: there is no to-string. */
struct _RtSecret
{
  gatomicrefcount ref_count;
  gsize len;
  char *data;
};

G_DEFINE_BOXED_TYPE (RtSecret, rt_secret, rt_secret_ref, rt_secret_unref)

void
rt_secret_wipe (gpointer data,
                gsize    len)
{
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}

/**
 * rt_secret_new:
 * @data: the secret bytes
 * @len: the length of @data, or -1 when @data is NUL-terminated
 *
 * Copies @data into a new secret. The caller still owns @data and should wipe
 * it with rt_secret_wipe() when done.
 */
RtSecret *
rt_secret_new (const char *data,
               gssize      len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (data);

  return rt_secret_new_take (g_strndup (data, len), len);
}

/**
 * rt_secret_new_take:
 * @data: (transfer full): a NUL-terminated buffer from g_malloc()
 * @len: the length of @data without the terminator
 *
 * Takes ownership of @data; it will be wiped and freed with the secret.
 */
RtSecret *
rt_secret_new_take (char  *data,
                    gsize  len)
{
  RtSecret *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_new0 (RtSecret, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->data = data;
  self->len = len;

  return self;
}

RtSecret *
rt_secret_ref (RtSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
rt_secret_unref (RtSecret *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      rt_secret_wipe (self->data, self->len);
      g_free (self->data);
      rt_secret_wipe (self, sizeof *self);
      g_free (self);
    }
}

/**
 * rt_secret_get:
 * @self: a secret
 * @len: (out) (optional): the length
 *
 * Returns: (transfer none): the NUL-terminated secret, valid as long as @self
 */
const char *
rt_secret_get (RtSecret *self,
               gsize    *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (len != NULL)
    *len = self->len;

  return self->data;
}

gsize
rt_secret_get_len (RtSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->len;
}

/* Constant-time comparison, so that comparing secrets does not leak where
 * they first differ. */
gboolean
rt_secret_equal (RtSecret *a,
                 RtSecret *b)
{
  guchar diff = 0;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->len != b->len)
    return FALSE;

  for (gsize i = 0; i < a->len; i++)
    diff |= (guchar) (a->data[i] ^ b->data[i]);

  return diff == 0;
}
