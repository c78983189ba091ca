/* test-actions.c: the token actions and dialogs, end to end
 *
 * Drives the real window, signed in (through an in-process proxy) to the real
 * reference service, under Xvfb with a real keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "rt-application.h"
#include "rt-generate-dialog.h"
#include "rt-secret-dialog.h"
#include "rt-service-user.h"
#include "rt-test-service.h"
#include "rt-test-util.h"
#include "rt-window-private.h"

#define NOW "2026-11-18T12:00:00Z"

/* --- A proxy in front of the service ------------------------------------------ */

typedef enum
{
  PROXY_PASS,
  /* Forward the next POST /tokens, then drop the connection instead of
   * replying: the token exists, but the client never saw its secret. */
  PROXY_DROP_CREATE_REPLY,
  /* Hold every POST /tokens without forwarding it, as a server that hangs. */
  PROXY_HOLD_CREATE,
  /* Forward the next POST /tokens, then hold the service's reply: the token
   * exists, and its secret is on its way. */
  PROXY_HOLD_CREATE_REPLY,
} ProxyMode;

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *url;
  ProxyMode    mode;
  guint        n_create_posts;
  guint        n_dropped;
  char        *dropped_secret;
  GPtrArray   *held;
  GPtrArray   *held_replies;
  char        *held_secret;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  gboolean           is_create;
} Forward;

static gboolean
is_create_request (SoupServerMessage *msg)
{
  return g_str_equal (soup_server_message_get_method (msg), "POST") &&
         g_str_equal (g_uri_get_path (soup_server_message_get_uri (msg)), "/api/v1/tokens");
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  SoupMessageHeaders *to = user_data;

  if (g_ascii_strcasecmp (name, "Host") == 0 ||
      g_ascii_strcasecmp (name, "Connection") == 0 ||
      g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
      g_ascii_strcasecmp (name, "Keep-Alive") == 0)
    return;

  soup_message_headers_append (to, name, value);
}

static char *
secret_from_reply (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  return g_strdup (json_object_get_string_member (object, "secret"));
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  status = soup_message_get_status (forward->upstream);

  if (body == NULL)
    {
      soup_server_message_set_status (forward->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
    }
  else if (forward->is_create && forward->proxy->mode == PROXY_DROP_CREATE_REPLY &&
           status == SOUP_STATUS_CREATED)
    {
      GIOStream *stream;

      forward->proxy->mode = PROXY_PASS;
      forward->proxy->n_dropped++;
      forward->proxy->dropped_secret = secret_from_reply (body);

      /* The service made the token and drew its secret; the client gets a
       * closed connection instead of the reply. */
      stream = soup_server_message_steal_connection (forward->msg);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      goto out;
    }
  else if (forward->is_create && forward->proxy->mode == PROXY_HOLD_CREATE_REPLY &&
           status == SOUP_STATUS_CREATED)
    {
      forward->proxy->mode = PROXY_PASS;
      g_free (forward->proxy->held_secret);
      forward->proxy->held_secret = secret_from_reply (body);

      /* The whole reply, sent once proxy_release_held_replies() unpauses it. */
      soup_server_message_set_status (forward->msg, status, NULL);
      soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream),
                                    copy_header,
                                    soup_server_message_get_response_headers (forward->msg));
      soup_message_body_append_bytes (soup_server_message_get_response_body (forward->msg), body);
      g_ptr_array_add (forward->proxy->held_replies, g_object_ref (forward->msg));
      goto out;
    }
  else
    {
      SoupMessageHeaders *response_headers =
        soup_server_message_get_response_headers (forward->msg);

      soup_server_message_set_status (forward->msg, status, NULL);
      soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream),
                                    copy_header, response_headers);
      if (g_bytes_get_size (body) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (forward->msg), body);
    }

  soup_server_unpause_message (forward->proxy->server, forward->msg);

out:
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
forward_request (Proxy             *proxy,
                 SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *target = NULL;
  g_autoptr(GBytes) body = NULL;
  Forward *forward = g_new0 (Forward, 1);

  target = g_strconcat (proxy->upstream, g_uri_get_path (uri),
                        g_uri_get_query (uri) != NULL ? "?" : "",
                        g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                        NULL);

  forward->proxy = proxy;
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (soup_server_message_get_method (msg), target);
  forward->is_create = is_create_request (msg);

  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (forward->upstream));

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward->upstream, NULL, body);

  soup_session_send_and_read_async (proxy->session, forward->upstream, G_PRIORITY_DEFAULT,
                                    NULL, forwarded_cb, forward);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Proxy *proxy = user_data;

  soup_server_pause_message (server, msg);

  if (is_create_request (msg))
    {
      proxy->n_create_posts++;

      if (proxy->mode == PROXY_HOLD_CREATE)
        {
          g_ptr_array_add (proxy->held, g_object_ref (msg));
          return;
        }
    }

  forward_request (proxy, msg);
}

static Proxy *
proxy_new (const char *upstream)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  proxy->upstream = g_strdup (upstream);
  proxy->session = soup_session_new ();
  proxy->held = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->held_replies = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_handler, proxy, NULL);
  g_assert_true (soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (proxy->server);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return proxy;
}

static void
proxy_release_held (Proxy *proxy)
{
  /* Forward what was held, so that nothing stays paused for ever. */
  while (proxy->held->len > 0)
    {
      g_autoptr(SoupServerMessage) msg = g_ptr_array_steal_index (proxy->held, 0);

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_unpause_message (proxy->server, msg);
    }
}

static void
proxy_release_held_replies (Proxy *proxy)
{
  while (proxy->held_replies->len > 0)
    {
      g_autoptr(SoupServerMessage) msg = g_ptr_array_steal_index (proxy->held_replies, 0);

      soup_server_unpause_message (proxy->server, msg);
    }
}

