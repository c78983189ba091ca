/* rt-test-app.h: the token actions tests' harness: the app, signed in through a proxy
 *
 * Each program drives the real window, signed in (through an in-process proxy)
 * to the real reference service, under Xvfb with a real keyring. Its tests run
 * inside the application, from its activate handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rt-application.h"
#include "rt-generate-dialog.h"
#include "rt-secret-dialog.h"
#include "rt-test-proxy.h"
#include "rt-test-service.h"
#include "rt-window-private.h"

G_BEGIN_DECLS

#define NOW "2026-11-18T12:00:00Z"

/* --- Shared state -------------------------------------------------------------- */

extern RtTestService *service;
extern Proxy *proxy;
extern RtWindow *window;
/* A client of its own, straight to the service, to check the server's state. */
extern RtClient *checker;
/* Every secret the tests saw, to look for in the log. */
extern GPtrArray *seen_secrets;

/* --- Main loop helpers --------------------------------------------------------- */

gpointer     find_toplevel   (GType           type,
                              GtkWindow      *parent);
gboolean     is_open         (gpointer        toplevel);
GtkWindow  **track           (gpointer        toplevel);
void         wait_closed     (GtkWindow     **location);
gboolean     widget_shows    (GtkWidget      *widget,
                              const char     *text);
gboolean     toast_shows     (const char     *text);
GtkWidget   *find_widget     (GtkWidget      *widget,
                              gboolean      (*match) (GtkWidget *, gconstpointer),
                              gconstpointer   data);
gboolean     has_css_class   (GtkWidget      *widget,
                              gconstpointer   css_class);
gboolean     has_action_name (GtkWidget      *widget,
                              gconstpointer   action_name);
const char  *shown_secret    (RtSecretDialog *dialog);

/* --- The server's view ----------------------------------------------------------- */

RtToken *server_get_token          (const char  *id,
                                    GError     **error);
RtToken *server_find_token_by_name (const char  *name);
guint    server_count_tokens_named (const char  *name);
RtToken *server_create_token       (const char  *name,
                                    RtSecret   **secret);

/* --- Driving the window ---------------------------------------------------------- */

RtGenerateDialog *open_generate_dialog    (void);
gboolean          generate_enabled        (RtGenerateDialog *dialog);
RtSecretDialog   *generate_through_dialog (const char       *name);
void              close_secret_dialog     (RtSecretDialog   *dialog);
AdwMessageDialog *wait_for_question       (GtkWindow        *parent);
void              answer                  (AdwMessageDialog *question,
                                           const char       *response);
RtToken          *table_token             (const char       *id);
gboolean          table_has_name          (const char       *name);

/* --- Running the tests inside the application ---------------------------------- */

/* No secret seen, nor an access key, is in the log. Also run after every
 * program's tests that saw a secret. */
void test_no_secret_in_log (void);

/* Starts the service and the proxy; then add the tests. */
void rt_test_app_init (int    *argc,
                       char ***argv);

/* Runs the application signed in through the proxy, and the tests in it. */
int  rt_test_app_run  (void);

G_END_DECLS
