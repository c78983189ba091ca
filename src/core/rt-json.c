/* rt-json.c: pure parsers and builders for the token API's JSON bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rt-json-private.h"
#include "rt-token-private.h"

/* Every function here takes bytes and returns objects or a GError, with no
 * I/O, so that the parsers can be tested from fixture files and fuzzed. The
 * shapes are those of docs/token-api.md; rt-json-reader.c holds the checks
 * shared by every shape (limits, types, dates). */

#define TOKEN_NAME_MIN_LENGTH 3
#define TOKEN_NAME_MAX_LENGTH 64

G_DEFINE_QUARK (rt-json-error-quark, rt_json_error)

/* @data is what the caller of parse_array() passed on, or NULL. */
typedef gpointer (*ParseElementFunc) (JsonNode    *node,
                                      const char  *path,
                                      gpointer     data,
                                      GError     **error);

/* --- objects to models ----------------------------------------------------- */

static gboolean
read_id (JsonObject  *object,
         const char  *path,
         const char  *field,
         const char **out,
         GError     **error)
{
  if (!rt_json_read_string (object, path, field, FALSE, out, error))
    return FALSE;

  if (**out == '\0')
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, field, "empty");
      return FALSE;
    }

  return TRUE;
}

/* Parses @field of @object, an array whose elements @parse_element turns
 * into objects. */
static GPtrArray *
parse_array (JsonObject        *object,
             const char        *path,
             const char        *field,
             ParseElementFunc   parse_element,
             gpointer           data,
             GError           **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autofree char *array_path = NULL;
  JsonNode *node;
  JsonArray *array;
  guint n_elements;

  if (!rt_json_read_container (object, path, field, FALSE, JSON_NODE_ARRAY, &node, error))
    return NULL;

  array = json_node_get_array (node);
  n_elements = json_array_get_length (array);
  array_path = rt_json_join_path (path, field);
  result = g_ptr_array_new_full (n_elements, g_object_unref);

  for (guint i = 0; i < n_elements; i++)
    {
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", array_path, i);
      gpointer element;

      element = parse_element (json_array_get_element (array, i), element_path, data, error);
      if (element == NULL)
        return NULL;

      g_ptr_array_add (result, element);
    }

  return g_steal_pointer (&result);
}

/* An optional array of non-empty strings; absent or null reads as empty. */
static gboolean
read_string_array (JsonObject   *object,
                   const char   *path,
                   const char   *field,
                   GStrv        *out,
                   GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;
  JsonArray *array;

  if (!rt_json_read_container (object, path, field, TRUE, JSON_NODE_ARRAY, &node, error))
    return FALSE;

  array = node != NULL ? json_node_get_array (node) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          *json_node_get_string (element) == '\0')
        {
          rt_json_set_field_error (error, RT_JSON_ERROR_WRONG_TYPE, path, field,
                                   "expected an array of non-empty strings");
          return FALSE;
        }

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);

  return TRUE;
}

static gpointer
parse_product (JsonNode    *node,
               const char  *path,
               gpointer     data,
               GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *name;
  const char *version;
  g_auto(GStrv) repositories = NULL;

  if ((object = rt_json_expect_object (node, path, error)) == NULL ||
      !read_id (object, path, "id", &id, error) ||
      !rt_json_read_string (object, path, "name", FALSE, &name, error) ||
      !rt_json_read_string (object, path, "version", FALSE, &version, error) ||
      !read_string_array (object, path, "repositories", &repositories, error))
    return NULL;

  /* A page repeats a handful of products across a thousand tokens: @data,
   * when set, is the page's table of the products made so far (a
   * PageShare's), so that tokens share them. */
  if (data != NULL)
    {
      GHashTable *products = data;
      g_autofree char *joined = g_strjoinv ("\x1e", repositories);
      g_autofree char *key = g_strjoin ("\x1f", id, name, version, joined, NULL);
      RtProduct *product = g_hash_table_lookup (products, key);

      if (product == NULL)
        {
          product = rt_product_new_full (id, name, version, (const char * const *) repositories);
          g_hash_table_insert (products, g_steal_pointer (&key), product);
        }

      return g_object_ref (product);
    }

  return rt_product_new_full (id, name, version, (const char * const *) repositories);
}