static void
proxy_free (Proxy *proxy)
{
  proxy_release_held (proxy);
  proxy_release_held_replies (proxy);
  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_ptr_array_unref (proxy->held);
  g_ptr_array_unref (proxy->held_replies);
  g_free (proxy->held_secret);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy->dropped_secret);
  g_free (proxy);
}

/* --- Shared state -------------------------------------------------------------- */

static RtTestService *service;
static Proxy *proxy;
static RtApplication *app;
static RtWindow *window;
/* A client of its own, straight to the service, to check the server's state. */
static RtClient *checker;
/* Every secret the tests saw, to look for in the log. */
static GPtrArray *seen_secrets;

/* --- Main loop helpers --------------------------------------------------------- */

/* Returns: (transfer none): the first visible toplevel of @type whose parent
 * is @parent, or NULL */
static gpointer
find_toplevel (GType      type,
               GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (candidate, type) &&
          gtk_widget_get_visible (GTK_WIDGET (candidate)) &&
          (parent == NULL || gtk_window_get_transient_for (candidate) == parent))
        return candidate;
    }

  return NULL;
}

static gboolean
is_open (gpointer toplevel)
{
  return toplevel != NULL && gtk_widget_get_visible (GTK_WIDGET (toplevel));
}

/* Follows @window until it is closed: hidden, or destroyed and gone. */
static GtkWindow **
track (gpointer toplevel)
{
  GtkWindow **location = g_new (GtkWindow *, 1);

  *location = toplevel;
  g_object_add_weak_pointer (G_OBJECT (toplevel), (gpointer *) location);

  return location;
}

static void
wait_closed (GtkWindow **location)
{
  rt_test_wait_until (!is_open (*location));
  if (*location != NULL)
    g_object_remove_weak_pointer (G_OBJECT (*location), (gpointer *) location);
  g_free (location);
}

/* Appends every label's text under @widget to @out, one per line. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static gboolean
widget_shows (GtkWidget  *widget,
              const char *text)
{
  g_autoptr(GString) all = g_string_new (NULL);

  collect_text (widget, all);

  return strstr (all->str, text) != NULL;
}

static gboolean
toast_shows (const char *text)
{
  return widget_shows (GTK_WIDGET (window->toast_overlay), text);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_toast_overlay (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_TOAST_OVERLAY (widget);
}

static gboolean
label_has_prefix (GtkWidget     *widget,
                  gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

/* The action Escape runs in @toplevel: the first shortcut for it from the
 * focus up, as GTK looks for one. */
static const char *
escape_action (GtkWindow *toplevel)
{
  g_autoptr(GtkShortcutTrigger) escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);
  GtkWidget *focus = gtk_window_get_focus (toplevel);

  for (GtkWidget *w = focus != NULL ? focus : GTK_WIDGET (toplevel); w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

              if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), escape))
                continue;

              return GTK_IS_NAMED_ACTION (action)
                     ? gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))
                     : "(not a named action)";
            }
        }
    }

  return NULL;
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget);
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static const char *
shown_secret (RtSecretDialog *dialog)
{
  GtkWidget *label = find_widget (GTK_WIDGET (dialog), has_css_class, "rt-secret");

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* --- The server's view ----------------------------------------------------------- */

static RtToken *
server_get_token (const char  *id,
                  GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rt_client_get_token_async (checker, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);

  return rt_client_get_token_finish (checker, result, error);
}

static RtToken *
server_find_token_by_name (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;

  rt_client_list_tokens_page_async (checker, NULL, 1000, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (checker, result, &error);
  g_assert_no_error (error);

  tokens = rt_token_page_get_tokens (page);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ascii_strcasecmp (rt_token_get_name (g_ptr_array_index (tokens, i)), name) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));

  return NULL;
}

static guint
server_count_tokens_named (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtTokenPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tokens;
  guint count = 0;

  rt_client_list_tokens_page_async (checker, NULL, 1000, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  page = rt_client_list_tokens_page_finish (checker, result, &error);
  g_assert_no_error (error);

  tokens = rt_token_page_get_tokens (page);
  for (guint i = 0; i < tokens->len; i++)
    if (g_ascii_strcasecmp (rt_token_get_name (g_ptr_array_index (tokens, i)), name) == 0)
      count++;

  return count;
}

static RtToken *
server_create_token (const char *name,
                     RtSecret  **secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token;

  rt_client_create_token_async (checker, name, RT_TOKEN_TYPE_USER, NULL, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  token = rt_client_create_token_finish (checker, result, secret, NULL, &error);
  g_assert_no_error (error);

  return token;
}

/* --- The keyring's view ---------------------------------------------------------- */

static const SecretSchema app_schema = {
  "io.github.regtokens.RegistryTokens.TokenSecret", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "token-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static const SecretSchema docker_schema = {
  "io.docker.Credentials", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static char *
keyring_app_secret (const char *token_id)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = secret_password_lookup_sync (&app_schema, NULL, &error,
                                       "server", rt_window_get_server (window),
                                       "token-id", token_id,
                                       NULL);
  g_assert_no_error (error);

  return value;
}

static char *
keyring_docker_secret (const char *username)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = secret_password_lookup_sync (&docker_schema, NULL, &error,
                                       "server", rt_account_get_registry (rt_window_get_account (window)),
                                       "username", username,
                                       NULL);
  g_assert_no_error (error);

  return value;
}

static gboolean
keyring_app_secret_gone (const char *token_id)
{
  g_autofree char *value = keyring_app_secret (token_id);

  return value == NULL;
}

static gboolean
keyring_docker_secret_gone (const char *username)
{
  g_autofree char *value = keyring_docker_secret (username);

  return value == NULL;
}

/* --- Driving the window ---------------------------------------------------------- */

static RtGenerateDialog *
open_generate_dialog (void)
{
  RtGenerateDialog *dialog;

  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.generate-token", NULL));
  rt_test_wait_until ((dialog = find_toplevel (RT_TYPE_GENERATE_DIALOG, GTK_WINDOW (window))) != NULL);

  /* The name can be typed at once: the focus is in its entry. */
  rt_test_wait_until (gtk_window_get_focus (GTK_WINDOW (dialog)) != NULL);
  g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (GTK_WINDOW (dialog))));
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                             ADW_TYPE_ENTRY_ROW));

  return dialog;
}

