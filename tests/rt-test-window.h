/* rt-test-window.h: the main window tests' harness: the fixture, waiting, finding cells
 *
 * Every test starts the service with the demo data at a fixed time, and the
 * app's clock (RT_FAKE_NOW) and time zone (TZ=UTC, from tests/meson.build)
 * are fixed too, so that every text in the table is known. The tests drive
 * the real widgets and wait for what the user would see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "rt-application.h"
#include "rt-test-service.h"
#include "rt-window-private.h"

G_BEGIN_DECLS

#define NOW "2026-11-18T12:00:00Z"
#define N_DEMO_TOKENS 6

typedef struct
{
  GSocketService *listener;
  GSocketClient  *client;
  char           *upstream;   /* host:port of the service now */
  char           *url;
} Proxy;

typedef struct
{
  RtTestService *service;
  RtApplication *app;
  GSettings     *settings;
  RtSecretStore *secret_store;
  RtWindow      *window;
  Proxy         *proxy;
} Fixture;

typedef struct
{
  GtkWidget *widget;
  guint      position;
  char      *column;
  char      *text;
} Cell;

typedef struct
{
  RtWindow *window;
  guint     n_rows;
} CellsReady;

typedef struct
{
  RtWindow *window;
  guint     n_items;
} Filtered;

/* --- Waiting --- */

void wait_for_frames (RtWindow *window);

/* --- A TCP proxy with a fixed port --- */

Proxy *proxy_new          (const char *upstream_url);
void   proxy_set_upstream (Proxy      *proxy,
                           const char *url);

/* --- Widgets --- */

GtkWidget   *find_descendant    (GtkWidget  *root,
                                 GType       type,
                                 GType       not_type);
GtkWidget   *find_with_class    (GtkWidget  *root,
                                 GType       type,
                                 const char *css_class);
GtkEditable *get_server_row     (RtWindow   *window);
GtkEditable *get_access_key_row (RtWindow   *window);
const char  *get_page           (RtWindow   *window);
const char  *get_content        (RtWindow   *window);
gboolean     shows_sign_in      (RtWindow   *window);
gboolean     shows_table        (RtWindow   *window);
gboolean     shows_error        (RtWindow   *window);
gboolean     is_loaded          (RtWindow   *window);
char        *get_names          (RtWindow   *window);
GSettings   *view_settings      (RtWindow   *window);
GPtrArray   *get_cells          (RtWindow   *window);
GPtrArray   *get_all_cells      (RtWindow   *window);
Cell        *find_cell          (GPtrArray  *cells,
                                 guint       position,
                                 const char *column);
GtkWidget   *get_actions_button (Cell       *cell);
gboolean     actions_cell_busy  (Cell       *cell);
gboolean     cells_ready        (CellsReady *ready);

/* --- Fixture --- */

void      fixture_set_up    (Fixture       *fixture,
                             gconstpointer  user_data);
void      fixture_tear_down (Fixture       *fixture,
                             gconstpointer  user_data);
RtWindow *open_window       (Fixture       *fixture);
void      close_window      (Fixture       *fixture);
void      sign_in_with_page (RtWindow      *window,
                             const char    *url,
                             const char    *key);
RtWindow *open_signed_in    (Fixture       *fixture,
                             const char    *url,
                             const char    *key);
RtSecret *lookup_access_key (Fixture       *fixture,
                             const char    *server,
                             const char    *user);
void      store_access_key  (Fixture       *fixture,
                             const char    *server,
                             const char    *key);
char     *saved_servers     (Fixture       *fixture);
void      assert_secret     (RtSecret      *secret,
                             const char    *expected);

/* --- Shared by the tests --- */

AdwMessageDialog *find_message_dialog (RtWindow         *window);
GtkWindow        *find_dialog         (RtWindow         *window,
                                       GType             type);
void              respond             (AdwMessageDialog *dialog,
                                       const char       *response);
gboolean          filtered            (Filtered         *filtered);
RtToken          *create_token        (RtClient         *client,
                                       const char       *name);
void              delete_token        (RtClient         *client,
                                       const char       *id);
gboolean          server_has_token    (RtClient         *client,
                                       const char       *id);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* Sets up GTK and libadwaita for the tests; then add them with ADD. */
void rt_test_window_init (int    *argc,
                          char ***argv);
int  rt_test_window_run  (void);

G_END_DECLS