/* What the tokens of a page share: one object per product, and one list per
 * set of products. */
typedef struct
{
  GHashTable *products;    /* its fields, joined → RtProduct */
  GHashTable *lists;       /* its products' addresses → GPtrArray of them */
} PageShare;

static void
page_share_init (PageShare *share)
{
  share->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  share->lists = g_hash_table_new_full (g_str_hash, g_str_equal,
                                        g_free, (GDestroyNotify) g_ptr_array_unref);
}

static void
page_share_clear (PageShare *share)
{
  g_clear_pointer (&share->products, g_hash_table_unref);
  g_clear_pointer (&share->lists, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageShare, page_share_clear)

/* @share's list with the products of @products (made by parse_product() with
 * @share), which is added when new. */
static GPtrArray *
share_products (PageShare *share,
                GPtrArray *products)
{
  g_autoptr(GString) key = g_string_new (NULL);
  GPtrArray *shared;

  for (guint i = 0; i < products->len; i++)
    g_string_append_printf (key, "%p ", g_ptr_array_index (products, i));

  shared = g_hash_table_lookup (share->lists, key->str);
  if (shared == NULL)
    {
      shared = products;
      g_hash_table_insert (share->lists, g_string_free (g_steal_pointer (&key), FALSE),
                           g_ptr_array_ref (shared));
    }

  return g_ptr_array_ref (shared);
}

static gpointer
parse_token (JsonNode    *node,
             const char  *path,
             gpointer     data,
             GError     **error)
{
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) last_used_at = NULL;
  g_autoptr(GDate) end_date = NULL;
  g_autoptr(GPtrArray) products = NULL;
  JsonObject *object;
  const char *id;
  const char *name;
  const char *type_text;
  const char *username;
  const char *status_text;
  const char *created_by;
  const char *created_for;
  RtTokenType type;
  RtTokenStatus status;
  RtToken *token;

  /* In the order of the contract, so the first error reported is stable. */
  if ((object = rt_json_expect_object (node, path, error)) == NULL ||
      !read_id (object, path, "id", &id, error) ||
      !rt_json_read_string (object, path, "name", FALSE, &name, error) ||
      !rt_json_read_string (object, path, "type", FALSE, &type_text, error))
    return NULL;

  if (!rt_token_type_from_string (type_text, &type))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, "type",
                               "not \"user\" or \"service\"");
      return NULL;
    }

  if (!rt_json_read_string (object, path, "username", FALSE, &username, error) ||
      !rt_json_read_string (object, path, "status", FALSE, &status_text, error))
    return NULL;

  if (!rt_token_status_from_string (status_text, &status))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, path, "status",
                               "not \"active\" or \"expired\"");
      return NULL;
    }

  if (!rt_json_read_date_time (object, path, "created_at", FALSE, &created_at, error) ||
      !rt_json_read_date (object, path, "subscription_end_date", TRUE, &end_date, error) ||
      (products = parse_array (object, path, "products", parse_product,
                               data != NULL ? ((PageShare *) data)->products : NULL,
                               error)) == NULL ||
      !rt_json_read_string (object, path, "created_by", FALSE, &created_by, error) ||
      !rt_json_read_string (object, path, "created_for", FALSE, &created_for, error) ||
      !rt_json_read_date_time (object, path, "last_used_at", TRUE, &last_used_at, error))
    return NULL;

  token = rt_token_new (id);
  rt_token_set_name (token, name);
  rt_token_set_token_type (token, type);
  rt_token_set_username (token, username);
  rt_token_set_status (token, status);
  rt_token_set_created_at (token, created_at);
  rt_token_set_subscription_end_date (token, end_date);
  if (data != NULL)
    {
      GPtrArray *shared = share_products (data, products);

      g_ptr_array_unref (products);
      products = shared;
    }
  _rt_token_set_shared_products (token, products);
  rt_token_set_created_by (token, created_by);
  rt_token_set_created_for (token, created_for);
  rt_token_set_last_used_at (token, last_used_at);

  return token;
}

