/* rts-handlers.c: one function per API call, each turning a request into
 * a reply
 *
 * Every handler runs synchronously on the main loop; mutations run in one
 * BEGIN IMMEDIATE transaction that rolls back on any early return.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rts-clock.h"
#include "rts-handlers.h"
#include "rts-idempotency.h"
#include "rt-json-check.h"
#include "rts-json-check.h"
#include "rts-json-writer.h"
#include "rts-random.h"
#include "rts-tokens.h"

#define DEFAULT_PAGE_SIZE 100
#define MAX_PAGE_SIZE     1000
#define MIN_NAME_LENGTH   3
#define MAX_NAME_LENGTH   64

static RtsReply *
not_found_reply (void)
{
  return rts_reply_new_problem (RTS_PROBLEM_NOT_FOUND, "There is no such token.");
}

/* Wraps object in a node, taking over the caller's reference. */
static JsonNode *
object_node_take (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);

  return node;
}

/* Returns the body as a JSON object, or NULL with *out_reply set to a 400.
 * With allow_empty, an empty body reads as {}. */
static JsonObject *
parse_body_object (const RtsRequest  *request,
                   gboolean           allow_empty,
                   RtsReply         **out_reply)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *problem;
  JsonNode *root;

  if (request->body_length == 0 && allow_empty)
    return json_object_new ();

  /* Checked first: an embedded NUL or bad UTF-8 must not reach the parser. */
  if (!g_utf8_validate (request->body, request->body_length, NULL))
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                          "The request body is not valid UTF-8.");
      return NULL;
    }

  if ((problem = rts_json_check_structure (request->body, request->body_length)) != NULL)
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST, problem);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  /* What json-glib 1.6 mishandles, refused as the app refuses it. */
  if (rt_json_check_text (request->body, request->body_length, RTS_JSON_MAX_DEPTH, NULL) !=
      RT_JSON_CHECK_OK ||
      !json_parser_load_from_data (parser, request->body, request->body_length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                          "The request body is not JSON.");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                          "The request body is not a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Looks up an optional string member: absent and null both give NULL.
 * Returns FALSE when the member holds anything else. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *member,
                     const char **out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out_value = json_node_get_string (node);

  return TRUE;
}

RtsReply *
rts_handle_me (const RtsRequest *request)
{
  const RtsCaller *caller = request->caller;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *user = json_object_new ();
  JsonObject *project = json_object_new ();

  json_object_set_string_member (user, "id", caller->user_id);
  json_object_set_string_member (user, "name", caller->user_name);
  json_object_set_string_member (user, "email", caller->email);
  json_object_set_string_member (project, "id", caller->project_id);
  json_object_set_string_member (project, "name", caller->project_name);

  json_object_set_object_member (root, "user", user);
  json_object_set_object_member (root, "project", project);
  json_object_set_string_member (root, "role", caller->is_admin ? "admin" : "member");
  json_object_set_string_member (root, "registry",
                                 request->registry ? request->registry : caller->registry);

  node = object_node_take (g_steal_pointer (&root));

  return rts_reply_new_json (SOUP_STATUS_OK, node);
}

RtsReply *
rts_handle_subscriptions (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* A read transaction, so that subscriptions and their products come
   * from one snapshot even while the CLI adds a subscription. */
  if (!(tx = rts_transaction_begin (request->db, FALSE, &error)) ||
      !(node = rts_store_subscriptions_json (request->db, request->caller->project_id, &error)) ||
      !rts_transaction_commit (tx, &error))
    return rts_reply_new_internal (error);

  return rts_reply_new_json (SOUP_STATUS_OK, node);
}

RtsReply *
rts_handle_service_users (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!request->caller->is_admin)
    return rts_reply_new_problem (RTS_PROBLEM_FORBIDDEN,
                                  "Only admins may list the project's service users.");

  node = rts_store_service_users_json (request->db, request->caller->project_id, &error);
  if (node == NULL)
    return rts_reply_new_internal (error);

  return rts_reply_new_json (SOUP_STATUS_OK, node);
}

/* Reads page_size: a 400 when it is not a number, a 422 when out of range. */
static gboolean
parse_page_size (const RtsRequest  *request,
                 guint             *out_page_size,
                 RtsReply         **out_reply)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, "page_size") : NULL;
  g_autoptr(GError) error = NULL;
  gint64 value;

  *out_page_size = DEFAULT_PAGE_SIZE;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, &error))
    {
      if (g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        value = -1;
      else
        {
          *out_reply = rts_reply_new_problem (RTS_PROBLEM_BAD_REQUEST,
                                              "The page_size parameter is not a number.");
          return FALSE;
        }
    }

  if (value < 1 || value > MAX_PAGE_SIZE)
    {
      *out_reply = rts_reply_new_invalid ("page_size", "must be between 1 and 1000",
                                          "The page size must be between 1 and 1000.");
      return FALSE;
    }

  *out_page_size = (guint) value;

  return TRUE;
}

