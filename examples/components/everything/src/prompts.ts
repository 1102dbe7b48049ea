// The conformance prompts, with completion of test_prompt_with_arguments' arguments.
import { embedded, image, prompt } from "@wasi-mcp/guest";
import { TEST_IMAGE_BASE64 } from "./media.js";

const suggest = (options: string[]) => (value: string) => options.filter((o) => o.startsWith(value));

export const prompts = [
  prompt({
    name: "test_simple_prompt",
    title: "Simple Test Prompt",
    description: "A simple prompt without arguments",
    handler: () => "This is a simple prompt for testing.",
  }),
  prompt({
    name: "test_prompt_with_arguments",
    title: "Prompt With Arguments",
    description: "A prompt with required arguments",
    arguments: [
      {
        name: "arg1",
        description: "First test argument",
        required: true,
        complete: suggest(["test", "testing", "tested", "value1"]),
      },
      {
        name: "arg2",
        description: "Second test argument",
        required: true,
        complete: suggest(["alpha", "beta", "gamma"]),
      },
    ],
    handler: ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
  }),
  prompt({
    name: "test_prompt_with_embedded_resource",
    title: "Prompt With Embedded Resource",
    description: "A prompt that includes an embedded resource",
    arguments: [{ name: "resourceUri", description: "URI of the resource to embed", required: true }],
    handler: ({ resourceUri }) => [
      {
        role: "user",
        content: embedded({
          uri: resourceUri,
          mimeType: "text/plain",
          text: "Embedded resource content for testing.",
        }),
      },
      { role: "user", content: "Please process the embedded resource above." },
    ],
  }),
  prompt({
    name: "test_prompt_with_image",
    title: "Prompt With Image",
    description: "A prompt that includes image content",
    handler: () => [
      { role: "user", content: image(TEST_IMAGE_BASE64, "image/png") },
      { role: "user", content: "Please analyze the image above." },
    ],
  }),
];