/* The object in @field of the root object @object. */
static JsonObject *
read_object_member (JsonObject  *object,
                    const char  *field,
                    GError     **error)
{
  JsonNode *node;

  if (!rt_json_read_container (object, NULL, field, FALSE, JSON_NODE_OBJECT, &node, error))
    return NULL;

  return json_node_get_object (node);
}

/* Parses the object in @field of the root object @object as a token. */
static RtToken *
parse_token_member (JsonObject  *object,
                    const char  *field,
                    GError     **error)
{
  JsonNode *node;

  if (!rt_json_read_container (object, NULL, field, FALSE, JSON_NODE_OBJECT, &node, error))
    return NULL;

  return parse_token (node, field, NULL, error);
}

static gpointer
parse_subscription (JsonNode    *node,
                    const char  *path,
                    gpointer     data,
                    GError     **error)
{
  g_autoptr(GDate) end_date = NULL;
  g_autoptr(GPtrArray) products = NULL;
  JsonObject *object;
  const char *id;

  if ((object = rt_json_expect_object (node, path, error)) == NULL ||
      !read_id (object, path, "id", &id, error) ||
      !rt_json_read_date (object, path, "end_date", FALSE, &end_date, error) ||
      (products = parse_array (object, path, "products", parse_product, NULL, error)) == NULL)
    return NULL;

  return rt_subscription_new (id, end_date, products);
}

static gpointer
parse_service_user (JsonNode    *node,
                    const char  *path,
                    gpointer     data,
                    GError     **error)
{
  JsonObject *object;
  const char *id;
  const char *name;

  if ((object = rt_json_expect_object (node, path, error)) == NULL ||
      !read_id (object, path, "id", &id, error) ||
      !rt_json_read_string (object, path, "name", FALSE, &name, error))
    return NULL;

  return rt_service_user_new (id, name);
}

/* Loads @bytes and checks that the root is an object. The root belongs to
 * the returned parser. */
static JsonParser *
load_object (GBytes      *bytes,
             JsonObject **root,
             GError     **error)
{
  g_autoptr(JsonParser) parser = rt_json_load (bytes, error);

  if (parser == NULL)
    return NULL;

  *root = rt_json_expect_object (json_parser_get_root (parser), NULL, error);
  if (*root == NULL)
    return NULL;

  return g_steal_pointer (&parser);
}

/* A reply that is an object with one array, @field, of what @parse_element
 * parses. */
static GPtrArray *
parse_list_reply (GBytes            *bytes,
                  const char        *field,
                  ParseElementFunc   parse_element,
                  GError           **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  if ((parser = load_object (bytes, &root, error)) == NULL)
    return NULL;

  return parse_array (root, NULL, field, parse_element, NULL, error);
}

/* --- replies --------------------------------------------------------------- */

/**
 * rt_json_parse_token:
 * @bytes: the body of `GET /tokens/{id}`
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full): the token, or %NULL on error
 */
RtToken *
rt_json_parse_token (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((parser = rt_json_load (bytes, error)) == NULL)
    return NULL;

  return parse_token (json_parser_get_root (parser), NULL, NULL, error);
}

/* --- token pages in pieces ------------------------------------------------ */

/* json-glib builds a tree of the whole body first: about 9 kB a token, so
 * 9 MB for a page of a thousand, which GSlice keeps once freed. A page is
 * therefore cut into its root object without the tokens ("tokens": []) and
 * runs of TOKENS_PER_PIECE elements of the array, each parsed on its own.
 * Cutting needs only strings and brackets; what it cannot vouch for (a
 * member name with an escape, "tokens" twice, anything unexpected), and
 * every error, goes to parse_whole_token_page(), which reports exactly what
 * it always did. The cutting is rt-json-cut.c's. */

