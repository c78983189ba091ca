/* rts-registry-auth.c: the registry's token server at GET /auth/token
 *
 * Docker Registry v2 token authentication (distribution's "Token
 * Authentication Specification" and "Implementation", JWT form): the
 * client logs in with HTTP Basic as the token's username and secret and
 * asks for scopes; the answer is a short-lived JWT granting pull on the
 * requested repositories of the token's products whose subscription is
 * active. Scopes it cannot grant are left out rather than refused, as the
 * specification asks; the registry then denies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "rts-clock.h"
#include "rts-random.h"
#include "rts-rate-limit.h"
#include "rts-registry-auth.h"
#include "rts-store.h"

#define TOKEN_LIFETIME_S          300
#define FAILURE_WINDOW            (60 * G_USEC_PER_SEC)
#define MAX_FAILURES_PER_ADDRESS  5
#define MAX_FAILURES_PER_USERNAME 20
#define MAX_TRACKED_KEYS          10000
#define MAX_USERNAME_LENGTH       256
#define MAX_SCOPES                32
#define LAST_USED_INTERVAL_S      60
#define STATUS_TOO_MANY_REQUESTS  429   /* not in libsoup 3.0 */

struct _RtsRegistryAuth
{
  RtsDb        *db;
  RtsJwtSigner *signer;
  char         *service;
  char         *issuer;
  RtsRateLimit *by_address;
  RtsRateLimit *by_username;
  char         *dummy_hash;
};

/* What the credentials open: NULL repositories means refused. */
typedef struct
{
  char       *token_id;
  char       *project_id;
  GHashTable *repositories;
} Grant;

static void
grant_clear (Grant *grant)
{
  g_clear_pointer (&grant->token_id, g_free);
  g_clear_pointer (&grant->project_id, g_free);
  g_clear_pointer (&grant->repositories, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grant, grant_clear)

/**
 * rts_registry_auth_new:
 * @db: the database; it must outlive the token server
 * @signer: (transfer full): the key tokens are signed with
 * @service: the registry's service name; requests for another are refused
 * @issuer: the `iss` of every token, as the registry's `issuer` expects
 */
RtsRegistryAuth *
rts_registry_auth_new (RtsDb        *db,
                       RtsJwtSigner *signer,
                       const char   *service,
                       const char   *issuer)
{
  RtsRegistryAuth *auth;
  g_autofree char *dummy = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (signer != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  auth = g_new0 (RtsRegistryAuth, 1);
  auth->db = db;
  auth->signer = signer;
  auth->service = g_strdup (service);
  auth->issuer = g_strdup (issuer);
  auth->by_address = rts_rate_limit_new (MAX_FAILURES_PER_ADDRESS, FAILURE_WINDOW,
                                         MAX_TRACKED_KEYS);
  auth->by_username = rts_rate_limit_new (MAX_FAILURES_PER_USERNAME, FAILURE_WINDOW,
                                          MAX_TRACKED_KEYS);

  /* Compared against when the username is unknown, so that a miss costs
   * the same hash and compare as a wrong secret. */
  dummy = rts_random_id ("", 32);
  auth->dummy_hash = rts_sha256_hex (dummy, -1);

  return auth;
}

void
rts_registry_auth_free (RtsRegistryAuth *auth)
{
  if (auth == NULL)
    return;

  g_clear_pointer (&auth->signer, rts_jwt_signer_free);
  g_clear_pointer (&auth->by_address, rts_rate_limit_free);
  g_clear_pointer (&auth->by_username, rts_rate_limit_free);
  g_free (auth->service);
  g_free (auth->issuer);
  g_free (auth->dummy_hash);
  g_free (auth);
}

/* The body the specification gives for errors: {"errors": [{code, message}]}. */
static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate",
                                  "Basic realm=\"registry-token-service\"");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
  soup_server_message_set_status (msg, status,
                                  status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
}

/* Every refusal reads the same, whatever was wrong. */
static void
reply_unauthorized (SoupServerMessage *msg)
{
  reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "authentication required");
}

static void
reply_too_many (SoupServerMessage *msg,
                guint              retry_after)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

  soup_message_headers_replace (headers, "Retry-After", seconds);
  reply_error (msg, STATUS_TOO_MANY_REQUESTS, "TOOMANYREQUESTS",
               "too many failed attempts; try again later");
}

