import { runTransportSuite, stdioTransport } from "../src/index.js";

runTransportSuite(stdioTransport());
