/* rts-jwt.c: the key that signs registry tokens, and JWT signing with it
 *
 * The key is an EC P-256 key (JWT "ES256"), kept in PEM beside the
 * database with a self-signed certificate that the registry trusts through
 * its rootcertbundle. Tokens name the key by the "kid" the registry derives
 * from each trusted certificate: the SHA-256 of the DER SubjectPublicKeyInfo,
 * cut to 240 bits, in base32 groups of four joined by ':' (libtrust's key
 * id, which distribution 2.8 uses).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "rts-jwt.h"
#include "rts-random.h"

#define CURVE_NAME          "P-256"
#define COORDINATE_LENGTH   32
#define KEY_ID_BYTES        30
#define CERT_DAYS           3650
#define CERT_COMMON_NAME    "registry-token-service token signer"

struct _RtsJwtSigner
{
  EVP_PKEY *key;
  char     *key_id;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECDSA_SIG, ECDSA_SIG_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

static gboolean
set_openssl_error (GError     **error,
                   const char  *what)
{
  char buffer[256] = "unknown error";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, buffer, sizeof buffer);
  ERR_clear_error ();

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, buffer);

  return FALSE;
}

/* Base32 (RFC 4648, no padding) in groups of four joined by ':'. */
char *
rts_jwt_key_id_encode (const guint8 *digest,
                       gsize         length)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr(GString) plain = g_string_new (NULL);
  GString *grouped = g_string_new (NULL);
  guint buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < length; i++)
    {
      buffer = (buffer << 8) | digest[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (plain, alphabet[(buffer >> (bits - 5)) & 0x1f]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (plain, alphabet[(buffer << (5 - bits)) & 0x1f]);

  for (gsize i = 0; i < plain->len; i += 4)
    {
      if (i > 0)
        g_string_append_c (grouped, ':');
      g_string_append_len (grouped, plain->str + i, MIN (4, plain->len - i));
    }

  return g_string_free (grouped, FALSE);
}

static char *
compute_key_id (EVP_PKEY  *key,
                GError   **error)
{
  unsigned char *der = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int length = i2d_PUBKEY (key, &der);

  if (length <= 0)
    {
      set_openssl_error (error, "Could not encode the public key");
      return NULL;
    }

  g_checksum_update (checksum, der, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  OPENSSL_free (der);

  return rts_jwt_key_id_encode (digest, KEY_ID_BYTES);
}

static gboolean
write_pem (const char  *path,
           BIO         *bio,
           int          mode,
           GError     **error)
{
  char *data = NULL;
  long length = BIO_get_mem_data (bio, &data);

  /* Written to a temporary file with its final mode, then renamed, so the
   * key is never readable by others, not even for a moment. */
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   mode, error);
}

static EVP_PKEY *
read_key (const char  *key_path,
          GError     **error)
{
  g_autofree char *pem = NULL;
  g_autoptr(BIO) bio = NULL;
  gsize length = 0;
  EVP_PKEY *key;

  if (!g_file_get_contents (key_path, &pem, &length, error))
    return NULL;

  bio = BIO_new_mem_buf (pem, (int) length);
  key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  OPENSSL_cleanse (pem, length);

  if (key == NULL)
    set_openssl_error (error, "Could not read the signing key");
  else if (!EVP_PKEY_is_a (key, "EC"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s does not hold an EC P-256 key", key_path);
      g_clear_pointer (&key, EVP_PKEY_free);
    }

  return key;
}

static EVP_PKEY *
create_key (const char  *key_path,
            GError     **error)
{
  g_autoptr(EVP_PKEY) key = EVP_EC_gen (CURVE_NAME);
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  if (key == NULL)
    {
      set_openssl_error (error, "Could not create a signing key");
      return NULL;
    }

  if (!PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL))
    {
      set_openssl_error (error, "Could not encode the signing key");
      return NULL;
    }

  if (!write_pem (key_path, bio, 0600, error))
    return NULL;

  return g_steal_pointer (&key);
}

/* Whether cert_path holds a certificate for key, as the registry needs. */
static gboolean
cert_matches (const char *cert_path,
              EVP_PKEY   *key)
{
  g_autofree char *pem = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;
  gsize length = 0;
  gboolean matches;

  if (!g_file_get_contents (cert_path, &pem, &length, NULL))
    return FALSE;

  bio = BIO_new_mem_buf (pem, (int) length);
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  matches = cert != NULL && X509_check_private_key (cert, key) == 1;
  ERR_clear_error ();

  return matches;
}

static gboolean
create_cert (const char  *cert_path,
             EVP_PKEY    *key,
             GError     **error)
{
  g_autoptr(X509) cert = X509_new ();
  g_autoptr(BIGNUM) serial = BN_new ();
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  X509_NAME *name;

  if (cert == NULL || serial == NULL || bio == NULL ||
      !X509_set_version (cert, X509_VERSION_3) ||
      !BN_rand (serial, 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
      !BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (cert)) ||
      !X509_gmtime_adj (X509_getm_notBefore (cert), -60) ||
      !X509_time_adj_ex (X509_getm_notAfter (cert), CERT_DAYS, 0, NULL) ||
      !X509_set_pubkey (cert, key))
    return set_openssl_error (error, "Could not fill in the certificate");

  name = X509_get_subject_name (cert);
  if (!X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC,
                                   (const unsigned char *) CERT_COMMON_NAME, -1, -1, 0) ||
      !X509_set_issuer_name (cert, name) ||
      !X509_sign (cert, key, EVP_sha256 ()) ||
      !PEM_write_bio_X509 (bio, cert))
    return set_openssl_error (error, "Could not sign the certificate");

  return write_pem (cert_path, bio, 0644, error);
}

/**
 * rts_jwt_signer_open:
 * @key_path: the PEM private key, created (mode 0600) when missing
 * @cert_path: the PEM certificate for the registry, created or replaced
 *   when missing or not made for that key
 */
RtsJwtSigner *
rts_jwt_signer_open (const char  *key_path,
                     const char  *cert_path,
                     GError     **error)
{
  g_autoptr(EVP_PKEY) key = NULL;
  RtsJwtSigner *signer;
  char *key_id;

  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (cert_path != NULL, NULL);

  if (g_file_test (key_path, G_FILE_TEST_EXISTS))
    key = read_key (key_path, error);
  else
    key = create_key (key_path, error);

  if (key == NULL)
    return NULL;

  if (!cert_matches (cert_path, key) && !create_cert (cert_path, key, error))
    return NULL;

  if (!(key_id = compute_key_id (key, error)))
    return NULL;

  signer = g_new0 (RtsJwtSigner, 1);
  signer->key = g_steal_pointer (&key);
  signer->key_id = key_id;

  return signer;
}

void
rts_jwt_signer_free (RtsJwtSigner *signer)
{
  if (signer == NULL)
    return;

  g_clear_pointer (&signer->key, EVP_PKEY_free);
  g_free (signer->key_id);
  g_free (signer);
}

const char *
rts_jwt_signer_get_key_id (RtsJwtSigner *signer)
{
  g_return_val_if_fail (signer != NULL, NULL);

  return signer->key_id;
}

static char *
encode_json_part (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  return rts_base64url_encode ((const guint8 *) text, strlen (text));
}

/* JWS wants ECDSA signatures as R || S, each padded to the curve size,
 * where OpenSSL gives DER. */
static gboolean
sign_es256 (EVP_PKEY      *key,
            const char    *input,
            guint8         out_signature[2 * COORDINATE_LENGTH],
            GError       **error)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  g_autoptr(ECDSA_SIG) sig = NULL;
  g_autofree unsigned char *der = NULL;
  const unsigned char *cursor;
  const BIGNUM *r;
  const BIGNUM *s;
  size_t der_length = 0;

  if (ctx == NULL ||
      EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key) != 1 ||
      EVP_DigestSign (ctx, NULL, &der_length, (const unsigned char *) input,
                      strlen (input)) != 1)
    return set_openssl_error (error, "Could not start signing");

  der = g_malloc (der_length);
  if (EVP_DigestSign (ctx, der, &der_length, (const unsigned char *) input,
                      strlen (input)) != 1)
    return set_openssl_error (error, "Could not sign");

  cursor = der;
  if (!(sig = d2i_ECDSA_SIG (NULL, &cursor, (long) der_length)))
    return set_openssl_error (error, "Could not decode the signature");

  ECDSA_SIG_get0 (sig, &r, &s);
  if (BN_bn2binpad (r, out_signature, COORDINATE_LENGTH) != COORDINATE_LENGTH ||
      BN_bn2binpad (s, out_signature + COORDINATE_LENGTH, COORDINATE_LENGTH) != COORDINATE_LENGTH)
    return set_openssl_error (error, "Could not encode the signature");

  return TRUE;
}

/* Returns the compact JWS of claims, with header {typ, alg, kid}. */
char *
rts_jwt_signer_sign (RtsJwtSigner  *signer,
                     JsonObject    *claims,
                     GError       **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autofree char *header_part = NULL;
  g_autofree char *claims_part = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature_part = NULL;
  guint8 signature[2 * COORDINATE_LENGTH];

  g_return_val_if_fail (signer != NULL, NULL);
  g_return_val_if_fail (claims != NULL, NULL);

  json_object_set_string_member (header, "typ", "JWT");
  json_object_set_string_member (header, "alg", "ES256");
  json_object_set_string_member (header, "kid", signer->key_id);

  header_part = encode_json_part (header);
  claims_part = encode_json_part (claims);
  input = g_strconcat (header_part, ".", claims_part, NULL);

  if (!sign_es256 (signer->key, input, signature, error))
    return NULL;

  signature_part = rts_base64url_encode (signature, sizeof signature);

  return g_strconcat (input, ".", signature_part, NULL);
}