static gboolean
generate_enabled (RtGenerateDialog *dialog)
{
  GtkWidget *button = find_widget (GTK_WIDGET (dialog), has_action_name, "dialog.generate");

  g_assert_nonnull (button);

  return gtk_widget_get_sensitive (button);
}

/* Generates @name through the dialog; returns the secret dialog shown. */
static RtSecretDialog *
generate_through_dialog (const char *name)
{
  RtGenerateDialog *dialog;
  RtSecretDialog *secret_dialog;

  dialog = open_generate_dialog ();

  rt_generate_dialog_set_name (dialog, name);
  g_assert_null (rt_generate_dialog_get_problem (dialog));
  g_assert_true (generate_enabled (dialog));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));

  g_ptr_array_add (seen_secrets, g_strdup (shown_secret (secret_dialog)));

  return secret_dialog;
}

static void answer (AdwMessageDialog *question,
                    const char       *response);

/* Closes the secret dialog, answering the question if one comes. */
static void
close_secret_dialog (RtSecretDialog *dialog)
{
  GtkWindow *weak = GTK_WINDOW (dialog);
  AdwMessageDialog *question = NULL;

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  rt_test_wait_until (!is_open (weak) ||
                      (question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, weak)) != NULL);
  if (question != NULL)
    answer (question, "confirm");

  rt_test_wait_until (!is_open (weak));
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
}

static AdwMessageDialog *
wait_for_question (GtkWindow *parent)
{
  AdwMessageDialog *question;

  rt_test_wait_until ((question = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, parent)) != NULL);

  return question;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Answers like a click on the response's button: the dialog closes and
 * emits the response (adw_message_dialog_response() alone only emits). */
static void
answer (AdwMessageDialog *question,
        const char       *response)
{
  GtkWindow *weak = GTK_WINDOW (question);
  const char *label = adw_message_dialog_get_response_label (question, response);
  GtkWidget *button = find_widget (GTK_WIDGET (question), is_button_labelled, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_signal_emit_by_name (button, "clicked");
  rt_test_wait_until (!is_open (weak));
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
}

static RtToken *
table_token (const char *id)
{
  return rt_token_store_find (rt_session_get_tokens (window->session), id, NULL);
}

static gboolean
table_has_name (const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rt_session_get_tokens (window->session)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtToken) token = g_list_model_get_item (G_LIST_MODEL (rt_session_get_tokens (window->session)), i);

      if (g_strcmp0 (rt_token_get_name (token), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* --- Tests ------------------------------------------------------------------------ */

static void
test_signed_in (void)
{
  g_assert_nonnull (rt_session_get_client (window->session));
  g_assert_nonnull (rt_window_get_account (window));
  g_assert_cmpint (rt_account_get_role (rt_window_get_account (window)), ==, RT_ROLE_ADMIN);
  g_assert_true (table_has_name ("ci-pipeline"));
}

static void
test_generate (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("build-agent-1");
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;
  RtToken *token = rt_secret_dialog_get_token (dialog);
  AdwMessageDialog *question;
  g_autofree char *login = NULL;

  /* The secret dialog: the token, the registry, the username and a secret. */
  g_assert_cmpstr (rt_token_get_name (token), ==, "build-agent-1");
  g_assert_true (g_str_has_prefix (shown_secret (dialog), "rtsec_"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "build-agent-1"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), rt_account_get_registry (rt_window_get_account (window))));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), rt_token_get_username (token)));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "shown only once"));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), "rtsec_"));

  login = rt_secret_dialog_dup_login_command (dialog);
  g_assert_true (g_str_has_prefix (login, "docker login "));
  g_assert_nonnull (strstr (login, "--password-stdin"));
  g_assert_null (strstr (login, shown_secret (dialog)));

  /* It is on the server and in the table. */
  on_server = server_get_token (rt_token_get_id (token), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rt_token_get_name (on_server), ==, "build-agent-1");
  g_assert_nonnull (table_token (rt_token_get_id (token)));

  /* Closing before copying or saving asks first; Go Back keeps it open. */
  gtk_window_close (GTK_WINDOW (dialog));
  question = wait_for_question (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Close Without Saving the Secret?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==, "It cannot be shown again.");
  answer (question, "cancel");
  g_assert_true (is_open (dialog));

  /* Escape asks too. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  question = wait_for_question (GTK_WINDOW (dialog));
  answer (question, "confirm");
  rt_test_wait_until (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL) == NULL);
}

static void
test_generate_copy_then_close (void)
{
  GtkWindow **tracked;
  RtSecretDialog *dialog = generate_through_dialog ("copy-then-close");
  g_autofree char *expected = NULL;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.copy", NULL);
  g_assert_true (rt_secret_dialog_get_copied (dialog));
  expected = g_strdup_printf ("Secret copied. The clipboard will be cleared in %u seconds.",
                              rt_clipboard_get_clear_seconds (window->clipboard));
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), expected));

  /* Said inline, not in a toast that would take the first Escape and cover
   * the buttons: Escape closes the dialog at once. */
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_toast_overlay, NULL));
  g_assert_cmpstr (escape_action (GTK_WINDOW (dialog)), ==, "window.close");

  /* Copied: closing asks nothing. */
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), escape_action (GTK_WINDOW (dialog)), NULL);
  wait_closed (tracked);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
}

static gboolean
is_visible_scrollbar (GtkWidget     *widget,
                      gconstpointer  data)
{
  /* (Not a scrolled window's own, which its policy hides.) */
  return GTK_IS_SCROLLBAR (widget) && gtk_widget_get_visible (widget) &&
         !GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (widget));
}