/* An empty page_token means the first page, like an absent one. */
static const char *
get_page_token (const RtsRequest *request)
{
  const char *text = request->query ? g_hash_table_lookup (request->query, "page_token") : NULL;

  return text != NULL && *text != '\0' ? text : NULL;
}

/* Strong, and derived from everything the list reply depends on: the
 * project revision (bumped with every token or subscription change), who
 * asks (visibility), which page, and today's date (statuses expire). */
static char *
make_list_etag (gint64      revision,
                const char *user_id,
                guint       page_size,
                const char *page_token,
                const char *today)
{
  g_autofree char *input = g_strdup_printf ("%" G_GINT64_FORMAT "\n%s\n%u\n%s\n%s",
                                            revision, user_id, page_size,
                                            page_token ? page_token : "", today);
  g_autofree char *digest = rts_sha256_hex (input, -1);

  return g_strdup_printf ("\"%.32s\"", digest);
}

/* If-None-Match uses the weak comparison (RFC 9110, 13.1.2), so a W/
 * prefix is ignored; "*" matches any existing representation. */
static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) candidates = NULL;

  if (if_none_match == NULL)
    return FALSE;

  candidates = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_has_prefix (candidate, "W/"))
        candidate += 2;
      if (strcmp (candidate, "*") == 0 || strcmp (candidate, etag) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Completes text, which holds {"tokens":[…] so far, into the reply. */
static RtsReply *
token_page_reply (GString           *text,
                  guint              page_size,
                  const RtsPosition *next,
                  gint64             total,
                  char              *etag)
{
  g_autofree char *next_page_token = next ? rts_position_encode (next) : NULL;
  RtsReply *reply;

  g_string_append (text, ",\"next_page_token\":");
  rts_json_append_string (text, next_page_token);
  g_string_append_printf (text, ",\"total\":%" G_GINT64_FORMAT "}", total);

  reply = rts_reply_new_json_text (SOUP_STATUS_OK, text);
  reply->etag = etag;
  /* The next page's address before the body, so that a client can ask for
   * it while it still parses this one (RFC 8288). */
  if (next_page_token != NULL)
    reply->link = g_strdup_printf ("</api/v1/tokens?page_size=%u&page_token=%s>; rel=\"next\"",
                                   page_size, next_page_token);

  return reply;
}

RtsReply *
rts_handle_list_tokens (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(RtsPosition) after = NULL;
  g_autoptr(RtsPosition) next = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *today = rts_clock_today ();
  g_autofree char *etag = NULL;
  const char *page_token = get_page_token (request);
  RtsReply *reply = NULL;
  guint page_size;
  gint64 revision;
  gint64 total;

  if (!parse_page_size (request, &page_size, &reply))
    return reply;

  if (page_token != NULL && !(after = rts_position_decode (page_token)))
    return rts_reply_new_invalid ("page_token", "is not a page token from this service",
                                  "The page token is not valid.");

  /* One read transaction: the revision must match the rows read. */
  if (!(tx = rts_transaction_begin (request->db, FALSE, &error)) ||
      !rts_store_get_revision (request->db, request->caller->project_id, &revision, &error))
    return rts_reply_new_internal (error);

  etag = make_list_etag (revision, request->caller->user_id, page_size, page_token, today);
  if (etag_matches (request->if_none_match, etag))
    {
      reply = rts_reply_new (SOUP_STATUS_NOT_MODIFIED);
      reply->etag = g_steal_pointer (&etag);
      return reply;
    }

  /* About 450 bytes a token with the demo's products. */
  text = g_string_sized_new (page_size * 512);
  g_string_append (text, "{\"tokens\":");
  if (!rts_tokens_list (request->db, request->caller, today, page_size, after, text,
                        &next, &error))
    return rts_reply_new_internal (error);

  /* The walk's first page counts; the next pages carry the count in their
   * page token for as long as nothing has changed. */
  if (after != NULL && after->total >= 0 && after->revision == revision)
    total = after->total;
  else if (!rts_tokens_count (request->db, request->caller, &total, &error))
    return rts_reply_new_internal (error);

  if (!rts_transaction_commit (tx, &error))
    return rts_reply_new_internal (error);

  if (next != NULL)
    {
      next->revision = revision;
      next->total = total;
    }

  return token_page_reply (g_steal_pointer (&text), page_size, next, total,
                           g_steal_pointer (&etag));
}

RtsReply *
rts_handle_get_token (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(JsonNode) token = NULL;
  g_autofree char *today = rts_clock_today ();

  if (!(tx = rts_transaction_begin (request->db, FALSE, &error)))
    return rts_reply_new_internal (error);

  token = rts_tokens_get (request->db, request->caller, request->token_id, today, &error);
  if (error != NULL)
    return rts_reply_new_internal (error);
  if (token == NULL)
    return not_found_reply ();

  if (!rts_transaction_commit (tx, &error))
    return rts_reply_new_internal (error);

  return rts_reply_new_json (SOUP_STATUS_OK, token);
}

/* Returns why name is not a valid token name, or NULL when it is. */
static const char *
check_token_name (const char *name)
{
  gsize length = strlen (name);

  if (length < MIN_NAME_LENGTH)
    return "must be at least 3 characters long";
  if (length > MAX_NAME_LENGTH)
    return "must be at most 64 characters long";
  if (!g_ascii_isalnum (name[0]))
    return "must start with a letter or a digit";

  for (gsize i = 0; i < length; i++)
    {
      char c = name[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != '-')
        return "may only contain letters, digits, '.', '_' and '-'";
    }

  return NULL;
}

/* The fields of a POST /tokens body once read. */
typedef struct
{
  const char *name;
  const char *type;
  const char *service_user;
  gboolean    type_valid;
  gboolean    service_user_valid;
} CreateFields;

static void
add_error (JsonObject  *errors,
           char       **detail,
           const char  *field,
           const char  *subject,
           const char  *message)
{
  json_object_set_string_member (errors, field, message);
  if (*detail == NULL)
    *detail = g_strdup_printf ("%s %s.", subject, message);
}

static void
read_create_fields (JsonObject    *body,
                    CreateFields  *fields,
                    JsonObject    *errors,
                    char         **detail)
{
  const char *problem;

  if (!get_optional_string (body, "type", &fields->type) ||
      (fields->type != NULL &&
       g_strcmp0 (fields->type, "user") != 0 && g_strcmp0 (fields->type, "service") != 0))
    add_error (errors, detail, "type", "The token type", "must be \"user\" or \"service\"");
  else
    fields->type_valid = TRUE;

  if (fields->type == NULL)
    fields->type = "user";

  if (!get_optional_string (body, "name", &fields->name))
    add_error (errors, detail, "name", "The token name", "must be a string");
  else if (fields->name == NULL)
    add_error (errors, detail, "name", "The token name", "is required");
  else if ((problem = check_token_name (fields->name)) != NULL)
    add_error (errors, detail, "name", "The token name", problem);

  fields->service_user_valid = get_optional_string (body, "service_user", &fields->service_user);
  if (!fields->service_user_valid)
    add_error (errors, detail, "service_user", "The service user", "must be a string or null");
}

/* Checks service_user against the type, and against the project's service
 * users, inside the write transaction. */
static gboolean
check_service_user (const RtsRequest  *request,
                    CreateFields      *fields,
                    JsonObject        *errors,
                    char             **detail,
                    GError           **error)
{
  gboolean exists = FALSE;

  if (!fields->type_valid || !fields->service_user_valid)
    return TRUE;

  if (strcmp (fields->type, "user") == 0)
    {
      if (fields->service_user != NULL)
        add_error (errors, detail, "service_user", "The service user",
                   "must be null for a user token");
      return TRUE;
    }

  if (fields->service_user == NULL)
    {
      add_error (errors, detail, "service_user", "The service user",
                 "is required for a service token");
      return TRUE;
    }

  if (!rts_store_service_user_exists (request->db, request->caller->project_id,
                                      fields->service_user, &exists, error))
    return FALSE;

  if (!exists)
    add_error (errors, detail, "service_user", "The service user",
               "is not a service user of this project");

  return TRUE;
}

/* Builds {"token": …, "secret": …} with the token as stored now. */
static RtsReply *
token_secret_reply (const RtsRequest  *request,
                    guint              status,
                    const char        *token_id,
                    const char        *secret,
                    RtsTransaction    *tx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *today = rts_clock_today ();
  JsonNode *token;
  RtsReply *reply;
  char *copy;

  /* The key's mapping commits with the token, so a replay after a crash
   * still finds it; the secret itself is never stored. */
  if (!(token = rts_tokens_get (request->db, request->caller, token_id, today, &error)) ||
      (request->idempotency_key != NULL &&
       !rts_idempotency_record (request->db, request->caller->user_id,
                                request->idempotency_key, request->idempotency_fingerprint,
                                token_id, &error)) ||
      !rts_transaction_commit (tx, &error))
    {
      g_clear_pointer (&token, json_node_unref);
      return rts_reply_new_internal (error);
    }

  json_object_set_member (root, "token", token);
  json_object_set_string_member (root, "secret", secret);
  node = object_node_take (g_steal_pointer (&root));
  reply = rts_reply_new_json (status, node);

  /* json-glib copied the secret into the tree; the reply's body is wiped
   * when it goes (rts_reply_free), so wipe this copy before the tree goes. */
  copy = (char *) json_object_get_string_member (json_node_get_object (node), "secret");
  explicit_bzero (copy, strlen (copy));

  return reply;
}

/* Draws a fresh secret and stores only its hash for the token. */
static RtsSecret *
new_token_secret (char   **out_hash,
                  GError **error)
{
  g_autoptr(RtsSecret) secret = rts_random_secret (RTS_SECRET_PREFIX, error);

  if (secret == NULL)
    return NULL;

  *out_hash = rts_sha256_hex (secret, -1);

  return g_steal_pointer (&secret);
}

static RtsReply *
insert_token (const RtsRequest   *request,
              const CreateFields *fields,
              JsonArray          *products,
              RtsTransaction     *tx)
{
  const RtsCaller *caller = request->caller;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsSecret) secret = NULL;
  g_autofree char *secret_hash = NULL;
  g_autofree char *token_id = rts_random_id ("tok_", 8);
  g_autofree char *created_at = rts_clock_timestamp ();
  g_autoptr(RtsReply) reply = NULL;
  gboolean is_user = strcmp (fields->type, "user") == 0;
  RtsNewToken token = {
    .id = token_id,
    .project_id = caller->project_id,
    .name = fields->name,
    .type = fields->type,
    .created_for_user = is_user ? caller->user_id : NULL,
    .created_for_service = is_user ? NULL : fields->service_user,
    .created_by = caller->user_id,
    .created_at = created_at,
  };

  if (!(secret = new_token_secret (&secret_hash, &error)))
    return rts_reply_new_internal (error);

  token.secret_hash = secret_hash;

  if (!rts_tokens_insert (request->db, &token, &error) ||
      !rts_tokens_set_products (request->db, token_id, products, &error) ||
      !rts_store_bump_revision (request->db, caller->project_id, &error))
    return rts_reply_new_internal (error);

  reply = token_secret_reply (request, SOUP_STATUS_CREATED, token_id, secret, tx);
  if (reply->status == SOUP_STATUS_CREATED)
    reply->location = g_strdup_printf ("/api/v1/tokens/%s", token_id);

  return g_steal_pointer (&reply);
}

RtsReply *
rts_handle_create_token (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) errors = json_object_new ();
  g_autoptr(JsonArray) products = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *today = rts_clock_today ();
  CreateFields fields = { 0 };
  RtsReply *reply = NULL;
  gboolean taken = FALSE;

  if (!(body = parse_body_object (request, FALSE, &reply)))
    return reply;

  read_create_fields (body, &fields, errors, &detail);

  if (fields.type_valid && strcmp (fields.type, "service") == 0 && !request->caller->is_admin)
    return rts_reply_new_problem (RTS_PROBLEM_FORBIDDEN,
                                  "Only admins may create service tokens.");

  if (!(tx = rts_transaction_begin (request->db, TRUE, &error)) ||
      !check_service_user (request, &fields, errors, &detail, &error))
    return rts_reply_new_internal (error);

  if (json_object_get_size (errors) > 0)
    return rts_reply_new_validation (errors, detail);

  if (!(products = rts_store_active_products (request->db, request->caller->project_id,
                                              today, &error)))
    return rts_reply_new_internal (error);

  if (json_array_get_length (products) == 0)
    return rts_reply_new_problem (RTS_PROBLEM_NO_ACTIVE_SUBSCRIPTION,
                                  "The project has no active subscription, so a new "
                                  "token would have no products.");

  if (!rts_tokens_name_taken (request->db, request->caller->project_id, fields.name,
                              &taken, &error))
    return rts_reply_new_internal (error);

  if (taken)
    {
      g_autofree char *message = g_strdup_printf ("A token named \"%s\" already exists "
                                                  "in this project.", fields.name);

      return rts_reply_new_problem (RTS_PROBLEM_CONFLICT, message);
    }

  return insert_token (request, &fields, products, tx);
}