#define TOKENS_PER_PIECE 64

/* Parses the elements @first to @last of @cut, appending tokens to @tokens. */
static gboolean
parse_token_piece (JsonParser    *parser,
                   RtJsonPageCut *cut,
                   guint          first,
                   guint          last,
                   PageShare     *share,
                   GPtrArray     *tokens)
{
  const char *start = g_array_index (cut->elements, const char *, 2 * first);
  const char *stop = g_array_index (cut->elements, const char *, 2 * last + 1);
  g_autoptr(GString) text = g_string_sized_new (stop - start + 2);
  JsonArray *array;

  g_string_append_c (text, '[');
  g_string_append_len (text, start, stop - start);
  g_string_append_c (text, ']');

  if (!json_parser_load_from_data (parser, text->str, text->len, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return FALSE;

  array = json_node_get_array (json_parser_get_root (parser));
  if (json_array_get_length (array) != last - first + 1)
    return FALSE;

  for (guint i = first; i <= last; i++)
    {
      g_autofree char *path = g_strdup_printf ("tokens[%u]", i);
      RtToken *token = parse_token (json_array_get_element (array, i - first), path, share, NULL);

      if (token == NULL)
        return FALSE;
      g_ptr_array_add (tokens, token);
    }

  return TRUE;
}

/* The whole page through one json-glib tree. */
static gboolean
parse_whole_token_page (GBytes      *bytes,
                        GPtrArray  **tokens,
                        const char **next,
                        guint       *count,
                        JsonParser **parser,
                        GError     **error)
{
  g_auto(PageShare) share = { 0, };
  JsonObject *root;

  page_share_init (&share);

  return (*parser = load_object (bytes, &root, error)) != NULL &&
         (*tokens = parse_array (root, NULL, "tokens", parse_token, &share, error)) != NULL &&
         rt_json_read_string (root, NULL, "next_page_token", TRUE, next, error) &&
         rt_json_read_uint (root, NULL, "total", 0, G_MAXUINT, count, error);
}

/* The page in pieces (see above), or FALSE to parse it whole. */
static gboolean
parse_token_page_in_pieces (GBytes      *bytes,
                            GPtrArray  **tokens,
                            const char **next,
                            guint       *count,
                            JsonParser **parser)
{
  g_auto(PageShare) share = { 0, };
  g_autoptr(GArray) elements = g_array_new (FALSE, FALSE, sizeof (const char *));
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GString) skeleton = NULL;
  g_autoptr(JsonParser) pieces = NULL;
  RtJsonPageCut cut = { 0, };
  JsonObject *root;
  JsonNode *empty;
  gsize len;
  guint n_elements;

  cut.data = g_bytes_get_data (bytes, &len);
  cut.end = cut.data + len;
  cut.elements = elements;

  if (!rt_json_check_body (bytes, NULL) || !rt_json_cut_token_page (&cut))
    return FALSE;

  pieces = json_parser_new ();
  page_share_init (&share);

  n_elements = elements->len / 2;
  page = g_ptr_array_new_full (n_elements, g_object_unref);
  for (guint first = 0; first < n_elements; first += TOKENS_PER_PIECE)
    {
      guint last = MIN (first + TOKENS_PER_PIECE, n_elements) - 1;

      if (!parse_token_piece (pieces, &cut, first, last, &share, page))
        return FALSE;
    }

  skeleton = g_string_new_len (cut.data, cut.tokens_start - cut.data);
  g_string_append (skeleton, "[]");
  g_string_append_len (skeleton, cut.tokens_end, cut.end - cut.tokens_end);

  *parser = json_parser_new ();
  if (!json_parser_load_from_data (*parser, skeleton->str, skeleton->len, NULL) ||
      (root = rt_json_expect_object (json_parser_get_root (*parser), NULL, NULL)) == NULL ||
      !rt_json_read_container (root, NULL, "tokens", FALSE, JSON_NODE_ARRAY, &empty, NULL) ||
      !rt_json_read_string (root, NULL, "next_page_token", TRUE, next, NULL) ||
      !rt_json_read_uint (root, NULL, "total", 0, G_MAXUINT, count, NULL))
    return FALSE;

  *tokens = g_steal_pointer (&page);

  return TRUE;
}

/**
 * rt_json_parse_token_page:
 * @bytes: the body of `GET /tokens`
 * @tokens: (out) (optional) (transfer full) (element-type RtToken): the tokens
 * @next_page_token: (out) (optional) (nullable) (transfer full): the token of
 *   the next page, %NULL on the last page
 * @total: (out) (optional): how many tokens the caller can see in all
 * @error: return location for an %RT_JSON_ERROR
 *
 * The out arguments are set only on success.
 */
gboolean
rt_json_parse_token_page (GBytes     *bytes,
                          GPtrArray **tokens,
                          char      **next_page_token,
                          guint      *total,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) page = NULL;
  const char *next = NULL;
  guint count = 0;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_token_page_in_pieces (bytes, &page, &next, &count, &parser))
    {
      g_clear_pointer (&page, g_ptr_array_unref);
      g_clear_object (&parser);
      if (!parse_whole_token_page (bytes, &page, &next, &count, &parser, error))
        return FALSE;
    }

  /* As with products, a page names a few people many times over. */
  {
    g_autoptr(GHashTable) names = rt_token_new_string_pool ();

    for (guint i = 0; i < page->len; i++)
      rt_token_share_strings (g_ptr_array_index (page, i), names);
  }

  if (tokens != NULL)
    *tokens = g_steal_pointer (&page);
  if (next_page_token != NULL)
    *next_page_token = g_strdup (next);
  if (total != NULL)
    *total = count;

  return TRUE;
}