/* @a and @b do not overlap on screen. */
static void
assert_apart (GtkWidget *a,
              GtkWidget *b)
{
  graphene_rect_t a_bounds;
  graphene_rect_t b_bounds;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (a));

  g_assert_true (gtk_widget_compute_bounds (a, root, &a_bounds));
  g_assert_true (gtk_widget_compute_bounds (b, root, &b_bounds));
  g_assert_false (graphene_rect_intersection (&a_bounds, &b_bounds, NULL));
}

static void
test_copy_login_command_then_escape (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("login-then-escape");
  GtkWidget *copy_login;
  GtkWidget *note;

  copy_login = find_widget (GTK_WIDGET (dialog), has_action_name, "secret.copy-login-command");
  g_assert_nonnull (copy_login);
  gtk_widget_grab_focus (copy_login);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.copy-login-command", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "Login command copied."));

  /* The note sits beside the copy button, never over it. */
  note = find_widget (GTK_WIDGET (dialog), label_has_prefix, "Login command copied.");
  g_assert_nonnull (note);
  rt_test_wait_until (gtk_widget_get_mapped (note) && gtk_widget_get_width (note) > 0);
  assert_apart (copy_login, note);
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_toast_overlay, NULL));

  /* The secret itself was neither copied nor saved: the first Escape asks. */
  g_assert_false (rt_secret_dialog_get_copied (dialog));
  g_assert_cmpstr (escape_action (GTK_WINDOW (dialog)), ==, "window.close");
  gtk_widget_activate_action (GTK_WIDGET (dialog), escape_action (GTK_WINDOW (dialog)), NULL);
  answer (wait_for_question (GTK_WINDOW (dialog)), "confirm");
  rt_test_wait_until (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL) == NULL);
}

/* How many lines @label's text takes. */
static int
layout_lines (GtkWidget *label)
{
  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
}

static GtkPolicyType
scroll_policy (GtkWidget *scroller)
{
  GtkPolicyType horizontal;

  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), &horizontal, NULL);

  return horizontal;
}

static void
test_secret_never_breaks (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  RtSecretDialog *dialog;
  GtkWidget *secret;
  GtkWidget *login;
  GtkWidget *scroller;
  GtkWidget *bar;
  g_autofree char *command = NULL;
  int dpi;

  /* 1.5× text, as a user with large text has it. */
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);

  dialog = generate_through_dialog ("a-long-name-with-hyphens-to-break-at");
  secret = find_widget (GTK_WIDGET (dialog), has_css_class, "rt-secret");
  command = rt_secret_dialog_dup_login_command (dialog);
  login = find_widget (GTK_WIDGET (dialog), label_has_prefix, "docker login ");
  g_assert_nonnull (login);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (login)), ==, command);
  rt_test_wait_until (gtk_widget_get_mapped (secret) && gtk_widget_get_mapped (login));

  /* Neither wraps: one line each, whatever the width; a scrollbar, not a
   * line break, says that more follows. */
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (secret)));
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (login)));
  g_assert_cmpint (layout_lines (secret), ==, 1);
  g_assert_cmpint (layout_lines (login), ==, 1);

  /* At 1.5× the command is wider than the dialog: a scrollbar shows, under
   * the line rather than over it. */
  scroller = gtk_widget_get_ancestor (login, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  rt_test_wait_until ((bar = find_widget (gtk_widget_get_parent (scroller), is_visible_scrollbar, NULL)) != NULL &&
                      gtk_widget_get_mapped (bar) && gtk_widget_get_width (bar) > 0);
  assert_apart (login, bar);
  /* The secret too, at this size. */
  scroller = gtk_widget_get_ancestor (secret, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  g_assert_cmpint (scroll_policy (scroller), !=, GTK_POLICY_NEVER);
  rt_test_wait_until ((bar = find_widget (gtk_widget_get_parent (scroller), is_visible_scrollbar, NULL)) != NULL &&
                      gtk_widget_get_mapped (bar) && gtk_widget_get_width (bar) > 0);
  assert_apart (secret, bar);

  close_secret_dialog (dialog);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_generate_invalid_names (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog = open_generate_dialog ();

  /* Nothing typed yet: nothing to generate, no scolding. */
  g_assert_false (generate_enabled (dialog));

  rt_generate_dialog_set_name (dialog, "-bad");
  g_assert_false (generate_enabled (dialog));
  g_assert_cmpstr (rt_generate_dialog_get_problem (dialog), ==,
                   "A name must start with a letter or a digit.");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A name must start with a letter or a digit."));

  /* Too short: said only once the user pauses, not on the first keystroke;
   * a wrong character is said at once. */
  rt_generate_dialog_set_name (dialog, "a");
  g_assert_false (generate_enabled (dialog));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "A name must start"));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_generate_dialog_set_name (dialog, "ab");
  rt_test_run_for (300);
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  rt_generate_dialog_set_name (dialog, "ab!");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A name cannot contain “!”"));
  rt_generate_dialog_set_name (dialog, "abc");
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "A name cannot contain"));
  rt_generate_dialog_set_name (dialog, "ab");
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));
  /* Enter, a submit, says it at once. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), is_entry_row, NULL), "entry-activated");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "at least 3 characters"));

  rt_generate_dialog_set_name (dialog, "has space");
  g_assert_false (generate_enabled (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "cannot contain spaces"));

  /* Taken, case-insensitively, by a loaded token. */
  rt_generate_dialog_set_name (dialog, "CI-PIPELINE");
  g_assert_false (generate_enabled (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A token named “CI-PIPELINE” already exists."));

  rt_generate_dialog_set_name (dialog, "fine-name");
  g_assert_true (generate_enabled (dialog));
  g_assert_null (rt_generate_dialog_get_problem (dialog));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "already exists"));

  /* Enter with an invalid name submits nothing. */
  rt_generate_dialog_set_name (dialog, "ab");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_false (rt_generate_dialog_get_busy (dialog));

  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);
  g_assert_null (server_find_token_by_name ("fine-name"));
}

