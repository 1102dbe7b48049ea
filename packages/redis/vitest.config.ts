export { baseTestConfig as default } from "../../vitest.config.base.ts";