/**
 * rt_json_parse_account:
 * @bytes: the body of `GET /me`
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full): the account, or %NULL on error
 */
RtAccount *
rt_json_parse_account (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;
  JsonObject *user;
  JsonObject *project;
  const char *user_id, *user_name, *user_email;
  const char *project_id, *project_name;
  const char *role_text;
  const char *registry;
  RtRole role;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((parser = load_object (bytes, &root, error)) == NULL ||
      (user = read_object_member (root, "user", error)) == NULL ||
      !read_id (user, "user", "id", &user_id, error) ||
      !rt_json_read_string (user, "user", "name", FALSE, &user_name, error) ||
      !rt_json_read_string (user, "user", "email", FALSE, &user_email, error) ||
      (project = read_object_member (root, "project", error)) == NULL ||
      !read_id (project, "project", "id", &project_id, error) ||
      !rt_json_read_string (project, "project", "name", FALSE, &project_name, error) ||
      !rt_json_read_string (root, NULL, "role", FALSE, &role_text, error))
    return NULL;

  if (!rt_role_from_string (role_text, &role))
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, NULL, "role",
                               "not \"member\" or \"admin\"");
      return NULL;
    }

  if (!rt_json_read_string (root, NULL, "registry", FALSE, &registry, error))
    return NULL;

  if (*registry == '\0' || strchr (registry, '/') != NULL)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, NULL, "registry",
                               "not a host with an optional port");
      return NULL;
    }

  return rt_account_new (user_id, user_name, user_email, project_id, project_name, role, registry);
}

/**
 * rt_json_parse_subscriptions:
 * @bytes: the body of `GET /subscriptions`
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full) (element-type RtSubscription): the subscriptions,
 *   or %NULL on error
 */
GPtrArray *
rt_json_parse_subscriptions (GBytes  *bytes,
                             GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_list_reply (bytes, "subscriptions", parse_subscription, error);
}

/**
 * rt_json_parse_service_users:
 * @bytes: the body of `GET /service-users`
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full) (element-type RtServiceUser): the service users,
 *   or %NULL on error
 */
GPtrArray *
rt_json_parse_service_users (GBytes  *bytes,
                             GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_list_reply (bytes, "service_users", parse_service_user, error);
}

