/* rt-test-keyring.h: looking at the keyring directly, past RtSecretStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

GList *rt_test_find_items          (const char *key,
                                    ...) G_GNUC_NULL_TERMINATED;
void   rt_test_assert_item_secret  (SecretItem *item,
                                    const char *expected);
void   rt_test_assert_docker_item  (const char *host,
                                    const char *username,
                                    const char *secret);
void   rt_test_assert_no_items     (const char *key,
                                    const char *value);

/* Stores an access key as versions before accounts did: for the server alone. */
void   rt_test_store_unkeyed_access_key (const char *server,
                                         const char *key);

G_END_DECLS
