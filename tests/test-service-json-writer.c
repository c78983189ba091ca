/* test-service-json-writer.c: the service's hand-written JSON strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rts-json-writer.h"

/* Writes text as a JSON string and checks what any parser needs: valid
 * UTF-8, no raw control character, and json-glib reading back
 * g_utf8_make_valid (text). */
static void
assert_round_trip (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_utf8_make_valid (text, -1);

  rts_json_append_string (out, text);

  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpint ((guchar) out->str[i], >=, 0x20);

  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
test_hostile (void)
{
  static const char * const texts[] = {
    "",
    "plain-name_1.2",
    "\"quoted\" and \\back\\slashed\\",
    "\\u0000 \\\" \\\\\" \"\"",
    "line\nbreak\r\ttab\bback\fform",
    "\001\002\003\004\005\006\007\013\016\017\020\021\022\023\024\025\026\027"
    "\030\031\032\033\034\035\036\037",
    "del \177 end",
    "</script><script>alert(1)</script>",
    "\342\200\250 line and paragraph \342\200\251 separators",
    "caf\303\251 \344\270\255\346\226\207 \330\271\330\261\330\250\331\212",
    "non-BMP \360\237\230\200 \360\235\204\236 \364\217\277\277",
    "\357\273\277 byte-order mark",
    "\357\277\275 already a replacement character",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_round_trip (texts[i]);
}

static void
test_invalid_utf8 (void)
{
  static const char * const texts[] = {
    "\200",                     /* lone continuation byte */
    "a\277b",
    "\342\202",                 /* truncated three-byte sequence */
    "\342\202 euro cut short",
    "\300\257",                 /* overlong '/' */
    "\340\200\257",             /* overlong, three bytes */
    "\355\240\200",             /* a UTF-16 surrogate */
    "\355\277\277",
    "\364\220\200\200",         /* beyond U+10FFFF */
    "\370\210\200\200\200",     /* five-byte form */
    "\376\377 \377\376",
    "ok \360\237\230 cut emoji \360\237\230\200 whole",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_round_trip (texts[i]);
}

/* Every string of one or two bytes, and many longer random ones. */
static void
test_exhaustive (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  char text[8];

  for (guint a = 1; a < 256; a++)
    {
      text[0] = (char) a;
      text[1] = '\0';
      assert_round_trip (text);

      for (guint b = 1; b < 256; b++)
        {
          text[1] = (char) b;
          text[2] = '\0';
          assert_round_trip (text);
        }
    }

  for (guint i = 0; i < 20000; i++)
    {
      guint length = g_rand_int_range (rand, 1, sizeof text);

      for (guint j = 0; j < length; j++)
        text[j] = (char) g_rand_int_range (rand, 1, 256);
      text[length] = '\0';
      assert_round_trip (text);
    }
}

static void
test_null (void)
{
  g_autoptr(GString) out = g_string_new ("[");

  rts_json_append_string (out, NULL);
  g_string_append_c (out, ',');
  rts_json_append_string (out, "a\"b");
  g_string_append_c (out, ']');

  g_assert_cmpstr (out->str, ==, "[null,\"a\\\"b\"]");
}

/* The inside of a string only: the token list writes "{project}+{name}"
 * from two pieces. */
static void
test_escaped_pieces (void)
{
  g_autoptr(GString) out = g_string_new ("\"");

  rts_json_append_escaped (out, "acme");
  g_string_append_c (out, '+');
  rts_json_append_escaped (out, "n\"1\n");
  g_string_append_c (out, '"');

  g_assert_cmpstr (out->str, ==, "\"acme+n\\\"1\\n\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/json-writer/hostile", test_hostile);
  g_test_add_func ("/service/json-writer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/service/json-writer/exhaustive", test_exhaustive);
  g_test_add_func ("/service/json-writer/null", test_null);
  g_test_add_func ("/service/json-writer/escaped-pieces", test_escaped_pieces);

  return g_test_run ();
}