static gboolean
is_combo_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
test_generate_service_token (void)
{
  RtGenerateDialog *dialog = open_generate_dialog ();
  AdwComboRow *type_row;
  AdwComboRow *user_row;
  RtSecretDialog *secret_dialog;
  RtServiceUser *user;
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = NULL;

  type_row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), is_combo_row, "_Type"));
  user_row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), is_combo_row, "_Service User"));
  g_assert_nonnull (type_row);
  g_assert_nonnull (user_row);

  /* An admin may make a service token, for a service user from the server. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (type_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (user_row)));
  rt_generate_dialog_set_name (dialog, "deploy-robot");
  adw_combo_row_set_selected (type_row, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (user_row)));
  rt_test_wait_until (g_list_model_get_n_items (adw_combo_row_get_model (user_row)) > 0);
  rt_test_wait_until (generate_enabled (dialog));

  user = adw_combo_row_get_selected_item (user_row);
  g_assert_nonnull (user);
  user_name = g_strdup (rt_service_user_get_name (user));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_ptr_array_add (seen_secrets, g_strdup (shown_secret (secret_dialog)));

  on_server = server_get_token (rt_token_get_id (rt_secret_dialog_get_token (secret_dialog)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rt_token_get_token_type (on_server), ==, RT_TOKEN_TYPE_SERVICE);
  g_assert_cmpstr (rt_token_get_created_for (on_server), ==, user_name);

  close_secret_dialog (secret_dialog);
}

static void
test_generate_conflict (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;
  g_autoptr(RtToken) other = NULL;
  g_autoptr(RtSecret) other_secret = NULL;

  /* Someone else takes the name after the table was loaded. */
  other = server_create_token ("late-comer", &other_secret);
  g_assert_false (table_has_name ("late-comer"));

  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "Late-Comer");
  g_assert_true (generate_enabled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_true (rt_generate_dialog_get_busy (dialog));
  rt_test_wait_until (!rt_generate_dialog_get_busy (dialog));

  /* The dialog stays, with the name kept and the server's answer shown. */
  g_assert_true (is_open (dialog));
  g_assert_cmpstr (rt_generate_dialog_get_name (dialog), ==, "Late-Comer");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "A token named “Late-Comer” already exists."));
  g_assert_false (generate_enabled (dialog));
  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
  g_assert_cmpuint (server_count_tokens_named ("late-comer"), ==, 1);

  tracked = track (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_closed (tracked);
}

static void
test_generate_cancel (void)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;
  guint posts_before = proxy->n_create_posts;

  /* A server that does not answer: the request is on its way. */
  proxy->mode = PROXY_HOLD_CREATE;

  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "never-made");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_wait_until (proxy->n_create_posts == posts_before + 1);

  /* Busy: spinner, inputs insensitive, no second submission. */
  g_assert_true (rt_generate_dialog_get_busy (dialog));
  g_assert_false (generate_enabled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  rt_test_run_for (300);
  g_assert_cmpuint (proxy->n_create_posts, ==, posts_before + 1);

  /* Cancel closes and cancels. */
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);

  proxy->mode = PROXY_PASS;
  proxy_release_held (proxy);
  rt_test_run_for (300);

  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
  g_assert_null (server_find_token_by_name ("never-made"));
  g_assert_false (table_has_name ("never-made"));
}

/* Generates @name and closes the dialog (Cancel, Escape) once the service
 * made the token, while its reply is held on the way. */
static void
generate_and_close_in_flight (const char *name)
{
  GtkWindow **tracked;
  RtGenerateDialog *dialog;

  proxy->mode = PROXY_HOLD_CREATE_REPLY;
  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, name);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);

  rt_test_wait_until (proxy->held_replies->len == 1);
  tracked = track (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  wait_closed (tracked);
}

static void
test_generate_close_after_request_left (void)
{
  RtSecretDialog *secret_dialog;
  g_autoptr(RtToken) on_server = NULL;
  RtToken *token;

  generate_and_close_in_flight ("closed-in-flight");
  on_server = server_find_token_by_name ("closed-in-flight");
  g_assert_nonnull (on_server);

  /* The reply still arrives, and its one-time secret is shown. */
  proxy_release_held_replies (proxy);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  token = rt_secret_dialog_get_token (secret_dialog);
  g_assert_cmpstr (rt_token_get_name (token), ==, "closed-in-flight");
  g_assert_cmpstr (shown_secret (secret_dialog), ==, proxy->held_secret);
  g_ptr_array_add (seen_secrets, g_strdup (proxy->held_secret));
  g_assert_nonnull (table_token (rt_token_get_id (token)));
  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));

  close_secret_dialog (secret_dialog);
}

static void
test_generate_lost_reply (void)
{
  RtSecretDialog *dialog;
  guint dropped_before = proxy->n_dropped;

  proxy->mode = PROXY_DROP_CREATE_REPLY;
  dialog = generate_through_dialog ("lost-reply");

  /* The first reply was dropped after the service made the token; the
   * retry got that same token and secret back. */
  g_assert_cmpuint (proxy->n_dropped, ==, dropped_before + 1);
  g_assert_cmpuint (server_count_tokens_named ("lost-reply"), ==, 1);
  g_assert_nonnull (proxy->dropped_secret);
  g_assert_cmpstr (shown_secret (dialog), ==, proxy->dropped_secret);

  close_secret_dialog (dialog);
}

