/* rt-test-util.h: waiting on the main loop, async results and clients for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libglib-testing/signal-logger.h>

#include "rt-client.h"

G_BEGIN_DECLS

/* Generous: a loaded 2-core CI machine is slow; the limit is only there so
 * that a wait fails with its place instead of hanging. */
#define RT_TEST_WAIT_SECONDS 30

/* Iterates the default main context until @condition (an expression,
 * evaluated again after every iteration and at least every few ms) holds;
 * fails the test with the file, line and expression after
 * RT_TEST_WAIT_SECONDS. */
#define rt_test_wait_until(condition)                                         \
  G_STMT_START {                                                              \
    gint64 rt_test_deadline_ = rt_test_wait_deadline ();                      \
    while (!(condition))                                                      \
      rt_test_wait_iterate (rt_test_deadline_, __FILE__, __LINE__, G_STRFUNC, \
                            #condition);                                      \
  } G_STMT_END

/* Waits for the one callback of an async call made with
 * rt_test_async_ready() and @result as its user data, and returns
 * (transfer none) the result, which stays in @result. A second callback into
 * the same @result fails the test. */
#define rt_test_wait_result(result) \
  rt_test_wait_result_full ((result), __FILE__, __LINE__, G_STRFUNC)

gint64        rt_test_wait_deadline     (void);
void          rt_test_wait_iterate      (gint64         deadline,
                                         const char    *file,
                                         int            line,
                                         const char    *func,
                                         const char    *condition);
void          rt_test_async_ready       (GObject       *source,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
GAsyncResult *rt_test_wait_result_full  (GAsyncResult **result,
                                         const char    *file,
                                         int            line,
                                         const char    *func);
void          rt_test_run_for           (guint          ms);
RtClient     *rt_test_new_client        (const char    *url,
                                         const char    *key);
void          rt_test_capture_log       (void);
void          rt_test_assert_items_changed (GtSignalLogger *logger,
                                            GListModel     *model,
                                            guint           position,
                                            guint           removed,
                                            guint           added);
const char   *rt_test_get_captured_log  (void);

G_END_DECLS
