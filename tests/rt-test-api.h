/* rt-test-api.h: the token API over libsoup for the service tests, and its demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rt-test-service.h"

G_BEGIN_DECLS

/* A fixed clock makes statuses and dates deterministic. With it, D (today)
 * is 2026-11-18 and the demo data has these dates.
 */
#define NOW         "2026-11-18T12:00:00Z"
#define D_MINUS_45  "2026-10-04"
#define D_PLUS_20   "2026-12-08"
#define D_PLUS_300  "2027-09-14"

#define PROBLEM_PREFIX "urn:registry-tokens:problem:"

typedef struct
{
  const char *id;
  const char *name;
  const char *type;
  const char *status;
  const char *created_at;
  const char *end_date;
  const char *products;     /* ids, in product name order */
  const char *created_by;
  const char *created_for;
} ExpectedToken;

/* Newest first, as an admin lists them */
static const ExpectedToken demo_tokens[] = {
  { "tok_demo6", "ada-workstation", "user", "active", "2026-11-13T09:30:00Z", D_PLUS_300,
    "motion-sdk,vision-kit", "Ada Admin", "Ada Admin" },
  { "tok_demo1", "ci-pipeline", "user", "active", "2026-11-08T09:30:00Z", D_PLUS_300,
    "data-lake,fleet-manager,motion-sdk,vision-kit", "Mia Member", "Mia Member" },
  { "tok_demo4", "prod-cluster", "service", "active", "2026-10-19T09:30:00Z", D_PLUS_300,
    "data-lake,fleet-manager,motion-sdk", "Ada Admin", "deploy-bot" },
  { "tok_demo3", "staging-pull", "user", "active", "2026-09-19T09:30:00Z", D_PLUS_20,
    "vision-kit", "Mia Member", "Mia Member" },
  { "tok_demo2", "laptop-mia", "user", "expired", "2026-05-02T09:30:00Z", D_MINUS_45,
    "edge-os", "Mia Member", "Mia Member" },
  { "tok_demo5", "old-build-farm", "user", "expired", "2025-11-18T09:30:00Z", D_MINUS_45,
    "edge-os", "Ada Admin", "Ada Admin" },
};

/* What a token created at NOW gets: the products of sub_vision and sub_platform */
#define ACTIVE_PRODUCTS "data-lake,fleet-manager,motion-sdk,vision-kit"

typedef struct
{
  RtTestService *service;
  SoupSession   *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *root;   /* NULL unless the body is JSON */
} Reply;

/* A test of /service/@path, against a service of its own. */
#define RT_TEST_API_ADD(path, func) \
  g_test_add ("/service/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

void reply_free (Reply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

SoupSession *create_session (void);

void fixture_setup (Fixture       *f,
                    gconstpointer  user_data);

void fixture_teardown (Fixture       *f,
                       gconstpointer  user_data);

SoupMessage *build_message (Fixture    *f,
                            const char *method,
                            const char *path,
                            const char *key,
                            const char *body,
                            va_list     headers);

Reply *finish_reply (SoupMessage *msg,
                     GBytes      *body);

/* Sends a request and waits for the reply. @key may be NULL for none; @body
 * (JSON, NULL for none) goes out as application/json; the variable
 * arguments are extra header name/value pairs ending with NULL.
 */
Reply *send_request (Fixture    *f,
                     const char *method,
                     const char *path,
                     const char *key,
                     const char *body,
                     ...) G_GNUC_NULL_TERMINATED;

Reply *api_get (Fixture    *f,
                const char *path,
                const char *key);

Reply *api_post (Fixture    *f,
                 const char *path,
                 const char *key,
                 const char *body);

const char *reply_header (Reply      *reply,
                          const char *name);

JsonObject *reply_object (Reply *reply);

/* Asserts the status and, for a success with a body, a JSON reply */
void assert_status (Reply *reply,
                    guint  status);

const char *get_string (JsonObject *object,
                        const char *member);

/* A string member that may be null: returns NULL for null */
const char *get_nullable_string (JsonObject *object,
                                 const char *member);

JsonObject *get_object (JsonObject *object,
                        const char *member);

JsonArray *get_array (JsonObject *object,
                      const char *member);

gint64 get_int (JsonObject *object,
                const char *member);

/* Joins the "id" member of each object of @array with commas */
char *join_ids (JsonArray *array);

int compare_strings (gconstpointer a,
                     gconstpointer b);

/* Like join_ids, but sorted: for lists whose order the contract leaves open */
char *join_sorted_ids (JsonArray *array);

void assert_problem (Reply      *reply,
                     guint       status,
                     const char *type_suffix);

/* A 422 validation problem whose `errors` names @field */
void assert_validation (Reply      *reply,
                        const char *field);

void assert_product (JsonObject *product);

/* Asserts each product's fields and the order by name; returns the ids */
char *check_products (JsonArray *products);

/* Asserts the shape every Token has, whoever it belongs to */
void assert_token_shape (JsonObject *token);

void assert_token (JsonObject          *token,
                   const ExpectedToken *expected);

const ExpectedToken *find_demo_token (const char *id);

void assert_secret (const char *secret);

/* Lists what @key sees in one page; returns the reply */
Reply *list_tokens (Fixture    *f,
                    const char *key);

char *list_token_ids (Fixture    *f,
                      const char *key);

gint64 list_total (Fixture    *f,
                   const char *key);

/* Creates a user token and returns the whole 201 reply */
Reply *create_token (Fixture    *f,
                     const char *key,
                     const char *body);

const char *reply_token_id (Reply *reply);

G_END_DECLS