/* Splits a form-encoded query keeping repeated names: GHashTable queries
 * keep only one `scope`. Scope values may also hold several scopes
 * separated by spaces, as older docker clients send them. */
static void
parse_query (const char  *raw,
             char       **out_service,
             GPtrArray   *scopes)
{
  g_auto(GStrv) pairs = NULL;

  *out_service = NULL;

  if (raw == NULL)
    return;

  pairs = g_strsplit (raw, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *value = NULL;

      if (equals == NULL)
        continue;

      *equals = '\0';
      g_strdelimit (equals + 1, "+", ' ');
      if (!(value = g_uri_unescape_string (equals + 1, NULL)))
        continue;

      if (strcmp (pairs[i], "service") == 0)
        {
          g_free (*out_service);
          *out_service = g_steal_pointer (&value);
        }
      else if (strcmp (pairs[i], "scope") == 0)
        {
          g_auto(GStrv) parts = g_strsplit (value, " ", -1);

          for (guint j = 0; parts[j] != NULL && scopes->len < MAX_SCOPES; j++)
            {
              if (*parts[j] != '\0')
                g_ptr_array_add (scopes, g_strdup (parts[j]));
            }
        }
    }
}

/* Reads "Basic base64(username:secret)". The decoded text is wiped. */
static gboolean
parse_basic (SoupServerMessage  *msg,
             char              **out_username,
             RtsSecret         **out_secret)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(RtsSecret) plain = NULL;
  guchar *decoded;
  gsize length = 0;
  char *colon;

  if (value == NULL || g_ascii_strncasecmp (value, "Basic ", 6) != 0)
    return FALSE;

  value += 6;
  while (*value == ' ')
    value++;

  decoded = g_base64_decode (value, &length);
  plain = g_malloc0 (length + 1);
  memcpy (plain, decoded, length);
  explicit_bzero (decoded, length);
  g_free (decoded);

  if (memchr (plain, '\0', length) != NULL || !g_utf8_validate (plain, length, NULL) ||
      !(colon = strchr (plain, ':')) || colon == plain ||
      colon - plain > MAX_USERNAME_LENGTH)
    return FALSE;

  *out_username = g_strndup (plain, colon - plain);
  *out_secret = g_strdup (colon + 1);

  return TRUE;
}

/* Checks the secret of username ({project}+{token name}) and collects the
 * repositories of its products with an active subscription. Returns FALSE
 * only on a database error; a refusal leaves grant->repositories NULL and
 * *out_wrong_secret says whether it counts as a guess. */
static gboolean
check_credentials (RtsRegistryAuth  *auth,
                   const char       *username,
                   const char       *secret,
                   Grant            *grant,
                   gboolean         *out_wrong_secret,
                   GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *secret_hash = rts_sha256_hex (secret, -1);
  g_autofree char *today = rts_clock_today ();
  const char *plus = strrchr (username, '+');
  const char *stored_hash = auth->dummy_hash;
  gboolean found = FALSE;
  guint n_products = 0;
  RtsStep step;

  *out_wrong_secret = TRUE;

  if (plus != NULL)
    {
      project_id = g_strndup (username, plus - username);
      stmt = rts_db_query (auth->db, error,
                           "SELECT id, secret_hash FROM tokens "
                           "WHERE project_id = ?1 AND name = ?2",
                           project_id, plus + 1, NULL);
      if (stmt == NULL)
        return FALSE;

      switch (rts_db_step (auth->db, stmt, error))
        {
        case RTS_STEP_ROW:
          found = TRUE;
          grant->token_id = rts_db_column_dup (stmt, 0);
          if (strlen (rts_db_column_text (stmt, 1)) == strlen (secret_hash))
            stored_hash = rts_db_column_text (stmt, 1);
          break;

        case RTS_STEP_DONE:
          break;

        case RTS_STEP_ERROR:
        default:
          return FALSE;
        }
    }

  if (CRYPTO_memcmp (secret_hash, stored_hash, strlen (secret_hash)) != 0 || !found)
    return TRUE;

  *out_wrong_secret = FALSE;
  grant->project_id = g_steal_pointer (&project_id);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A product without repositories still counts as active: the token is
   * valid, it just opens nothing. */
  stmt = rts_db_query (auth->db, error,
                       "SELECT DISTINCT tp.product_id, r.repository "
                       "FROM token_products tp "
                       "JOIN subscription_products sp ON sp.product_id = tp.product_id "
                       "JOIN subscriptions s ON s.id = sp.subscription_id "
                       "  AND s.project_id = ?1 AND s.end_date >= ?3 "
                       "LEFT JOIN product_repositories r "
                       "  ON r.project_id = ?1 AND r.product_id = tp.product_id "
                       "WHERE tp.token_id = ?2",
                       grant->project_id, grant->token_id, today, NULL);
  if (stmt == NULL)
    return FALSE;

  grant->repositories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((step = rts_db_step (auth->db, stmt, error)) == RTS_STEP_ROW)
    {
      const char *repository = rts_db_column_text (stmt, 1);

      n_products++;
      if (repository != NULL)
        g_hash_table_add (grant->repositories, g_strdup (repository));
    }

  if (step == RTS_STEP_ERROR)
    return FALSE;

  /* Every subscription of the token's products has ended. */
  if (n_products == 0)
    g_clear_pointer (&grant->repositories, g_hash_table_unref);

  return TRUE;
}

