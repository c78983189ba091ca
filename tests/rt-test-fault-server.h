/* rt-test-fault-server.h: a SoupServer on 127.0.0.1 whose replies a client test scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "rt-client.h"

G_BEGIN_DECLS

#define TEST_KEY "rtkey_test0000000000000000000000000000000000000"
#define USER_AGENT PACKAGE_NAME "/" PACKAGE_VERSION

static const char me_json[] =
  "{\"user\": {\"id\": \"u_mia\", \"name\": \"Mia Member\", \"email\": \"mia@acme.example\"},"
  " \"project\": {\"id\": \"acme\", \"name\": \"Acme Robotics\"},"
  " \"role\": \"member\", \"registry\": \"registry.example.test\"}";

static const char me_wrong_types_json[] =
  "{\"user\": {\"id\": 5, \"name\": [\"Mia\"], \"email\": true},"
  " \"project\": {\"id\": \"acme\", \"name\": \"Acme Robotics\"},"
  " \"role\": \"member\", \"registry\": \"registry.example.test\"}";

#define TOKEN_JSON(id, name) \
  "{\"id\": \"" id "\", \"name\": \"" name "\", \"type\": \"user\"," \
  " \"username\": \"acme+" name "\", \"status\": \"active\"," \
  " \"created_at\": \"2026-11-18T09:30:00Z\", \"subscription_end_date\": \"2026-12-18\"," \
  " \"products\": [{\"id\": \"vision-kit\", \"name\": \"Vision Kit\", \"version\": \"3.0\"}]," \
  " \"created_by\": \"Mia Member\", \"created_for\": \"Mia Member\", \"last_used_at\": null}"

static const char page_json[] =
  "{\"tokens\": [" TOKEN_JSON ("tok_2", "laptop-mia") ", " TOKEN_JSON ("tok_1", "ci-pipeline") "],"
  " \"next_page_token\": \"cGFnZTI\", \"total\": 3}";

static const char problem_500_json[] =
  "{\"type\": \"urn:registry-tokens:problem:internal\", \"title\": \"Internal error\","
  " \"status\": 500, \"detail\": \"The server failed.\"}";

static const char problem_401_json[] =
  "{\"type\": \"urn:registry-tokens:problem:unauthorized\", \"title\": \"Unauthorized\","
  " \"status\": 401, \"detail\": \"The access key is unknown.\"}";

static const char problem_422_json[] =
  "{\"type\": \"urn:registry-tokens:problem:validation\", \"title\": \"Invalid request\","
  " \"status\": 422, \"detail\": \"The token name must start with a letter or a digit.\","
  " \"errors\": {\"name\": \"must start with a letter or a digit\"}}";

static const char problem_secret_unavailable_json[] =
  "{\"type\": \"urn:registry-tokens:problem:secret-unavailable\","
  " \"title\": \"Secret unavailable\", \"status\": 409,"
  " \"detail\": \"This Idempotency-Key already created the token.\"}";

typedef enum
{
  ACTION_REPLY,
  ACTION_TRUNCATE,          /* announce more than is sent, then close */
  ACTION_DROP_MID_BODY,     /* chunked: part of a chunk, then close */
  ACTION_DROP_AT_CHUNK_END, /* chunked: one whole chunk, then close */
  ACTION_DROP,              /* close without a reply */
  ACTION_HOLD,              /* reply only after hold_ms */
  ACTION_OVERSIZED,         /* a JSON body of RT_JSON_MAX_BYTES + 1, with Content-Length */
  ACTION_OVERSIZED_CHUNKED, /* the same, chunked */
  ACTION_EXACTLY_MAX,       /* a valid /me body of exactly RT_JSON_MAX_BYTES */
  ACTION_CREATE,            /* POST /tokens with idempotency, see handle_create() */
} Action;

typedef struct
{
  Action      action;
  guint       status;
  const char *content_type;
  const char *body;
  const char *retry_after;
  const char *etag;         /* sent as ETag; a matching If-None-Match gets 304 */
} Reply;

typedef struct
{
  SoupServer  *server;
  char        *url;
  RtSecret    *key;
  RtClient    *client;

  const Reply *script;      /* one reply per request; the last one repeats */
  gsize        n_script;
  guint        hold_ms;

  guint        n_requests;
  GPtrArray   *requests;    /* "METHOD /path?query" */
  GPtrArray   *authorizations;
  GPtrArray   *user_agents;
  GPtrArray   *accepts;
  GPtrArray   *idempotency_keys;
  GPtrArray   *if_none_matches;
  GPtrArray   *bodies;      /* of GBytes */
  GPtrArray   *held;        /* of SoupServerMessage, paused */
  GPtrArray   *timeouts;    /* of GSource */

  /* POST /tokens */
  GHashTable  *replies_by_key;
  gboolean     lose_first_reply;
  gboolean     lost_reply;
  guint        n_created;
  char        *last_secret;
} Fixture;

/* One Reply per request; the last one repeats. */
#define SCRIPT(fixture, ...) \
  G_STMT_START { \
    static const Reply script_[] = { __VA_ARGS__ }; \
    (fixture)->script = script_; \
    (fixture)->n_script = G_N_ELEMENTS (script_); \
  } G_STMT_END

/* A test of /client-faults/@path, against a server of its own. */
#define RT_TEST_FAULTS_ADD(path, func) \
  g_test_add ("/client-faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

void server_callback (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data);

guint16 get_port (SoupServer *server);

void fixture_set_up (Fixture       *fixture,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *fixture,
                        gconstpointer  data);

RtClient *make_client (Fixture     *fixture,
                       SoupSession *session);

RtAccount *get_me (Fixture  *fixture,
                   GError  **error);

void assert_me (RtAccount *account);

G_END_DECLS
