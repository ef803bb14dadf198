import { InvokeMocks } from "./mock-engine";

/**
 * Canned answers for the provider functions the program calls, so a stack renders without a
 * cloud account. Values are placeholders shaped like the real answers.
 */
export const OFFLINE_INVOKES: InvokeMocks = {};
