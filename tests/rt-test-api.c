/* rt-test-api.c: the token API over libsoup for the service tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rt-test-api.h"

typedef struct
{
  const char *id;
  const char *name;
  const char *version;
} ExpectedProduct;

static const ExpectedProduct demo_products[] = {
  { "data-lake", "Data Lake", "1.0" },
  { "edge-os", "Edge OS", "2.1" },
  { "fleet-manager", "Fleet Manager", "1.4" },
  { "motion-sdk", "Motion SDK", "5.2" },
  { "vision-kit", "Vision Kit", "3.0" },
  { "robot-arm", "Robot Arm", "1.0" },  /* added by tests through `subscribe` */
};

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->root, json_node_unref);
  g_free (reply);
}

SoupSession *
create_session (void)
{
  /* No proxy: the service is on the loopback, and the system's proxy
   * settings (GSettings schemas) are not visible in the test sandbox.
   */
  return soup_session_new_with_options ("proxy-resolver", NULL,
                                        "timeout", 15,
                                        "max-conns", 64,
                                        "max-conns-per-host", 64,
                                        NULL);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  f->service = rt_test_service_start (NOW);
  f->session = create_session ();
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->service, rt_test_service_free);
}

/* HTTP helpers */

SoupMessage *
build_message (Fixture    *f,
               const char *method,
               const char *path,
               const char *key,
               const char *body,
               va_list     headers)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *request_headers;
  const char *name;

  /* Paths are relative to the API root unless they name the server root */
  if (g_str_has_prefix (path, "//"))
    uri = g_strconcat (f->service->url, path + 1, NULL);
  else
    uri = g_strconcat (f->service->url, "/api/v1", path, NULL);

  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);

  if (key != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", key);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }

  while ((name = va_arg (headers, const char *)) != NULL)
    {
      const char *value = va_arg (headers, const char *);
      soup_message_headers_replace (request_headers, name, value);
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return g_steal_pointer (&msg);
}

Reply *
finish_reply (SoupMessage *msg,
              GBytes      *body)
{
  Reply *reply = g_new0 (Reply, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_bytes_ref (body);

  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    reply->root = json_parser_steal_root (parser);

  return reply;
}

Reply *
send_request (Fixture    *f,
              const char *method,
              const char *path,
              const char *key,
              const char *body,
              ...)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  va_list headers;

  va_start (headers, body);
  msg = build_message (f, method, path, key, body, headers);
  va_end (headers);

  response = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  return finish_reply (msg, response);
}

Reply *
api_get (Fixture    *f,
         const char *path,
         const char *key)
{
  return send_request (f, "GET", path, key, NULL, NULL);
}

Reply *
api_post (Fixture    *f,
          const char *path,
          const char *key,
          const char *body)
{
  return send_request (f, "POST", path, key, body, NULL);
}

const char *
reply_header (Reply      *reply,
              const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

JsonObject *
reply_object (Reply *reply)
{
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));

  return json_node_get_object (reply->root);
}

static char *
reply_dump (Reply *reply)
{
  gsize size;
  const char *data = g_bytes_get_data (reply->body, &size);

  return g_strndup (data, size);
}

void
assert_status (Reply *reply,
               guint  status)
{
  if (reply->status != status)
    {
      g_autofree char *body = reply_dump (reply);
      g_test_message ("unexpected reply %u: %s", reply->status, body);
    }
  g_assert_cmpuint (reply->status, ==, status);

  if (status == 200 || status == 201)
    {
      const char *content_type = soup_message_headers_get_content_type (reply->headers, NULL);

      g_assert_cmpstr (content_type, ==, "application/json");
      g_assert_nonnull (reply->root);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));
    }
}

const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}

const char *
get_nullable_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return get_string (object, member);
}

JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_get_object (node);
}

JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_node_get_array (node);
}

gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);

  return json_node_get_int (node);
}

char *
join_ids (JsonArray *array)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);

      g_assert_nonnull (element);
      if (i > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, get_string (element, "id"));
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
join_sorted_ids (JsonArray *array)
{
  g_autofree char *joined = join_ids (array);
  g_auto(GStrv) ids = g_strsplit (joined, ",", -1);

  if (joined[0] == '\0')
    return g_strdup ("");

  qsort (ids, g_strv_length (ids), sizeof (char *), compare_strings);

  return g_strjoinv (",", ids);
}

/* Problem details (RFC 9457) */

void
assert_problem (Reply      *reply,
                guint       status,
                const char *type_suffix)
{
  g_autofree char *type = g_strconcat (PROBLEM_PREFIX, type_suffix, NULL);
  const char *content_type;
  JsonObject *problem;

  if (reply->status != status)
    {
      g_autofree char *body = reply_dump (reply);
      g_test_message ("unexpected reply %u: %s", reply->status, body);
    }
  g_assert_cmpuint (reply->status, ==, status);

  content_type = soup_message_headers_get_content_type (reply->headers, NULL);
  g_assert_cmpstr (content_type, ==, "application/problem+json");

  problem = reply_object (reply);
  g_assert_cmpstr (get_string (problem, "type"), ==, type);
  g_assert_cmpint (get_int (problem, "status"), ==, status);
  g_assert_cmpstr (get_string (problem, "title"), !=, "");
  g_assert_cmpstr (get_string (problem, "detail"), !=, "");

  if (g_str_equal (type_suffix, "validation"))
    g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (problem, "errors")));
  else
    g_assert_false (json_object_has_member (problem, "errors"));
}

void
assert_validation (Reply      *reply,
                   const char *field)
{
  JsonObject *errors;

  assert_problem (reply, 422, "validation");
  errors = get_object (reply_object (reply), "errors");
  g_assert_cmpstr (get_string (errors, field), !=, "");
}

