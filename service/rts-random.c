/* rts-random.c: secrets, ids and digests for the token service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>

#include "rts-random.h"

#define RTS_SECRET_BYTES 32

gboolean
rts_random_fill (guint8  *buffer,
                 gsize    length,
                 GError **error)
{
  gsize filled = 0;

  g_return_val_if_fail (buffer != NULL || length == 0, FALSE);

  /* getrandom(2) blocks only until the kernel pool is first seeded and may
   * return short reads when interrupted, hence the loop. */
  while (filled < length)
    {
      ssize_t n = getrandom (buffer + filled, length - filled, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "getrandom failed: %s", g_strerror (saved_errno));
          return FALSE;
        }

      filled += (gsize) n;
    }

  return TRUE;
}

char *
rts_base64url_encode (const guint8 *data,
                      gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize out = 0;

  /* Rewrite in place so that no second copy of a secret exists. */
  for (gsize i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];

      if (c == '=')
        continue;
      if (c == '+')
        c = '-';
      else if (c == '/')
        c = '_';
      text[out++] = c;
    }

  /* Wipe the dropped padding as well. */
  memset (text + out, 0, strlen (text + out));

  return text;
}

guint8 *
rts_base64url_decode (const char *text,
                      gsize      *out_length)
{
  g_autoptr(GString) padded = NULL;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (out_length != NULL, NULL);

  length = strlen (text);

  /* g_base64_decode() skips junk silently; page tokens must be strict. */
  if (length == 0 || length % 4 == 1)
    return NULL;

  padded = g_string_sized_new (length + 3);
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
      g_string_append_c (padded, c);
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  return g_base64_decode (padded->str, out_length);
}

RtsSecret *
rts_random_secret (const char  *prefix,
                   GError     **error)
{
  guint8 raw[RTS_SECRET_BYTES];
  g_autoptr(RtsSecret) encoded = NULL;
  RtsSecret *secret;

  g_return_val_if_fail (prefix != NULL, NULL);

  if (!rts_random_fill (raw, sizeof raw, error))
    return NULL;

  encoded = rts_base64url_encode (raw, sizeof raw);
  explicit_bzero (raw, sizeof raw);

  secret = g_strconcat (prefix, encoded, NULL);

  return secret;
}

char *
rts_random_id (const char *prefix,
               guint       n_bytes)
{
  g_autoptr(GString) id = g_string_new (prefix);

  /* Ids are public and only need to be unique, so GRand is good enough;
   * secrets always come from rts_random_fill(). */
  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (id, "%02x", (guint) g_random_int_range (0, 256));

  return g_string_free (g_steal_pointer (&id), FALSE);
}

char *
rts_sha256_hex (const char *data,
                gssize      length)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) (data ? data : ""),
                                      length < 0 ? strlen (data) : (gsize) length);
}

void
rts_secret_free (RtsSecret *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