static void
test_resync (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("resync-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  RtToken *row;
  GListModel *products;
  gboolean found = FALSE;

  close_secret_dialog (dialog);

  /* Nothing new yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id));
  row = table_token (id);
  g_assert_true (rt_token_get_busy (row));
  rt_test_wait_until (!rt_token_get_busy (row));
  rt_test_wait_until (toast_shows ("Already up to date"));

  rt_test_service_subscribe (service, "robot-arm", "Robot Arm", "1.0", "2027-06-30");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id));
  rt_test_wait_until (toast_shows ("Added 1 product: Robot Arm"));
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));

  products = rt_token_get_products (table_token (id));
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(RtProduct) product = g_list_model_get_item (products, i);

      found |= g_strcmp0 (rt_product_get_name (product), "Robot Arm") == 0;
    }
  g_assert_true (found);
}

static void
test_resync_gone (void)
{
  g_autoptr(RtToken) token = NULL;
  g_autoptr(RtSecret) secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RtSecretDialog *dialog = generate_through_dialog ("deleted-elsewhere");

  id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  close_secret_dialog (dialog);

  rt_client_delete_token_async (checker, id, NULL, rt_test_async_ready, &result);
  rt_test_wait_result (&result);
  g_assert_true (rt_client_delete_token_finish (checker, result, &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id);
  rt_test_wait_until (table_token (id) == NULL);
  rt_test_wait_until (toast_shows ("“deleted-elsewhere” was already deleted"));
}

static void
test_regenerate_replaces_saved (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("keyring-user");
  RtToken *token = rt_secret_dialog_get_token (dialog);
  g_autofree char *id = g_strdup (rt_token_get_id (token));
  g_autofree char *username = g_strdup (rt_token_get_username (token));
  g_autofree char *first = g_strdup (shown_secret (dialog));
  g_autofree char *second = NULL;
  g_autofree char *value = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *expected_entry = NULL;
  g_autofree char *consent = NULL;
  AdwMessageDialog *question;
  RtSecretDialog *new_dialog;
  g_autoptr(RtToken) on_server = NULL;
  g_autoptr(GError) error = NULL;

  /* Save to Keyring, also for docker and podman. */
  g_assert_true (g_settings_get_boolean (window->settings, "save-for-docker"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (rt_secret_dialog_get_saved (dialog));
  g_assert_true (widget_shows (GTK_WIDGET (dialog), "for Registry Tokens and for docker and podman"));

  /* The one-time question about docker's and podman's configuration. */
  question = wait_for_question (GTK_WINDOW (dialog));
  answer (question, "yes");
  consent = g_settings_get_string (window->settings, "docker-config-consent");
  g_assert_cmpstr (consent, ==, "yes");
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  config_path = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  expected_entry = g_strdup_printf ("\"%s\"", rt_account_get_registry (rt_window_get_account (window)));
  g_assert_nonnull (strstr (config, "credHelpers"));
  g_assert_nonnull (strstr (config, expected_entry));
  g_assert_nonnull (strstr (config, "secretservice"));
  g_assert_null (strstr (config, "rtsec_"));

  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, first);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (username);
  g_assert_cmpstr (value, ==, first);
  g_clear_pointer (&value, g_free);

  /* Saved: closing asks nothing. */
  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (id)));

  /* Re-generate: the question names the token and the saved entries. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.regenerate-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "Re-generate the Secret of “keyring-user”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "stops working at once"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question),
                            "Saved keyring entries for this token will be replaced."));
  answer (question, "confirm");

  rt_test_wait_until ((new_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  second = g_strdup (shown_secret (new_dialog));
  g_ptr_array_add (seen_secrets, g_strdup (second));
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpstr (rt_token_get_id (rt_secret_dialog_get_token (new_dialog)), ==, id);

  /* The saved entries now hold the new secret. */
  rt_test_wait_until (rt_secret_dialog_get_saved (new_dialog));
  g_assert_true (widget_shows (GTK_WIDGET (new_dialog), "The saved keyring entries were updated."));
  /* Saved already: no "shown only once… save it" beside that. */
  g_assert_false (widget_shows (GTK_WIDGET (new_dialog), "shown only once"));
  g_assert_false (widget_shows (GTK_WIDGET (new_dialog), "save it"));
  g_assert_true (widget_shows (GTK_WIDGET (new_dialog), "The keyring holds this new secret."));
  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, second);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (username);
  g_assert_cmpstr (value, ==, second);
  g_clear_pointer (&value, g_free);
  close_secret_dialog (new_dialog);

  on_server = server_get_token (id, &error);
  g_assert_no_error (error);
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));

  /* Delete removes them. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (table_token (id) == NULL);
  /* The app's item goes first, then the docker one. */
  rt_test_wait_until (keyring_app_secret_gone (id));
  rt_test_wait_until (keyring_docker_secret_gone (username));
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* The keyring item is saved but docker's configuration cannot be written
 * (a folder where its file should be): the dialog says both, truthfully,
 * and the window hears of the saved secret. */
