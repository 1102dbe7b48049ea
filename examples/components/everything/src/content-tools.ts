// Tools whose results exercise every content type, and the error path.
import { audio, embedded, image, text, tool } from "@wasi-mcp/guest";
import { TEST_AUDIO_BASE64, TEST_IMAGE_BASE64 } from "./media.js";

export const contentTools = [
  tool({
    name: "test_simple_text",
    description: "Tests simple text content response",
    handler: () => "This is a simple text response for testing.",
  }),
  tool({
    name: "test_image_content",
    description: "Tests image content response",
    handler: () => image(TEST_IMAGE_BASE64, "image/png"),
  }),
  tool({
    name: "test_audio_content",
    description: "Tests audio content response",
    handler: () => audio(TEST_AUDIO_BASE64, "audio/wav"),
  }),
  tool({
    name: "test_embedded_resource",
    description: "Tests embedded resource content response",
    handler: () =>
      embedded({
        uri: "test://embedded-resource",
        mimeType: "text/plain",
        text: "This is an embedded resource content.",
      }),
  }),
  tool({
    name: "test_multiple_content_types",
    description: "Tests response with multiple content types (text, image, resource)",
    handler: () => [
      text("Multiple content types test:"),
      image(TEST_IMAGE_BASE64, "image/png"),
      embedded({
        uri: "test://mixed-content-resource",
        mimeType: "application/json",
        text: JSON.stringify({ test: "data", value: 123 }),
      }),
    ],
  }),
  tool({
    name: "test_error_handling",
    description: "Tests error response handling",
    handler: () => {
      // An ordinary exception: the kit turns it into a result with isError: true.
      throw new Error("This tool intentionally returns an error for testing");
    },
  }),
  tool({
    name: "json_schema_2020_12_tool",
    description: "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
    input: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      // SEP-1613's keywords, and SEP-2106's broader vocabulary ($anchor, allOf/anyOf,
      // if/then/else): the fixture of conformance 0.2.0-alpha.12's json-schema-2020-12.
      $defs: {
        address: {
          $anchor: "addressDef",
          type: "object",
          properties: { street: { type: "string" }, city: { type: "string" } },
        },
      },
      properties: {
        name: { type: "string" },
        address: { $ref: "#/$defs/address" },
        contactMethod: { type: "string", enum: ["phone", "email"] },
        phone: { type: "string" },
        email: { type: "string" },
      },
      allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
      if: { properties: { contactMethod: { const: "phone" } }, required: ["contactMethod"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's conditional keyword, not a thenable
      then: { required: ["phone"] },
      else: { required: ["email"] },
      additionalProperties: false,
    },
    handler: (args) => `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`,
  }),
];