/* Returns the access entry for one requested scope, or NULL when nothing
 * of it is granted: only pull, only on the grant's repositories. */
static JsonNode *
grant_scope (const Grant *grant,
             const char  *scope)
{
  const char *first = strchr (scope, ':');
  const char *last = strrchr (scope, ':');
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) actions = NULL;
  gboolean wants_pull = FALSE;

  if (first == NULL || first == last || first - scope != strlen ("repository") ||
      strncmp (scope, "repository", first - scope) != 0)
    return NULL;

  name = g_strndup (first + 1, last - first - 1);
  if (!g_hash_table_contains (grant->repositories, name))
    return NULL;

  actions = g_strsplit (last + 1, ",", -1);
  for (guint i = 0; actions[i] != NULL; i++)
    wants_pull |= strcmp (actions[i], "pull") == 0;
  if (!wants_pull)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "repository");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "pull");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Sets last_used_at, at most once a minute per token so that a busy pull
 * loop does not turn into a write per layer; the token list's ETag follows. */
static gboolean
touch_last_used (RtsRegistryAuth  *auth,
                 const Grant      *grant,
                 GError          **error)
{
  g_autoptr(GDateTime) now = rts_clock_now ();
  g_autoptr(GDateTime) earlier = g_date_time_add_seconds (now, -LAST_USED_INTERVAL_S);
  g_autofree char *now_text = rts_format_timestamp (now);
  g_autofree char *earlier_text = rts_format_timestamp (earlier);
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean changed = FALSE;

  if (!(tx = rts_transaction_begin (auth->db, TRUE, error)) ||
      !(stmt = rts_db_query (auth->db, error,
                             "UPDATE tokens SET last_used_at = ?2 "
                             "WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at <= ?3) "
                             "RETURNING id",
                             grant->token_id, now_text, earlier_text, NULL)) ||
      !rts_db_step_exists (auth->db, stmt, &changed, error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);

  if (changed && !rts_store_bump_revision (auth->db, grant->project_id, error))
    return FALSE;

  return rts_transaction_commit (tx, error);
}

static char *
issue_token (RtsRegistryAuth  *auth,
             const char       *username,
             JsonArray        *access,
             gint64            issued_at,
             GError          **error)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autofree char *jti = rts_random_id ("", 16);

  /* Real time, not rts_clock: the registry checks these against its own
   * clock even when tests fix the service's date. */
  json_object_set_string_member (claims, "iss", auth->issuer);
  json_object_set_string_member (claims, "sub", username);
  json_object_set_string_member (claims, "aud", auth->service);
  json_object_set_int_member (claims, "exp", issued_at + TOKEN_LIFETIME_S);
  json_object_set_int_member (claims, "nbf", issued_at);
  json_object_set_int_member (claims, "iat", issued_at);
  json_object_set_string_member (claims, "jti", jti);
  json_object_set_array_member (claims, "access", json_array_ref (access));

  return rts_jwt_signer_sign (auth->signer, claims, error);
}