/* Opens the write transaction of a call on one token and checks that the
 * caller may see the token. Returns NULL with *out_reply set otherwise. */
static RtsTransaction *
begin_on_visible_token (const RtsRequest  *request,
                        RtsReply         **out_reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  gboolean visible = FALSE;

  if (!(tx = rts_transaction_begin (request->db, TRUE, &error)) ||
      !rts_tokens_is_visible (request->db, request->caller, request->token_id,
                              &visible, &error))
    {
      *out_reply = rts_reply_new_internal (error);
      return NULL;
    }

  if (!visible)
    {
      *out_reply = not_found_reply ();
      return NULL;
    }

  return g_steal_pointer (&tx);
}

RtsReply *
rts_handle_delete_token (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  RtsReply *reply = NULL;

  if (!(tx = begin_on_visible_token (request, &reply)))
    return reply;

  if (!rts_tokens_delete (request->db, request->token_id, &error) ||
      !rts_store_bump_revision (request->db, request->caller->project_id, &error) ||
      !rts_transaction_commit (tx, &error))
    return rts_reply_new_internal (error);

  return rts_reply_new (SOUP_STATUS_NO_CONTENT);
}

RtsReply *
rts_handle_regenerate_secret (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(RtsSecret) secret = NULL;
  g_autofree char *secret_hash = NULL;
  RtsReply *reply = NULL;

  if (!(body = parse_body_object (request, TRUE, &reply)) ||
      !(tx = begin_on_visible_token (request, &reply)))
    return reply;

  /* The old hash is overwritten in place: the old secret stops working as
   * soon as this transaction commits. */
  if (!(secret = new_token_secret (&secret_hash, &error)) ||
      !rts_tokens_set_secret_hash (request->db, request->token_id, secret_hash, &error) ||
      !rts_store_bump_revision (request->db, request->caller->project_id, &error))
    return rts_reply_new_internal (error);

  return token_secret_reply (request, SOUP_STATUS_OK, request->token_id, secret, tx);
}