/**
 * rt_json_parse_token_with_secret:
 * @bytes: the body of `POST /tokens` or `POST /tokens/{id}/regenerate-secret`
 * @secret: (out) (optional) (transfer full): the new secret
 * @error: return location for an %RT_JSON_ERROR
 *
 * The secret is copied into an #RtSecret and the copy json-glib made of it is
 * zeroed before the parse tree is freed, whether or not the rest of the reply
 * parses. @bytes itself still holds the secret: the caller (RtClient) wipes
 * the raw body buffer once this returns. json-glib's scanner also makes
 * transient copies of string tokens while parsing, which this cannot reach.
 *
 * Returns: (transfer full): the token, or %NULL on error
 */
RtToken *
rt_json_parse_token_with_secret (GBytes    *bytes,
                                 RtSecret **secret,
                                 GError   **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RtSecret) parsed_secret = NULL;
  g_autoptr(RtToken) token = NULL;
  JsonObject *root;
  const char *text;
  char *buffer;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((parser = load_object (bytes, &root, error)) == NULL ||
      !rt_json_read_string (root, NULL, "secret", FALSE, &text, error))
    return NULL;

  /* Take the secret out of the tree first, so that every path below leaves
   * only zeros behind. */
  buffer = (char *) text;
  len = strlen (buffer);
  parsed_secret = rt_secret_new (buffer, len);
  rt_secret_wipe (buffer, len);

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isgraph (rt_secret_get (parsed_secret, NULL)[i]))
        {
          rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, NULL, "secret",
                                   "not printable ASCII");
          return NULL;
        }
    }

  if (len == 0)
    {
      rt_json_set_field_error (error, RT_JSON_ERROR_INVALID_VALUE, NULL, "secret", "empty");
      return NULL;
    }

  if ((token = parse_token_member (root, "token", error)) == NULL)
    return NULL;

  if (secret != NULL)
    *secret = g_steal_pointer (&parsed_secret);

  return g_steal_pointer (&token);
}

/**
 * rt_json_parse_resync:
 * @bytes: the body of `POST /tokens/{id}/resync-products`
 * @added: (out) (optional) (transfer full) (element-type RtProduct): the
 *   products the token gained
 * @removed: (out) (optional) (transfer full) (element-type RtProduct): the
 *   products it lost
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full): the updated token, or %NULL on error
 */
RtToken *
rt_json_parse_resync (GBytes     *bytes,
                      GPtrArray **added,
                      GPtrArray **removed,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RtToken) token = NULL;
  g_autoptr(GPtrArray) added_products = NULL;
  g_autoptr(GPtrArray) removed_products = NULL;
  JsonObject *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((parser = load_object (bytes, &root, error)) == NULL ||
      (token = parse_token_member (root, "token", error)) == NULL ||
      (added_products = parse_array (root, NULL, "added", parse_product, NULL, error)) == NULL ||
      (removed_products = parse_array (root, NULL, "removed", parse_product, NULL, error)) == NULL)
    return NULL;

  if (added != NULL)
    *added = g_steal_pointer (&added_products);
  if (removed != NULL)
    *removed = g_steal_pointer (&removed_products);

  return g_steal_pointer (&token);
}

/**
 * rt_json_parse_problem:
 * @bytes: an `application/problem+json` body
 * @error: return location for an %RT_JSON_ERROR
 *
 * Returns: (transfer full): the problem, or %NULL on error
 */
