/* test-registry-auth-units.c: the token server's rate limit and key id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rts-jwt.h"
#include "rts-rate-limit.h"

#define SECOND G_USEC_PER_SEC
#define MINUTE (60 * SECOND)

static void
test_rate_limit_window (void)
{
  g_autoptr(RtsRateLimit) limit = rts_rate_limit_new (5, MINUTE, 100);
  gint64 start = 1000 * SECOND;
  guint retry = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (rts_rate_limit_allows (limit, "127.0.0.3", start + i * SECOND, &retry));
      g_assert_cmpuint (retry, ==, 0);
      rts_rate_limit_add_failure (limit, "127.0.0.3", start + i * SECOND);
    }

  /* The sixth attempt waits until the first failure leaves the window. */
  g_assert_false (rts_rate_limit_allows (limit, "127.0.0.3", start + 10 * SECOND, &retry));
  g_assert_cmpuint (retry, ==, 50);
  g_assert_true (rts_rate_limit_allows (limit, "127.0.0.4", start + 10 * SECOND, &retry));

  g_assert_false (rts_rate_limit_allows (limit, "127.0.0.3", start + MINUTE - 1, &retry));
  g_assert_cmpuint (retry, ==, 1);
  g_assert_true (rts_rate_limit_allows (limit, "127.0.0.3", start + MINUTE, &retry));

  /* A sliding window: one slot frees per old failure. */
  rts_rate_limit_add_failure (limit, "127.0.0.3", start + MINUTE);
  g_assert_false (rts_rate_limit_allows (limit, "127.0.0.3", start + MINUTE, &retry));
  g_assert_cmpuint (retry, ==, 1);
  g_assert_true (rts_rate_limit_allows (limit, "127.0.0.3", start + 5 * MINUTE, &retry));
}

static void
test_rate_limit_full (void)
{
  g_autoptr(RtsRateLimit) limit = rts_rate_limit_new (1, MINUTE, 3);
  guint retry = 0;

  rts_rate_limit_add_failure (limit, "a", 0);
  rts_rate_limit_add_failure (limit, "b", 0);
  rts_rate_limit_add_failure (limit, "c", 0);

  /* Flooding the table never lifts the limit: a new key waits instead. */
  rts_rate_limit_add_failure (limit, "d", SECOND);
  g_assert_false (rts_rate_limit_allows (limit, "a", SECOND, &retry));
  g_assert_false (rts_rate_limit_allows (limit, "e", SECOND, &retry));
  g_assert_cmpuint (retry, ==, 60);

  /* Expired entries make room again. */
  g_assert_true (rts_rate_limit_allows (limit, "e", MINUTE, &retry));
  rts_rate_limit_add_failure (limit, "e", MINUTE);
  g_assert_false (rts_rate_limit_allows (limit, "e", MINUTE, &retry));
}

static void
test_key_id_encode (void)
{
  guint8 digest[30];
  g_autofree char *zeros = NULL;
  g_autofree char *counted = NULL;

  memset (digest, 0, sizeof digest);
  zeros = rts_jwt_key_id_encode (digest, sizeof digest);
  g_assert_cmpstr (zeros, ==,
                   "AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA");

  /* RFC 4648's base32 test vector "foobar" → MZXW6YTBOI (unpadded). */
  counted = rts_jwt_key_id_encode ((const guint8 *) "foobar", 6);
  g_assert_cmpstr (counted, ==, "MZXW:6YTB:OI");
}

static void
test_signer_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rts-jwt-XXXXXX", &error);
  g_autofree char *key_path = g_build_filename (dir, "t.db.registry.key", NULL);
  g_autofree char *cert_path = g_build_filename (dir, "t.db.registry.crt", NULL);
  g_autofree char *first_id = NULL;
  g_autofree char *jwt = NULL;
  g_autoptr(JsonObject) claims = json_object_new ();
  g_auto(GStrv) parts = NULL;
  RtsJwtSigner *signer;
  GStatBuf st;

  g_assert_no_error (error);

  signer = rts_jwt_signer_open (key_path, cert_path, &error);
  g_assert_no_error (error);
  first_id = g_strdup (rts_jwt_signer_get_key_id (signer));
  g_assert_cmpuint (strlen (first_id), ==, 12 * 4 + 11);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  json_object_set_string_member (claims, "sub", "acme+ci");
  jwt = rts_jwt_signer_sign (signer, claims, &error);
  g_assert_no_error (error);
  parts = g_strsplit (jwt, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  /* 64 bytes of R || S in unpadded base64url. */
  g_assert_cmpuint (strlen (parts[2]), ==, 86);
  rts_jwt_signer_free (signer);

  /* The same key on the next start; a lost certificate is made again. */
  g_assert_cmpint (g_remove (cert_path), ==, 0);
  signer = rts_jwt_signer_open (key_path, cert_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rts_jwt_signer_get_key_id (signer), ==, first_id);
  g_assert_true (g_file_test (cert_path, G_FILE_TEST_EXISTS));
  rts_jwt_signer_free (signer);

  g_assert_cmpint (g_remove (cert_path), ==, 0);
  g_assert_cmpint (g_remove (key_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry-auth/rate-limit/window", test_rate_limit_window);
  g_test_add_func ("/registry-auth/rate-limit/full", test_rate_limit_full);
  g_test_add_func ("/registry-auth/key-id", test_key_id_encode);
  g_test_add_func ("/registry-auth/signer-files", test_signer_files);

  return g_test_run ();
}
