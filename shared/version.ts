/** Bumped whenever a rule change can change a state root: replays from another version are flagged. */
export const ENGINE_VERSION = "5";
