// The exact answers of the everything component (examples/components/everything/src), as the MCP
// inspector CLI prints them with --format json: `{ "result": … }`.

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

/** One scripted inspector check: the arguments after the target, and what must come back. */
export interface InspectorCheck {
  name: string;
  args: string[];
  exitCode: number;
  /** Exact `result`, or a function asserting on it. */
  result: unknown;
}

export const TOOL_NAMES = [
  "test_simple_text",
  "test_image_content",
  "test_audio_content",
  "test_embedded_resource",
  "test_multiple_content_types",
  "test_error_handling",
  "json_schema_2020_12_tool",
  "test_tool_with_logging",
  "test_tool_with_progress",
  "test_reconnection",
  "test_sampling",
  "test_elicitation",
  "test_elicitation_sep1034_defaults",
  "test_elicitation_sep1330_enums",
  "test_input_required_result_elicitation",
  "test_input_required_result_list_roots",
  "test_input_required_result_sampling",
  "test_input_required_result_request_state",
  "test_input_required_result_multiple_inputs",
  "test_input_required_result_multi_round",
  "test_input_required_result_tampered_state",
  "test_input_required_result_capabilities",
  "update_watched_resource",
  "test_missing_capability",
  "test_streaming_elicitation",
  "test_logging_tool",
  "test_trigger_tool_change",
  "test_trigger_prompt_change",
  "test_custom_header",
  "greet",
  "slow_compute",
  "failing_job",
  "protocol_error_job",
  "confirm_delete",
  "multi_input",
  "test_tool_with_task",
];

export const JSON_SCHEMA_2020_12_TOOL = {
  name: "json_schema_2020_12_tool",
  description: "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
  inputSchema: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
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
};

const text = (value: string) => ({ content: [{ type: "text", text: value }] });

export const CHECKS: InspectorCheck[] = [
  {
    name: "tools/call test_simple_text",
    args: ["--method", "tools/call", "--tool-name", "test_simple_text"],
    exitCode: 0,
    result: text("This is a simple text response for testing."),
  },
  {
    name: "tools/call test_image_content",
    args: ["--method", "tools/call", "--tool-name", "test_image_content"],
    exitCode: 0,
    result: { content: [{ type: "image", data: PNG, mimeType: "image/png" }] },
  },
  {
    name: "tools/call json_schema_2020_12_tool with nested arguments",
    args: [
      "--method",
      "tools/call",
      "--tool-name",
      "json_schema_2020_12_tool",
      "--tool-args-json",
      '{"name":"Ada","address":{"city":"Paris"},"email":"ada@example.com"}',
    ],
    exitCode: 0,
    result: text(
      'JSON Schema 2020-12 tool called with: {"name":"Ada","address":{"city":"Paris"},"email":"ada@example.com"}',
    ),
  },
  {
    name: "tools/call test_error_handling (a tool error: exit 5)",
    args: ["--method", "tools/call", "--tool-name", "test_error_handling"],
    exitCode: 5,
    result: { ...text("This tool intentionally returns an error for testing"), isError: true },
  },
  {
    name: "resources/list",
    args: ["--method", "resources/list"],
    exitCode: 0,
    result: {
      resources: [
        {
          name: "static-text",
          title: "Static Text Resource",
          uri: "test://static-text",
          description: "A static text resource for testing",
          mimeType: "text/plain",
        },
        {
          name: "static-binary",
          title: "Static Binary Resource",
          uri: "test://static-binary",
          description: "A static binary resource (image) for testing",
          mimeType: "image/png",
        },
        {
          name: "watched-resource",
          title: "Watched Resource",
          uri: "test://watched-resource",
          description: "A resource to subscribe to; update_watched_resource changes it",
          mimeType: "text/plain",
        },
        // The SKILL.md of the component's skill (SEP-2640), listed after its own resources.
        {
          uri: "skill://everything-tour/SKILL.md",
          name: "everything-tour",
          description: "Walk a client through the everything component's fixtures, tool by tool",
          mimeType: "text/markdown",
          size: 327,
        },
      ],
    },
  },
  {
    name: "resources/templates/list",
    args: ["--method", "resources/templates/list"],
    exitCode: 0,
    result: {
      resourceTemplates: [
        {
          name: "template",
          title: "Resource Template",
          uriTemplate: "test://template/{id}/data",
          description: "A resource template with parameter substitution",
          mimeType: "application/json",
        },
      ],
    },
  },
  {
    name: "resources/read test://static-text",
    args: ["--method", "resources/read", "--uri", "test://static-text"],
    exitCode: 0,
    result: {
      contents: [
        {
          uri: "test://static-text",
          mimeType: "text/plain",
          text: "This is the content of the static text resource.",
        },
      ],
    },
  },
  {
    name: "resources/read test://template/123/data",
    args: ["--method", "resources/read", "--uri", "test://template/123/data"],
    exitCode: 0,
    result: {
      contents: [
        {
          uri: "test://template/123/data",
          mimeType: "application/json",
          text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}',
        },
      ],
    },
  },
  {
    name: "prompts/list",
    args: ["--method", "prompts/list"],
    exitCode: 0,
    result: {
      prompts: [
        {
          name: "test_simple_prompt",
          title: "Simple Test Prompt",
          description: "A simple prompt without arguments",
          arguments: [],
        },
        {
          name: "test_prompt_with_arguments",
          title: "Prompt With Arguments",
          description: "A prompt with required arguments",
          arguments: [
            { name: "arg1", description: "First test argument", required: true },
            { name: "arg2", description: "Second test argument", required: true },
          ],
        },
        {
          name: "test_prompt_with_embedded_resource",
          title: "Prompt With Embedded Resource",
          description: "A prompt that includes an embedded resource",
          arguments: [{ name: "resourceUri", description: "URI of the resource to embed", required: true }],
        },
        {
          name: "test_prompt_with_image",
          title: "Prompt With Image",
          description: "A prompt that includes image content",
          arguments: [],
        },
        {
          name: "test_input_required_result_prompt",
          description:
            "A prompt that asks the user for its context by elicitation first (SEP-2322 non-tool request)",
          arguments: [],
        },
      ],
    },
  },
  {
    name: "prompts/get test_prompt_with_arguments",
    args: [
      "--method",
      "prompts/get",
      "--prompt-name",
      "test_prompt_with_arguments",
      "--prompt-args",
      "arg1=hello",
      "arg2=world",
    ],
    exitCode: 0,
    result: {
      description: "A prompt with required arguments",
      messages: [
        {
          role: "user",
          content: { type: "text", text: "Prompt with arguments: arg1='hello', arg2='world'" },
        },
      ],
    },
  },
  {
    name: "prompts/get test_prompt_with_image",
    args: ["--method", "prompts/get", "--prompt-name", "test_prompt_with_image"],
    exitCode: 0,
    result: {
      description: "A prompt that includes image content",
      messages: [
        { role: "user", content: { type: "image", data: PNG, mimeType: "image/png" } },
        { role: "user", content: { type: "text", text: "Please analyze the image above." } },
      ],
    },
  },
  {
    name: "logging/setLevel debug",
    args: ["--method", "logging/setLevel", "--log-level", "debug"],
    exitCode: 0,
    result: {},
  },
];