RtProblem *
rt_json_parse_problem (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  JsonObject *root;
  JsonNode *errors;
  const char *type_uri;
  const char *title;
  const char *detail;
  guint status;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((parser = load_object (bytes, &root, error)) == NULL ||
      !rt_json_read_string (root, NULL, "type", FALSE, &type_uri, error) ||
      !rt_json_read_string (root, NULL, "title", FALSE, &title, error) ||
      !rt_json_read_uint (root, NULL, "status", 100, 599, &status, error) ||
      !rt_json_read_string (root, NULL, "detail", TRUE, &detail, error) ||
      !rt_json_read_container (root, NULL, "errors", TRUE, JSON_NODE_OBJECT, &errors, error))
    return NULL;

  field_errors = g_hash_table_new (g_str_hash, g_str_equal);

  if (errors != NULL)
    {
      JsonObject *object = json_node_get_object (errors);
      g_autoptr(GList) fields = json_object_get_members (object);

      for (const GList *l = fields; l != NULL; l = l->next)
        {
          const char *message;

          if (!rt_json_read_string (object, "errors", l->data, FALSE, &message, error))
            return NULL;

          g_hash_table_insert (field_errors, l->data, (gpointer) message);
        }
    }

  return rt_problem_new (type_uri, title, status, detail, field_errors);
}

/* --- requests -------------------------------------------------------------- */

/**
 * rt_json_build_create_request:
 * @name: the token name
 * @type: the token type
 * @service_user_id: (nullable): for a service token, the service user's id;
 *   %NULL for a user token
 *
 * Returns: (transfer full): the body of `POST /tokens`
 */
GBytes *
rt_json_build_create_request (const char  *name,
                              RtTokenType  type,
                              const char  *service_user_id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  char *data;
  gsize len;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (type == RT_TOKEN_TYPE_USER || type == RT_TOKEN_TYPE_SERVICE, NULL);
  g_return_val_if_fail ((type == RT_TOKEN_TYPE_SERVICE) == (service_user_id != NULL), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, rt_token_type_to_string (type));
  json_builder_set_member_name (builder, "service_user");
  if (service_user_id != NULL)
    json_builder_add_string_value (builder, service_user_id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);

  return g_bytes_new_take (data, len);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

/**
 * rt_json_validate_token_name:
 * @name: a proposed token name
 * @reason: (out) (optional) (nullable) (transfer full): why @name is not
 *   valid, a translated sentence for the user; %NULL when it is valid
 *
 * Checks @name against the API's rule: 3 to 64 characters of
 * `A-Z a-z 0-9 . _ -`, the first a letter or a digit. Uniqueness is left to
 * the service.
 *
 * Returns: whether @name is valid
 */
gboolean
rt_json_validate_token_name (const char  *name,
                             char       **reason)
{
  g_autofree char *why = NULL;
  gboolean valid;
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);

  for (gsize i = 0; i < len && why == NULL; i++)
    {
      char c = name[i];

      if (is_name_char (c))
        continue;

      if (c == ' ')
        {
          why = g_strdup (_("A name cannot contain spaces. "
                            "Use only letters, digits, “.”, “_” and “-”."));
        }
      else if (g_ascii_isgraph (c))
        {
          /* Translators: %c is the character that is not allowed */
          why = g_strdup_printf (_("A name cannot contain “%c”. "
                                   "Use only letters, digits, “.”, “_” and “-”."), c);
        }
      else
        {
          why = g_strdup (_("A name can contain only letters, digits, "
                            "“.”, “_” and “-”."));
        }
    }

  if (why == NULL)
    {
      if (len == 0)
        why = g_strdup (_("Enter a name."));
      else if (!g_ascii_isalnum (name[0]))
        why = g_strdup (_("A name must start with a letter or a digit."));
      else if (len < TOKEN_NAME_MIN_LENGTH)
        why = g_strdup_printf (ngettext ("A name must be at least %d character long.",
                                         "A name must be at least %d characters long.",
                                         TOKEN_NAME_MIN_LENGTH),
                               TOKEN_NAME_MIN_LENGTH);
      else if (len > TOKEN_NAME_MAX_LENGTH)
        why = g_strdup_printf (ngettext ("A name must be at most %d character long.",
                                         "A name must be at most %d characters long.",
                                         TOKEN_NAME_MAX_LENGTH),
                               TOKEN_NAME_MAX_LENGTH);
    }

  valid = (why == NULL);
  if (reason != NULL)
    *reason = g_steal_pointer (&why);

  return valid;
}