static gboolean
products_contain (JsonArray  *products,
                  const char *id)
{
  guint n_products = json_array_get_length (products);

  for (guint i = 0; i < n_products; i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);

      if (g_strcmp0 (json_object_get_string_member (product, "id"), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The products of a that are not in b, keeping a's order (by name). */
static JsonArray *
products_difference (JsonArray *a,
                     JsonArray *b)
{
  JsonArray *difference = json_array_new ();
  guint n_products = json_array_get_length (a);

  for (guint i = 0; i < n_products; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      const char *id = json_object_get_string_member (json_node_get_object (node), "id");

      if (!products_contain (b, id))
        json_array_add_element (difference, json_node_copy (node));
    }

  return difference;
}

static RtsReply *
resync_reply (const RtsRequest *request,
              JsonArray        *before,
              JsonArray        *after,
              RtsTransaction   *tx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *today = rts_clock_today ();
  JsonNode *token;

  if (!(token = rts_tokens_get (request->db, request->caller, request->token_id,
                                today, &error)) ||
      !rts_transaction_commit (tx, &error))
    {
      g_clear_pointer (&token, json_node_unref);
      return rts_reply_new_internal (error);
    }

  json_object_set_member (root, "token", token);
  json_object_set_array_member (root, "added", products_difference (after, before));
  json_object_set_array_member (root, "removed", products_difference (before, after));
  node = object_node_take (g_steal_pointer (&root));

  return rts_reply_new_json (SOUP_STATUS_OK, node);
}

RtsReply *
rts_handle_resync_products (const RtsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtsTransaction) tx = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) before = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autofree char *today = rts_clock_today ();
  const char *project_id = request->caller->project_id;
  RtsReply *reply = NULL;

  if (!(body = parse_body_object (request, TRUE, &reply)) ||
      !(tx = begin_on_visible_token (request, &reply)))
    return reply;

  /* With no active subscription left the token ends up with no products
   * (and expired); the contract names no error for that case. */
  if (!(before = rts_tokens_products (request->db, project_id, request->token_id, &error)) ||
      !(after = rts_store_active_products (request->db, project_id, today, &error)) ||
      !rts_tokens_set_products (request->db, request->token_id, after, &error) ||
      !rts_store_bump_revision (request->db, project_id, &error))
    return rts_reply_new_internal (error);

  return resync_reply (request, before, after, tx);
}