/* Objects */

static const ExpectedProduct *
find_product (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_products); i++)
    {
      if (g_str_equal (demo_products[i].id, id))
        return &demo_products[i];
    }

  g_assert_not_reached ();
}

void
assert_product (JsonObject *product)
{
  const ExpectedProduct *expected = find_product (get_string (product, "id"));

  g_assert_cmpstr (get_string (product, "name"), ==, expected->name);
  g_assert_cmpstr (get_string (product, "version"), ==, expected->version);
}

char *
check_products (JsonArray *products)
{
  const char *previous = NULL;

  for (guint i = 0; i < json_array_get_length (products); i++)
    {
      JsonObject *product = json_array_get_object_element (products, i);
      const char *name;

      g_assert_nonnull (product);
      assert_product (product);
      name = get_string (product, "name");
      if (previous != NULL)
        g_assert_cmpint (g_utf8_collate (previous, name), <, 0);
      previous = name;
    }

  return join_ids (products);
}

static void
assert_rfc3339 (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  g_assert_true (g_str_has_suffix (text, "Z"));
}

void
assert_token_shape (JsonObject *token)
{
  g_autofree char *username = NULL;
  const char *status;
  const char *end_date;
  const char *last_used_at;
  g_autofree char *products = NULL;

  g_assert_cmpstr (get_string (token, "id"), !=, "");
  g_assert_cmpuint (strlen (get_string (token, "name")), >=, 3);
  g_assert_true (g_str_equal (get_string (token, "type"), "user") ||
                 g_str_equal (get_string (token, "type"), "service"));

  username = g_strconcat ("acme+", get_string (token, "name"), NULL);
  g_assert_cmpstr (get_string (token, "username"), ==, username);

  assert_rfc3339 (get_string (token, "created_at"));
  products = check_products (get_array (token, "products"));
  g_assert_cmpstr (get_string (token, "created_by"), !=, "");
  g_assert_cmpstr (get_string (token, "created_for"), !=, "");

  end_date = get_nullable_string (token, "subscription_end_date");
  status = get_string (token, "status");
  if (end_date == NULL)
    {
      g_assert_cmpstr (status, ==, "expired");
    }
  else
    {
      GDate date;

      g_assert_cmpuint (strlen (end_date), ==, strlen ("YYYY-MM-DD"));
      g_date_clear (&date, 1);
      g_date_set_parse (&date, end_date);
      g_assert_true (g_date_valid (&date));
      g_assert_true (g_str_equal (status, "active") || g_str_equal (status, "expired"));
    }

  last_used_at = get_nullable_string (token, "last_used_at");
  if (last_used_at != NULL)
    assert_rfc3339 (last_used_at);

  /* a secret appears only in the reply that creates it, never in a Token */
  g_assert_false (json_object_has_member (token, "secret"));
}

void
assert_token (JsonObject          *token,
              const ExpectedToken *expected)
{
  g_autofree char *products = NULL;

  assert_token_shape (token);
  g_assert_cmpstr (get_string (token, "id"), ==, expected->id);
  g_assert_cmpstr (get_string (token, "name"), ==, expected->name);
  g_assert_cmpstr (get_string (token, "type"), ==, expected->type);
  g_assert_cmpstr (get_string (token, "status"), ==, expected->status);
  g_assert_cmpstr (get_string (token, "created_at"), ==, expected->created_at);
  g_assert_cmpstr (get_nullable_string (token, "subscription_end_date"), ==, expected->end_date);
  products = join_ids (get_array (token, "products"));
  g_assert_cmpstr (products, ==, expected->products);
  g_assert_cmpstr (get_string (token, "created_by"), ==, expected->created_by);
  g_assert_cmpstr (get_string (token, "created_for"), ==, expected->created_for);
}

const ExpectedToken *
find_demo_token (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_tokens); i++)
    {
      if (g_str_equal (demo_tokens[i].id, id))
        return &demo_tokens[i];
    }

  g_assert_not_reached ();
}

void
assert_secret (const char *secret)
{
  g_assert_true (g_str_has_prefix (secret, "rtsec_"));
  g_assert_cmpuint (strlen (secret), ==, 6 + 43);

  for (const char *p = secret + 6; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

Reply *
list_tokens (Fixture    *f,
             const char *key)
{
  g_autoptr(Reply) reply = api_get (f, "/tokens", key);

  assert_status (reply, 200);
  get_array (reply_object (reply), "tokens");

  return g_steal_pointer (&reply);
}

char *
list_token_ids (Fixture    *f,
                const char *key)
{
  g_autoptr(Reply) reply = list_tokens (f, key);

  return join_ids (get_array (reply_object (reply), "tokens"));
}

gint64
list_total (Fixture    *f,
            const char *key)
{
  g_autoptr(Reply) reply = list_tokens (f, key);

  return get_int (reply_object (reply), "total");
}

Reply *
create_token (Fixture    *f,
              const char *key,
              const char *body)
{
  g_autoptr(Reply) reply = api_post (f, "/tokens", key, body);
  JsonObject *object;
  JsonObject *token;
  g_autofree char *location = NULL;

  assert_status (reply, 201);
  object = reply_object (reply);
  token = get_object (object, "token");
  assert_token_shape (token);
  assert_secret (get_string (object, "secret"));

  location = g_strconcat ("/api/v1/tokens/", get_string (token, "id"), NULL);
  g_assert_cmpstr (reply_header (reply, "Location"), ==, location);

  return g_steal_pointer (&reply);
}

const char *
reply_token_id (Reply *reply)
{
  return get_string (get_object (reply_object (reply), "token"), "id");
}