static void
test_save_docker_setup_fails (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("half-saved");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  g_autofree char *secret = g_strdup (shown_secret (dialog));
  g_autofree char *dir = NULL;
  g_autofree char *blocker = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  guint saved_signals = 0;

  dir = g_dir_make_tmp ("rt-docker-config-XXXXXX", &error);
  g_assert_no_error (error);
  blocker = g_build_filename (dir, "config.json", NULL);
  g_assert_cmpint (g_mkdir (blocker, 0700), ==, 0);
  g_setenv ("DOCKER_CONFIG", dir, TRUE);

  g_settings_set_string (window->settings, "docker-config-consent", "yes");
  g_settings_set_boolean (window->settings, "save-for-docker", TRUE);
  g_signal_connect_swapped (dialog, "secret-saved", G_CALLBACK (count_signal), &saved_signals);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog),
                            "Saved to the keyring, but docker and podman could not be set up: "));
  g_unsetenv ("DOCKER_CONFIG");
  g_assert_true (widget_shows (GTK_WIDGET (dialog), blocker));
  g_assert_false (widget_shows (GTK_WIDGET (dialog), "for Registry Tokens and for docker and podman"));
  g_assert_true (rt_secret_dialog_get_saved (dialog));
  g_assert_cmpuint (saved_signals, ==, 1);

  value = keyring_app_secret (id);
  g_assert_cmpstr (value, ==, secret);

  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (id)));
  g_assert_cmpint (g_rmdir (blocker), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A second token saved for docker takes the registry host's docker
 * credentials over from the first: the dialog says so, also once docker's
 * configuration was set up, and the first token's own saved secret stays. */
static void
test_second_docker_token (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("docker-first");
  RtToken *token = rt_secret_dialog_get_token (dialog);
  g_autofree char *first_id = g_strdup (rt_token_get_id (token));
  g_autofree char *first_user = g_strdup (rt_token_get_username (token));
  g_autofree char *first_secret = g_strdup (shown_secret (dialog));
  g_autofree char *second_user = NULL;
  g_autofree char *second_secret = NULL;
  g_autofree char *value = NULL;

  g_settings_set_string (window->settings, "docker-config-consent", "yes");
  g_settings_set_boolean (window->settings, "save-for-docker", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  close_secret_dialog (dialog);
  rt_test_wait_until (rt_token_get_has_saved_secret (table_token (first_id)));

  dialog = generate_through_dialog ("docker-second");
  token = rt_secret_dialog_get_token (dialog);
  second_user = g_strdup (rt_token_get_username (token));
  second_secret = g_strdup (shown_secret (dialog));
  g_assert_cmpstr (first_user, !=, second_user);

  /* Said before saving, too. */
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "docker and podman use “docker-first” now: this replaces it"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (widget_shows (GTK_WIDGET (dialog), "from the keyring (set in"));
  g_assert_true (widget_shows (GTK_WIDGET (dialog),
                               "docker and podman now use “docker-second” instead of “docker-first”."));

  /* Only docker's item for the host changed hands. */
  value = keyring_app_secret (first_id);
  g_assert_cmpstr (value, ==, first_secret);
  g_clear_pointer (&value, g_free);
  value = keyring_docker_secret (first_user);
  g_assert_null (value);
  value = keyring_docker_secret (second_user);
  g_assert_cmpstr (value, ==, second_secret);
  g_clear_pointer (&value, g_free);

  close_secret_dialog (dialog);
}

static void
test_delete (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("delete-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  AdwMessageDialog *question;
  g_autoptr(RtToken) still = NULL;
  g_autoptr(RtToken) gone = NULL;
  g_autoptr(GError) error = NULL;

  close_secret_dialog (dialog);

  /* Cancelled: still there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete “delete-me”?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==,
                   "Systems using this token will lose access to the registry. This cannot be undone.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  answer (question, "cancel");
  rt_test_run_for (200);
  g_assert_nonnull (table_token (id));
  still = server_get_token (id, &error);
  g_assert_no_error (error);

  /* Confirmed: gone from the server and the table. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (table_token (id) == NULL);
  rt_test_wait_until (toast_shows ("Deleted “delete-me”"));
  gone = server_get_token (id, &error);
  g_assert_null (gone);
  g_assert_error (error, RT_CLIENT_ERROR, RT_CLIENT_ERROR_NOT_FOUND);
}

static void
test_copy_name_and_forget (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("forget-me");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));
  g_autofree char *value = NULL;
  AdwMessageDialog *question;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "secret.save", NULL);
  rt_test_wait_until (rt_secret_dialog_get_saved (dialog));
  close_secret_dialog (dialog);
  value = keyring_app_secret (id);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_free);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-name", "s", id);
  rt_test_wait_until (toast_shows ("Copied “forget-me”"));

  /* Forgetting asks first, saying what breaks; Cancel keeps the secret. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Forget Saved Secret?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==,
                   "docker and podman will no longer be able to pull with “forget-me” on this "
                   "computer, and the secret cannot be shown again. Re-generate it to get a new one.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "confirm"), ==, "_Forget");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  answer (question, "cancel");
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));
  value = keyring_app_secret (id);
  g_assert_nonnull (value);
  g_clear_pointer (&value, g_free);
  g_assert_true (rt_token_get_has_saved_secret (table_token (id)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.forget-secret", "s", id);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "confirm");
  rt_test_wait_until (toast_shows ("Removed the saved secret of “forget-me”"));
  value = keyring_app_secret (id);
  g_assert_null (value);
  rt_test_wait_until (!rt_token_get_has_saved_secret (table_token (id)));
}

static void
test_busy_token_ignored (void)
{
  RtSecretDialog *dialog = generate_through_dialog ("busy-one");
  g_autofree char *id = g_strdup (rt_token_get_id (rt_secret_dialog_get_token (dialog)));

  close_secret_dialog (dialog);

  /* While a re-sync runs, a delete for the same token does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.resync-products", "s", id);
  g_assert_true (rt_token_get_busy (table_token (id)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-token", "s", id);
  rt_test_run_for (50);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window)));
  rt_test_wait_until (!rt_token_get_busy (table_token (id)));
}

static void
test_no_secret_in_log (void)
{
  g_assert_cmpuint (seen_secrets->len, >, 0);

  for (guint i = 0; i < seen_secrets->len; i++)
    g_assert_null (strstr (rt_test_get_captured_log (), g_ptr_array_index (seen_secrets, i)));

  g_assert_null (strstr (rt_test_get_captured_log (), service->admin_key));
  g_assert_null (strstr (rt_test_get_captured_log (), service->member_key));
  g_assert_null (strstr (rt_test_get_captured_log (), "rtsec_"));
  g_assert_null (strstr (rt_test_get_captured_log (), "rtkey_"));
  /* The debug log was really captured. */
  g_assert_cmpstr (rt_test_get_captured_log (), !=, "");
}

static void
test_generate_then_sign_out (void)
{
  RtSecretDialog *secret_dialog;
  AdwMessageDialog *question;
  g_autoptr(RtSecret) key = rt_secret_new (service->admin_key, -1);

  generate_and_close_in_flight ("signed-out-in-flight");

  /* Signed out before the reply arrives: its secret is shown all the same. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  question = wait_for_question (GTK_WINDOW (window));
  answer (question, "sign-out");
  rt_test_wait_until (rt_session_get_client (window->session) == NULL);

  proxy_release_held_replies (proxy);
  rt_test_wait_until ((secret_dialog = find_toplevel (RT_TYPE_SECRET_DIALOG, GTK_WINDOW (window))) != NULL);
  g_assert_cmpstr (rt_token_get_name (rt_secret_dialog_get_token (secret_dialog)), ==,
                   "signed-out-in-flight");
  g_assert_cmpstr (shown_secret (secret_dialog), ==, proxy->held_secret);
  g_ptr_array_add (seen_secrets, g_strdup (proxy->held_secret));
  close_secret_dialog (secret_dialog);

  /* Signed in again for what follows. */
  g_signal_emit_by_name (window->sign_in_page, "sign-in", proxy->url, key);
  rt_test_wait_until (rt_session_get_client (window->session) != NULL &&
              rt_window_get_account (window) != NULL &&
              rt_token_store_get_loaded (rt_session_get_tokens (window->session)));
  rt_test_wait_until (table_has_name ("signed-out-in-flight"));
}

static void
test_close_window_mid_request (void)
{
  RtGenerateDialog *dialog;

  proxy->mode = PROXY_HOLD_CREATE;
  dialog = open_generate_dialog ();
  rt_generate_dialog_set_name (dialog, "window-closed");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.generate", NULL);
  g_assert_true (rt_generate_dialog_get_busy (dialog));

  /* The dialog goes with the window, and its request is cancelled: nothing
   * calls back into either. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  proxy->mode = PROXY_PASS;
  proxy_release_held (proxy);
  rt_test_run_for (500);

  g_assert_null (find_toplevel (RT_TYPE_GENERATE_DIALOG, NULL));
  g_assert_null (find_toplevel (RT_TYPE_SECRET_DIALOG, NULL));
}

/* --- Running the tests inside the application ----------------------------------------- */

static int test_status = 1;

static void
on_activate (GApplication *application)
{
  window = RT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);

  /* Signed in from --server and REGISTRY_TOKENS_ACCESS_KEY, tokens loaded. */
  rt_test_wait_until (rt_session_get_client (window->session) != NULL &&
                      rt_window_get_account (window) != NULL &&
                      rt_token_store_get_loaded (rt_session_get_tokens (window->session)));

  g_application_hold (application);
  test_status = g_test_run ();
  g_application_release (application);

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (application);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[4];

  /* Everything is logged, so that the test can look for secrets in it. */
  rt_test_capture_log ();
  g_setenv ("RT_FAKE_NOW", NOW, TRUE);
  /* GTK's accessibility backend for tests: no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* Xvfb has no window manager, so no window is ever "active"; GtkText's
   * cursor-blink timer then warns that a focused entry "did not receive a
   * focus-out event", which gtk_test_init makes fatal. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  service = rt_test_service_start (NOW);
  proxy = proxy_new (service->url);
  seen_secrets = g_ptr_array_new_with_free_func (g_free);

  checker = rt_test_new_client (service->url, service->admin_key);

  g_setenv ("REGISTRY_TOKENS_ACCESS_KEY", service->admin_key, TRUE);

  g_test_add_func ("/actions/signed-in", test_signed_in);
  g_test_add_func ("/actions/generate", test_generate);
  g_test_add_func ("/actions/generate-copy-then-close", test_generate_copy_then_close);
  g_test_add_func ("/actions/copy-login-command-then-escape", test_copy_login_command_then_escape);
  g_test_add_func ("/actions/secret-never-breaks", test_secret_never_breaks);
  g_test_add_func ("/actions/generate-invalid-names", test_generate_invalid_names);
  g_test_add_func ("/actions/generate-service-token", test_generate_service_token);
  g_test_add_func ("/actions/generate-conflict", test_generate_conflict);
  g_test_add_func ("/actions/generate-cancel", test_generate_cancel);
  g_test_add_func ("/actions/generate-close-after-request-left",
                   test_generate_close_after_request_left);
  g_test_add_func ("/actions/generate-lost-reply", test_generate_lost_reply);
  g_test_add_func ("/actions/resync", test_resync);
  g_test_add_func ("/actions/resync-gone", test_resync_gone);
  g_test_add_func ("/actions/regenerate-replaces-saved", test_regenerate_replaces_saved);
  g_test_add_func ("/actions/save-docker-setup-fails", test_save_docker_setup_fails);
  g_test_add_func ("/actions/second-docker-token", test_second_docker_token);
  g_test_add_func ("/actions/delete", test_delete);
  g_test_add_func ("/actions/copy-name-and-forget", test_copy_name_and_forget);
  g_test_add_func ("/actions/busy-token-ignored", test_busy_token_ignored);
  g_test_add_func ("/actions/generate-then-sign-out", test_generate_then_sign_out);
  g_test_add_func ("/actions/no-secret-in-log", test_no_secret_in_log);
  g_test_add_func ("/actions/close-window-mid-request", test_close_window_mid_request);

  app = g_object_new (RT_TYPE_APPLICATION,
                      "application-id", APPLICATION_ID,
                      "resource-base-path", "/io/github/regtokens/RegistryTokens/",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);

  app_argv[0] = (char *) "registry-tokens";
  app_argv[1] = (char *) "--server";
  app_argv[2] = proxy->url;
  app_argv[3] = NULL;
  g_application_run (G_APPLICATION (app), 3, app_argv);

  g_clear_object (&app);
  g_clear_object (&checker);
  proxy_free (proxy);
  rt_test_service_free (service);
  g_ptr_array_unref (seen_secrets);

  return test_status;
}
