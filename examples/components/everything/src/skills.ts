import { skill } from "@wasi-mcp/guest";

/**
 * The skills the SEP-2640 scenarios of the conformance suite read (`sep-2640-skills-enumeration`,
 * `-manifest`, `-directory`): a skill with a file in a subdirectory, so a directory read lists
 * both a file and a directory.
 */
export const skills = [
  skill({
    name: "everything-tour",
    description: "Walk a client through the everything component's fixtures, tool by tool",
    body: [
      "# Touring the everything component",
      "",
      "Call `test_simple_text` first, then the content tools. The list of fixtures, and what each",
      "scenario of the conformance suite expects from it, is in references/FIXTURES.md.",
      "",
    ].join("\n"),
    files: {
      "references/FIXTURES.md": [
        "# Fixtures",
        "",
        "- `test_simple_text`: one text block.",
        "- `test_image_content`: one PNG image.",
        "- `test_error_handling`: a result with `isError: true`.",
        "",
      ].join("\n"),
    },
  }),
];
