/** The game server under `npm run dev`; empty in a build, which the game server itself serves. */
declare const GAME_SERVER: string;