static void
reply_token (SoupServerMessage *msg,
             const char        *token,
             gint64             issued_at)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GDateTime) issued = g_date_time_new_from_unix_utc (issued_at);
  g_autofree char *issued_text = rts_format_timestamp (issued);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (root, "token", token);
  json_object_set_string_member (root, "access_token", token);
  json_object_set_int_member (root, "expires_in", TOKEN_LIFETIME_S);
  json_object_set_string_member (root, "issued_at", issued_text);

  node = json_node_init_object (json_node_alloc (), root);
  body = json_to_string (node, FALSE);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
reply_internal (SoupServerMessage *msg,
                const GError      *error)
{
  g_warning ("Could not answer a registry token request: %s", error->message);
  reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "UNKNOWN", "internal error");
}

static void
exchange (RtsRegistryAuth   *auth,
          SoupServerMessage *msg)
{
  const char *address = soup_server_message_get_remote_host (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) access = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;
  g_autofree char *username = NULL;
  g_autofree char *address_key = NULL;
  g_autofree char *username_key = NULL;
  g_autofree char *token = NULL;
  g_autoptr(RtsSecret) secret = NULL;
  g_auto(Grant) grant = { 0 };
  gboolean wrong_secret = FALSE;
  guint retry_address = 0;
  guint retry_username = 0;
  gboolean address_allowed;
  gboolean username_allowed;
  gint64 issued_at;

  parse_query (g_uri_get_query (uri), &service, scopes);

  if (!parse_basic (msg, &username, &secret))
    {
      reply_unauthorized (msg);
      return;
    }

  address_key = g_strdup (address ? address : "");
  username_key = g_utf8_casefold (username, -1);
  /* Both are asked, so that Retry-After covers the longer wait. */
  address_allowed = rts_rate_limit_allows (auth->by_address, address_key, now, &retry_address);
  username_allowed = rts_rate_limit_allows (auth->by_username, username_key, now,
                                            &retry_username);
  if (!address_allowed || !username_allowed)
    {
      g_debug ("Registry login refused by the rate limit");
      reply_too_many (msg, MAX (retry_address, retry_username));
      return;
    }

  if (g_strcmp0 (service, auth->service) != 0)
    {
      reply_unauthorized (msg);
      return;
    }

  if (!check_credentials (auth, username, secret, &grant, &wrong_secret, &error))
    {
      reply_internal (msg, error);
      return;
    }

  if (wrong_secret)
    {
      rts_rate_limit_add_failure (auth->by_address, address_key, now);
      rts_rate_limit_add_failure (auth->by_username, username_key, now);
    }

  if (grant.repositories == NULL)
    {
      g_debug ("Registry login refused for %s", username);
      reply_unauthorized (msg);
      return;
    }

  for (guint i = 0; i < scopes->len; i++)
    {
      JsonNode *entry = grant_scope (&grant, g_ptr_array_index (scopes, i));

      if (entry != NULL)
        json_array_add_element (access, entry);
    }

  issued_at = g_get_real_time () / G_USEC_PER_SEC;
  if (!touch_last_used (auth, &grant, &error) ||
      !(token = issue_token (auth, username, access, issued_at, &error)))
    {
      reply_internal (msg, error);
      return;
    }

  g_debug ("Registry token for %s: %u of %u scopes granted", username,
           json_array_get_length (access), scopes->len);
  reply_token (msg, token, issued_at);
}

static void
token_callback (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  RtsRegistryAuth *auth = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (strcmp (path, RTS_REGISTRY_AUTH_PATH) != 0)
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "there is nothing at this path");
  else if (strcmp (method, SOUP_METHOD_GET) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "UNSUPPORTED",
                   "this path only supports GET");
    }
  else
    exchange (auth, msg);
}

/* Serves RTS_REGISTRY_AUTH_PATH on soup; auth must outlive soup's use. */
void
rts_registry_auth_attach (RtsRegistryAuth *auth,
                          SoupServer      *soup)
{
  g_return_if_fail (auth != NULL);
  g_return_if_fail (SOUP_IS_SERVER (soup));

  soup_server_add_handler (soup, RTS_REGISTRY_AUTH_PATH, token_callback, auth, NULL);
}
